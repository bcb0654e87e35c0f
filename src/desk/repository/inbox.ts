import { cachedStatement, type Db } from '../../store/db.js';
import type { OpenedReport, OpenedWrap, Suggestion } from '../inbox-types.js';

/*
 * The SQL of the inbox's reports: the rows the projection (../inbox-projection.ts) writes as
 * the desk queue opens wraps, the editorial marks it keeps by report id, and the reads of the
 * inbox list, the drafts, the clustering and the coding model's training.
 */

// --- writes (the projection, inside the desk queue's transaction) ---

export function reportExists(db: Db, id: string): boolean {
  return cachedStatement(db, 'SELECT 1 FROM proj_reports WHERE id = ?').get(id) !== undefined;
}

/** A new report, status `new`, searchable; its cluster is set once the analysis has chosen one. */
export function insertReport(
  db: Db,
  seq: number,
  wrapId: string,
  report: OpenedReport,
  suggestion: Suggestion | null,
): void {
  cachedStatement(
    db,
    `INSERT INTO proj_reports (id, wrap_id, seq, author, created_at, channel, lang, text, hints, suggestion, settlement, event_type, noise, status, reply_key, via, sms_return)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?)`,
  ).run(
    report.id,
    wrapId,
    seq,
    report.author,
    report.receivedAt,
    report.channel,
    report.lang,
    report.text,
    report.hints ? JSON.stringify(report.hints) : null,
    suggestion ? JSON.stringify(suggestion) : null,
    suggestion?.settlement ?? null,
    suggestion?.event_type ?? null,
    suggestion?.noise ? 1 : 0,
    report.replyKey,
    report.via,
    report.smsReturn,
  );
  cachedStatement(db, 'INSERT INTO proj_reports_fts (id, text) VALUES (?, ?)').run(report.id, report.text);
}

export function setReportCluster(db: Db, id: string, cluster: string): void {
  cachedStatement(db, 'UPDATE proj_reports SET cluster = ? WHERE id = ?').run(cluster, id);
}

/** A report that failed the schema: status `unreadable`, alone in its cluster, with the reason. */
export function insertUnreadableReport(db: Db, item: Extract<OpenedWrap, { type: 'unreadable' }>): void {
  cachedStatement(
    db,
    `INSERT INTO proj_reports (id, wrap_id, seq, author, created_at, channel, text, cluster, status, problem)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'unreadable', ?)`,
  ).run(
    item.id,
    item.wrapId,
    item.seq,
    item.author,
    item.createdAt,
    item.channel,
    item.text,
    item.id,
    item.reason,
  );
  if (item.text)
    cachedStatement(db, 'INSERT INTO proj_reports_fts (id, text) VALUES (?, ?)').run(item.id, item.text);
}

/** A wrap to the desk that held nothing the inbox keeps. */
export function insertUnopened(db: Db, seq: number, wrapId: string, reason: string): void {
  cachedStatement(db, 'INSERT OR IGNORE INTO proj_unopened (seq, wrap_id, reason) VALUES (?, ?, ?)').run(
    seq,
    wrapId,
    reason,
  );
}

/** An editorial decision on a report: a status (with its event) or a cluster. */
export type Mark = { status?: string; event_id?: string | null; cluster?: string };

/**
 * Record a decision made by the record at log position `seq`: it replaces the report's earlier
 * decision of the same sort only when `seq` is not older than the one that made it.
 */
export function upsertMark(db: Db, reportId: string, seq: number, m: Mark): void {
  // In an UPDATE every expression reads the row as it was, so the `*_seq` tests see old values.
  cachedStatement(
    db,
    `INSERT INTO proj_report_marks (report_id, status, event_id, status_seq, cluster, cluster_seq)
     VALUES (@id, @status, @event_id, CASE WHEN @status IS NULL THEN NULL ELSE @seq END,
             @cluster, CASE WHEN @cluster IS NULL THEN NULL ELSE @seq END)
     ON CONFLICT (report_id) DO UPDATE SET
       status = CASE WHEN @status IS NOT NULL AND @seq >= coalesce(status_seq, 0) THEN @status ELSE status END,
       event_id = CASE WHEN @status IS NOT NULL AND @seq >= coalesce(status_seq, 0) THEN @event_id ELSE event_id END,
       status_seq = CASE WHEN @status IS NOT NULL AND @seq >= coalesce(status_seq, 0) THEN @seq ELSE status_seq END,
       cluster = CASE WHEN @cluster IS NOT NULL AND @seq >= coalesce(cluster_seq, 0) THEN @cluster ELSE cluster END,
       cluster_seq = CASE WHEN @cluster IS NOT NULL AND @seq >= coalesce(cluster_seq, 0) THEN @seq ELSE cluster_seq END`,
  ).run({
    id: reportId,
    seq,
    status: m.status ?? null,
    event_id: m.event_id ?? null,
    cluster: m.cluster ?? null,
  });
}

