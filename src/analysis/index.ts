/** Analysis of reports: coding suggestions, gazetteer, enterprise registry, duplicate clusters. */
export { type ClusterInput, clusterReports, countIndependentSources } from './cluster.js';
export { type Enterprise, findEnterprise } from './enterprises.js';
export { explainMatches } from './explain.js';
export { type Gazetteer, loadGazetteer, type Place } from './gazetteer.js';
export { type ReportInput, type Suggestion, SuggestionSchema, suggestCodes } from './suggest.js';
