import type { Db } from '../store/db.js';
import type { InboxAnalyzer, OpenedReport, OpenedWrap, Suggestion } from './inbox-types.js';
import {
  applyMarks,
  insertBallot,
  insertJoinRequest,
  insertReply,
  insertReport,
  insertUnopened,
  insertUnreadableReport,
  type Mark,
  type ReplyCopy,
  reportExists,
  setReportCluster,
  upsertMark,
} from './repository/index.js';

export type { InboxAnalyzer, ReportForAnalysis, Suggestion } from './inbox-types.js';

/*
 * The desk's inbox: every wrap addressed to the desk, opened with the desk key by the desk
 * queue. Reports (4620) become rows with their suggested codes and cluster; the desk's own
 * records (4630: report status, links to events, cluster moves) and copies of its replies
 * update them. This is the only place report plaintext is kept, and only on a desk node with
 * its key unlocked. The tables and their SQL are in ./repository/.
 */

/**
 * Write what the desk worker opened from one wrap. Runs on the main thread inside the desk
 * queue's short transaction, in log order: the cluster a report joins depends on the reports
 * before it.
 */
export function applyOpened(db: Db, analyzer: InboxAnalyzer, item: OpenedWrap): void {
  switch (item.type) {
    case 'report':
      applyReport(db, analyzer, item.seq, item.wrapId, item.report, item.suggestion);
      return;
    case 'join_request':
      insertJoinRequest(db, item.seq, item.wrapId, item.request);
      return;
    case 'ballot':
      insertBallot(db, item.seq, item.wrapId, item.ballot);
      return;
    case 'unreadable':
      applyUnreadable(db, item);
      return;
    case 'desk_record':
      applyDeskRecord(db, item.content, item.seq);
      return;
    case 'reply_copy':
      applyReplyCopy(db, { ...item, wrapId: item.wrapId });
      return;
    case 'unopened':
      insertUnopened(db, item.seq, item.wrapId, item.reason);
      return;
  }
}

function applyReport(
  db: Db,
  analyzer: InboxAnalyzer,
  seq: number,
  wrapId: string,
  report: OpenedReport,
  opened: Suggestion | null,
): void {
  if (reportExists(db, report.id)) return;
  const suggestion = opened ?? (analyzer.suggestsInWorker ? null : analyzer.suggest(report));
  insertReport(db, seq, wrapId, report, suggestion);
  const cluster = suggestion ? analyzer.cluster(db, report, suggestion) : report.id;
  setReportCluster(db, report.id, cluster);
  applyMarks(db, report.id);
}

function applyUnreadable(db: Db, item: Extract<OpenedWrap, { type: 'unreadable' }>): void {
  if (reportExists(db, item.id)) return;
  insertUnreadableReport(db, item);
  applyMarks(db, item.id);
}

/**
 * Editorial decisions travel as desk records, so they sync between desk nodes and replay.
 * `seq` is the record's log position: a decision made by an earlier record never overrides a
 * later one.
 */
export function applyDeskRecord(db: Db, r: Record<string, unknown>, seq: number): void {
  const reports = Array.isArray(r.report_ids)
    ? r.report_ids
    : typeof r.report_id === 'string'
      ? [r.report_id]
      : [];
  for (const id of reports) {
    if (typeof id !== 'string') continue;
    if (r.type === 'report_status' && (r.status === 'noise' || r.status === 'new')) {
      mark(db, id, seq, { status: r.status, event_id: null });
    } else if (r.type === 'report_link' && typeof r.event_id === 'string') {
      mark(db, id, seq, { status: 'attached', event_id: r.event_id });
    } else if (r.type === 'cluster_assign' && typeof r.cluster === 'string') {
      mark(db, id, seq, { cluster: r.cluster });
    }
  }
}

function mark(db: Db, reportId: string, seq: number, m: Mark): void {
  upsertMark(db, reportId, seq, m);
  applyMarks(db, reportId);
}

/** The desk's copy of a reply it sent (the same rumor sealed to itself). */
export function applyReplyCopy(db: Db, r: ReplyCopy): void {
  insertReply(db, r);
}