/** Bring a report row in line with the editorial decisions recorded for it. */
export function applyMarks(db: Db, reportId: string): void {
  cachedStatement(
    db,
    `UPDATE proj_reports SET
       status = coalesce((SELECT status FROM proj_report_marks WHERE report_id = @id), status),
       event_id = CASE WHEN (SELECT status FROM proj_report_marks WHERE report_id = @id) IS NULL THEN event_id
                       ELSE (SELECT event_id FROM proj_report_marks WHERE report_id = @id) END,
       cluster = coalesce((SELECT cluster FROM proj_report_marks WHERE report_id = @id), cluster)
     WHERE id = @id`,
  ).run({ id: reportId });
}

// --- reads ---

/** A report row as the inbox list and the drafts read it, with its cluster's figures. */
export interface ReportRow {
  id: string;
  wrap_id: string;
  author: string;
  created_at: number;
  channel: string;
  lang: string | null;
  text: string;
  hints: string | null;
  suggestion: string | null;
  cluster: string | null;
  status: string;
  event_id: string | null;
  problem: string | null;
  via: string | null;
  sms_return: string | null;
  cluster_size: number;
  cluster_sources: number;
}

/** Whether this store has the inbox (a desk queue has made its tables). */
export function hasInbox(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'proj_reports'").get() !== undefined;
}

export function reportCountsByStatus(db: Db): { status: string; n: number }[] {
  return db.prepare('SELECT status, count(*) AS n FROM proj_reports GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
}

export function unreadableCount(db: Db): number {
  return (
    cachedStatement(db, "SELECT count(*) AS n FROM proj_reports WHERE status = 'unreadable'").get() as {
      n: number;
    }
  ).n;
}

/** The settlement values the inbox holds (read off the settlement index: a few hundred at most). */
export function knownSettlements(db: Db): string[] {
  return (
    cachedStatement(
      db,
      'SELECT DISTINCT settlement FROM proj_reports WHERE settlement IS NOT NULL',
    ).all() as {
      settlement: string;
    }[]
  ).map((r) => r.settlement);
}

/** Reports in the inbox, of any status. */
export function reportCount(db: Db): number {
  return (cachedStatement(db, 'SELECT count(*) AS n FROM proj_reports').get() as { n: number }).n;
}

export function unopenedCount(db: Db): number {
  return (cachedStatement(db, 'SELECT count(*) AS n FROM proj_unopened').get() as { n: number }).n;
}

/** What one page of the inbox asks for (the query's filters, already checked). */
export interface InboxPageFilter {
  status: string | 'all';
  cluster?: string | undefined;
  /** Any of these settlement values (an empty list matches nothing). */
  settlements?: readonly string[] | undefined;
  lang?: string | undefined;
  channel?: string | undefined;
  reporter?: string | undefined;
  /** Reports of any of these reporter keys (a codename's keys). */
  reporters?: string[] | undefined;
  /** Words to search for, each matched as a prefix. */
  q?: string | undefined;
  /** The least sure suggestions first, instead of the newest. */
  byConfidence: boolean;
  /** The last row of the previous page (`conf` when paging by confidence). */
  after: { createdAt: number; id: string; conf: number | null } | null;
  limit: number;
}

/** Every reporter key the inbox holds, once each (for finding a reporter by codename). */
export function reportAuthors(db: Db): string[] {
  return (db.prepare('SELECT DISTINCT author FROM proj_reports').all() as { author: string }[]).map(
    (r) => r.author,
  );
}

/** The confidence a page is sorted by: the suggestion's overall one, 1 when it has none. */
const CONFIDENCE = "coalesce(json_extract(suggestion, '$.confidence.overall'), 1.0)";

/** The rows of one inbox page in its order (newest first, or least sure first), keyset paged. */
export function inboxPageRows(db: Db, f: InboxPageFilter): (ReportRow & { conf: number })[] {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (f.status !== 'all') {
    where.push('r.status = @status');
    params.status = f.status;
  }
  for (const key of ['cluster', 'lang', 'channel'] as const) {
    const value = f[key];
    if (value !== undefined) {
      where.push(`r.${key} = @${key}`);
      params[key] = value;
    }
  }
  if (f.settlements !== undefined) {
    where.push(
      f.settlements.length ? `r.settlement IN (${f.settlements.map((_, i) => `@s${i}`).join(', ')})` : '0',
    );
    f.settlements.forEach((v, i) => {
      params[`s${i}`] = v;
    });
  }
  if (f.reporter) {
    where.push('r.author = @reporter');
    params.reporter = f.reporter;
  }
  if (f.reporters !== undefined) {
    where.push(f.reporters.length ? `r.author IN (${f.reporters.map((_, i) => `@a${i}`).join(', ')})` : '0');
    f.reporters.forEach((v, i) => {
      params[`a${i}`] = v;
    });
  }
  if (f.q) {
    // Each word as a quoted FTS5 term: user input never becomes query syntax.
    const terms = f.q
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 8)
      .map((w) => `"${w.replaceAll('"', '""')}"*`)
      .join(' ');
    where.push('r.id IN (SELECT id FROM proj_reports_fts WHERE proj_reports_fts MATCH @q)');
    params.q = terms;
  }
  if (f.after) {
    if (f.byConfidence) {
      where.push(
        `(${CONFIDENCE} > @c_conf OR (${CONFIDENCE} = @c_conf AND (r.created_at, r.id) < (@c_t, @c_id)))`,
      );
      params.c_conf = f.after.conf!;
    } else where.push('(r.created_at, r.id) < (@c_t, @c_id)');
    params.c_t = f.after.createdAt;
    params.c_id = f.after.id;
  }
  return db
    .prepare(
      `SELECT r.*, ${CONFIDENCE} AS conf FROM proj_reports r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${f.byConfidence ? 'conf ASC, ' : ''}r.created_at DESC, r.id DESC LIMIT ${Math.trunc(f.limit)}`,
    )
    .all(params) as (ReportRow & { conf: number })[];
}

