import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CodingModel, decodeModel, NOISE_CLASS, type TrainingExample } from './model.js';

/*
 * The model that ships with the project: trained on the labelled corpora by
 * `node scripts/train-model.mjs` (data-files/analysis/coding-model.bin). A desk replaces it with
 * one trained on its own decisions as well (src/desk/coding-model.ts).
 */

export const SHIPPED_MODEL_FILE = fileURLToPath(
  new URL('../../data-files/analysis/coding-model.bin', import.meta.url),
);

/** A labelled corpus line (reports.dev.jsonl): the report and its `gold` (null or no event: noise). */
export interface CorpusLine {
  text: string;
  lang?: string | null;
  channel?: string | null;
  gold?: { event_type: string | null; sub_event_type: string | null; state_responses?: string[] } | null;
}

/** Training examples from labelled corpus lines. */
export function corpusExamples(lines: readonly CorpusLine[], weight = 1): TrainingExample[] {
  return lines.map((l) => {
    const event = l.gold?.event_type && l.gold.sub_event_type;
    return {
      text: l.text,
      lang: l.lang ?? null,
      channel: l.channel ?? null,
      sub: event ? (l.gold!.sub_event_type as string) : NOISE_CLASS,
      responses: event ? (l.gold!.state_responses ?? []) : [],
      weight,
    };
  });
}

let shipped: CodingModel | null | undefined;

/** The shipped model (read once); null when the file is missing. */
export function loadShippedModel(): CodingModel | null {
  if (shipped === undefined) {
    try {
      shipped = decodeModel(readFileSync(SHIPPED_MODEL_FILE));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      shipped = null;
    }
  }
  return shipped;
}
