import {
  type CodingModel,
  encodeModel,
  loadShippedModel,
  type TrainingExample,
  trainCodingModel,
} from '../analysis/index.js';

/*
 * The training itself, apart from the store: the desk's training worker imports this module
 * alone (analysis only), so that it loads no database binding.
 */

/**
 * Train from the shipped model on these decisions: the costly part (about 2 s for 10,000 on
 * the development machine), pure, so that a worker thread can run it.
 */
export function trainOnDecisions(examples: TrainingExample[]): CodingModel {
  const shipped = loadShippedModel();
  const model = trainCodingModel(examples, {
    init: shipped,
    decisions: examples.length,
    ...(shipped ? { bits: shipped.bits } : {}),
  });
  model.info.examples = examples.length + (shipped?.info.examples ?? 0);
  return model;
}

/** What the training worker runs: train on the decisions, answer the encoded model. */
export function trainEncoded(examples: TrainingExample[]): Uint8Array {
  return encodeModel(trainOnDecisions(examples));
}
