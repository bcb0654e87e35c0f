import { type CodingModel, type Suggestion, suggestCodes } from '../analysis/index.js';
import type { ReportForAnalysis } from './inbox-types.js';

/*
 * The suggested codes of one report, apart from the clustering (./analyzer.ts, which reads the
 * inbox's tables): the desk worker thread suggests with this alone and loads no store.
 */

const iso = (unix: number) => new Date(unix * 1000).toISOString();

/** Suggest codes for a report with `model` (undefined or null: the shipped model). */
export function suggestReport(report: ReportForAnalysis, model: CodingModel | null | undefined): Suggestion {
  return suggestCodes(
    {
      id: report.id,
      text: report.text,
      lang: report.lang,
      channel: report.channel,
      received_at: iso(report.receivedAt),
    },
    { model },
  );
}
