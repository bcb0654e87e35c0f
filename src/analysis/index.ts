/** Analysis of reports: coding suggestions, gazetteer, enterprise registry, duplicate clusters. */
export {
  blockKey,
  type ClusterInput,
  clusterReports,
  countIndependentSources,
  type SourceInput,
  type Suggested,
  sameEvent,
} from './cluster.js';
export { type Enterprise, findEnterprise } from './enterprises.js';
export { explainMatches } from './explain.js';
export { type Gazetteer, loadGazetteer, locateSettlement, type Place } from './gazetteer.js';
export { type ReportInput, type Suggestion, SuggestionSchema, suggestCodes } from './suggest.js';
