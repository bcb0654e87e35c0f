import { blockKey, type CodingModel, type Suggestion, sameEvent } from '../analysis/index.js';
import type { Db } from '../store/db.js';
import type { InboxAnalyzer, ReportForAnalysis } from './inbox-types.js';
import { clusterCandidates } from './repository/index.js';
import { suggestReport } from './suggest-report.js';

/** Reports compared with a new one: same place, within this many days either side. */
const WINDOW_DAYS = 3;
const MAX_CANDIDATES = 300;

const iso = (unix: number) => new Date(unix * 1000).toISOString();

/**
 * The analysis of `src/analysis` as the inbox uses it: suggestions per report, and clusters
 * kept up to date as reports arrive. A new report is compared with the reports of the same
 * place (or, without one, the unplaced ones) from a few days around it, by their stored
 * suggestions; it joins the cluster of the newest one that tells of the same event, or starts
 * its own.
 *
 * `model` gives the coding model to suggest with: the desk's own once it has trained one
 * (undefined: the shipped model).
 */
export function defaultAnalyzer(
  model: () => CodingModel | null | undefined = () => undefined,
): InboxAnalyzer {
  return {
    suggestsInWorker: true,
    suggest(report: ReportForAnalysis) {
      return suggestReport(report, model());
    },
    cluster(db: Db, report: ReportForAnalysis, suggestion) {
      const s = suggestion as Suggestion;
      if (!blockKey(s)) return report.id;
      const span = WINDOW_DAYS * 86_400;
      const rows = clusterCandidates(
        db,
        {
          settlement: s.settlement,
          from: report.receivedAt - span,
          to: report.receivedAt + span,
          id: report.id,
        },
        MAX_CANDIDATES,
      );
      const me = { suggestion: s, received_at: iso(report.receivedAt) };
      // The rule clusterReports applies between neighbours, one report at a time.
      const joined = rows.find(
        (r) =>
          r.suggestion &&
          sameEvent(me, {
            suggestion: JSON.parse(r.suggestion) as Suggestion,
            received_at: iso(r.created_at),
          }),
      );
      return joined?.cluster ?? report.id;
    },
  };
}
