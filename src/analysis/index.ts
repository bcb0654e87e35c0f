/** Analysis of reports: coding suggestions, gazetteer, enterprise registry, duplicate clusters, the coding model. */
export {
  blockKey,
  type ClusterInput,
  clusterReports,
  countIndependentSources,
  type SourceInput,
  type Suggested,
  sameEvent,
} from './cluster.js';
export { type DemandText, demandStems, groupDemandTexts } from './demand-groups.js';
export { detectLanguage } from './detect-language.js';
export { type Enterprise, findEnterprise } from './enterprises.js';
export { explainMatches } from './explain.js';
export {
  type Gazetteer,
  loadGazetteer,
  locateSettlement,
  nameKey,
  type Place,
  settlementNames,
  settlementsNamed,
} from './gazetteer.js';
export { type Holdout, holdoutOf } from './holdout.js';
export {
  type CodingModel,
  decodeModel,
  encodeModel,
  type ModelInfo,
  predict,
  type TrainingExample,
  trainCodingModel,
} from './model.js';
export { type CorpusLine, corpusExamples, loadShippedModel, SHIPPED_MODEL_FILE } from './shipped-model.js';
export {
  type ReportInput,
  type Suggestion,
  SuggestionSchema,
  type SuggestOptions,
  suggestCodes,
} from './suggest.js';
