import { cachedStatement, type Db } from '../store/db.js';
import type { InboxAnalyzer, OpenedReport, OpenedWrap, Suggestion } from './inbox-types.js';

export type { InboxAnalyzer, ReportForAnalysis, Suggestion } from './inbox-types.js';

/** The name and version of the inbox in `projection_state`: a new version rebuilds it on start. */
export const INBOX = { name: 'desk_inbox', version: 6 } as const;

const TABLES = [
  'proj_reports',
  'proj_reports_fts',
  'proj_replies',
  'proj_report_marks',
  'proj_unopened',
  'proj_join_requests',
];

/**
 * The desk's inbox tables: every wrap addressed to the desk, opened with the desk key by the
 * desk queue. Reports (4620) become rows with their suggested codes and cluster; the desk's
 * own records (4630: report status, links to events, cluster moves) and copies of its replies
 * update them. This is the only place report plaintext is kept, and only on a desk node with
 * its key unlocked.
 */
export function createInboxTables(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS proj_reports (
      id          TEXT PRIMARY KEY,      -- the report rumor id: one report however often it arrives
      wrap_id     TEXT NOT NULL,
      seq         INTEGER NOT NULL,      -- log position of the first wrap that brought it
      author      TEXT NOT NULL,         -- reporter key (per device; per sender for SMS)
      created_at  INTEGER NOT NULL,      -- when the reporter wrote it (rumor time)
      channel     TEXT NOT NULL,
      lang        TEXT,
      text        TEXT NOT NULL,
      hints       TEXT,
      suggestion  TEXT,
      settlement  TEXT,
      event_type  TEXT,
      noise       INTEGER NOT NULL DEFAULT 0,
      cluster     TEXT,
      status      TEXT NOT NULL DEFAULT 'new',   -- new | noise | attached | unreadable
      event_id    TEXT,
      reply_key   TEXT,                  -- where replies to this report are sealed (the report says)
      via         TEXT,                  -- node key of the node the reporter's page sent it to
      sms_return  TEXT,                  -- an SMS report's way back, opaque (only its intake node opens it)
      problem     TEXT                   -- why an unreadable report failed the schema
    );
    -- Pages run newest first by (created_at, id), under each filter the desk offers.
    CREATE INDEX IF NOT EXISTS proj_reports_page ON proj_reports (created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS proj_reports_page_status ON proj_reports (status, created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS proj_reports_page_cluster ON proj_reports (cluster, created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS proj_reports_page_settlement ON proj_reports (settlement, created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS proj_reports_page_channel ON proj_reports (channel, created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS proj_reports_page_lang ON proj_reports (lang, created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS proj_reports_author ON proj_reports (author, created_at);
    CREATE INDEX IF NOT EXISTS proj_reports_cluster_author ON proj_reports (cluster, author);
    CREATE VIRTUAL TABLE IF NOT EXISTS proj_reports_fts USING fts5 (id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TABLE IF NOT EXISTS proj_replies (
      id         TEXT PRIMARY KEY,       -- the reply rumor id
      wrap_id    TEXT,                   -- the desk's copy (what purging a join request deletes)
      report_id  TEXT,                   -- the report or join request it answers
      reporter   TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      text       TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS proj_replies_reporter ON proj_replies (reporter, created_at);
    -- Editorial decisions by report id, kept even when the report has not arrived yet (records
    -- from another desk node may come first). Each decision carries the log position of the
    -- record that made it, and only a later record overrides it: the result is that of log
    -- order whatever order the records are applied in (the desk applies its own at once).
    CREATE TABLE IF NOT EXISTS proj_report_marks (
      report_id   TEXT PRIMARY KEY,
      status      TEXT,
      event_id    TEXT,
      status_seq  INTEGER,
      cluster     TEXT,
      cluster_seq INTEGER
    );
    -- Join requests (4622) from /join: the request as sent; its triage is organizing's
    -- join_status records (src/organize/joins.ts).
    CREATE TABLE IF NOT EXISTS proj_join_requests (
      id          TEXT PRIMARY KEY,      -- the request rumor id
      wrap_id     TEXT NOT NULL,
      seq         INTEGER NOT NULL,
      author      TEXT NOT NULL,
      created_at  INTEGER NOT NULL,
      reply_key   TEXT,
      content     TEXT NOT NULL          -- the OpenedJoinRequest as JSON
    );
    CREATE INDEX IF NOT EXISTS proj_join_requests_wrap ON proj_join_requests (wrap_id);
    CREATE INDEX IF NOT EXISTS proj_join_requests_page ON proj_join_requests (created_at DESC, id DESC);
    -- Wraps to the desk that did not open with its key, or held nothing the inbox keeps.
    CREATE TABLE IF NOT EXISTS proj_unopened (
      seq     INTEGER PRIMARY KEY,
      wrap_id TEXT NOT NULL,
      reason  TEXT NOT NULL
    );
  `);
}

/** Drop the inbox's tables (its shape changed: they are made again and refilled from the log). */
export function dropInboxTables(db: Db): void {
  for (const t of TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
}

/** Empty the inbox (before a rebuild from the log). */
export function resetInbox(db: Db): void {
  for (const t of TABLES) db.exec(`DELETE FROM ${t}`);
}

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
      cachedStatement(
        db,
        `INSERT OR IGNORE INTO proj_join_requests (id, wrap_id, seq, author, created_at, reply_key, content)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        item.request.id,
        item.wrapId,
        item.seq,
        item.request.author,
        item.request.createdAt,
        item.request.replyKey,
        JSON.stringify(item.request),
      );
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
      cachedStatement(db, 'INSERT OR IGNORE INTO proj_unopened (seq, wrap_id, reason) VALUES (?, ?, ?)').run(
        item.seq,
        item.wrapId,
        item.reason,
      );
      return;
  }
}

const reportExists = (db: Db, id: string) =>
  cachedStatement(db, 'SELECT 1 FROM proj_reports WHERE id = ?').get(id) !== undefined;

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
  const cluster = suggestion ? analyzer.cluster(db, report, suggestion) : report.id;
  cachedStatement(db, 'UPDATE proj_reports SET cluster = ? WHERE id = ?').run(cluster, report.id);
  applyMarks(db, report.id);
}

function applyUnreadable(db: Db, item: Extract<OpenedWrap, { type: 'unreadable' }>): void {
  if (reportExists(db, item.id)) return;
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

type Mark = { status?: string; event_id?: string | null; cluster?: string };

function mark(db: Db, reportId: string, seq: number, m: Mark): void {
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
  applyMarks(db, reportId);
}

/** Bring a report row in line with the editorial decisions recorded for it. */
function applyMarks(db: Db, reportId: string): void {
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

/** The desk's copy of a reply it sent (the same rumor sealed to itself). */
export function applyReplyCopy(
  db: Db,
  r: {
    id: string;
    wrapId?: string;
    reportId: string | null;
    reporter: string;
    createdAt: number;
    text: string;
  },
): void {
  cachedStatement(
    db,
    'INSERT OR IGNORE INTO proj_replies (id, wrap_id, report_id, reporter, created_at, text) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(r.id, r.wrapId ?? null, r.reportId, r.reporter, r.createdAt, r.text);
}