/**
 * Size and independent sources (reporter keys) of each of these clusters, in one query (an
 * index on (cluster, author) answers it without reading the reports).
 */
export function clusterStats(db: Db, clusters: readonly string[]) {
  if (clusters.length === 0) return [];
  return db
    .prepare(
      `SELECT cluster, count(*) AS size, count(DISTINCT author) AS sources FROM proj_reports
       WHERE cluster IN (${clusters.map(() => '?').join(',')}) GROUP BY cluster`,
    )
    .all(...clusters) as { cluster: string; size: number; sources: number }[];
}

/** The reports of a cluster but those marked as noise, oldest first (at most `limit`). */
export function clusterReportRows(db: Db, cluster: string, limit: number): ReportRow[] {
  return db
    .prepare(
      `SELECT r.*, 0 AS cluster_size, 0 AS cluster_sources FROM proj_reports r
       WHERE r.cluster = ? AND r.status != 'noise' ORDER BY r.created_at LIMIT ${Math.trunc(limit)}`,
    )
    .all(cluster) as ReportRow[];
}

/** A report another may cluster with: placed and clustered, not noise. */
export interface CandidateRow {
  id: string;
  created_at: number;
  suggestion: string | null;
  cluster: string | null;
}

/**
 * Clustered reports that are not noise, of one settlement (null: the unplaced ones), written
 * between `from` and `to` (unix seconds), but the report `id` itself; newest first.
 */
export function clusterCandidates(
  db: Db,
  near: { settlement: string | null; from: number; to: number; id: string },
  limit: number,
): CandidateRow[] {
  return db
    .prepare(
      `SELECT id, created_at, suggestion, cluster FROM proj_reports
       WHERE ${near.settlement ? 'settlement = @settlement' : 'settlement IS NULL'}
         AND created_at BETWEEN @from AND @to AND id != @id AND noise = 0 AND cluster IS NOT NULL
       ORDER BY created_at DESC LIMIT ${Math.trunc(limit)}`,
    )
    .all(near) as CandidateRow[];
}

/** A report an editor decided on: marked as noise, or attached to an event. */
export interface DecisionRow {
  text: string;
  lang: string | null;
  channel: string;
  status: string;
  event_id: string | null;
}

/** The newest decided reports (at most `limit`): the coding model's examples. */
export function decisionRows(db: Db, limit: number): DecisionRow[] {
  return db
    .prepare(
      `SELECT text, lang, channel, status, event_id FROM proj_reports
       WHERE status = 'noise' OR (status = 'attached' AND event_id IS NOT NULL)
       ORDER BY created_at DESC LIMIT ${Math.trunc(limit)}`,
    )
    .all() as DecisionRow[];
}
