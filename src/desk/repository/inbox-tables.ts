import type { Db } from '../../store/db.js';

/*
 * The inbox's tables (made, dropped, emptied). The desk queue fills them from the log; their
 * rows are read and written by ./inbox.ts and ./replies.ts.
 */

/** The name and version of the inbox in `projection_state`: a new version rebuilds it on start. */
export const INBOX = { name: 'desk_inbox', version: 7 } as const;

const TABLES = [
  'proj_reports',
  'proj_reports_fts',
  'proj_replies',
  'proj_report_marks',
  'proj_unopened',
  'proj_join_requests',
  'proj_ballots',
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
    -- Ballots (4623) from /vote or from paper: the hash of the code, never the code. Counted
    -- in log order (seq) by the program (src/program/votes.ts), which refuses a reused code.
    CREATE TABLE IF NOT EXISTS proj_ballots (
      id          TEXT PRIMARY KEY,      -- the ballot rumor id: one ballot however often it arrives
      wrap_id     TEXT NOT NULL,
      seq         INTEGER NOT NULL,
      created_at  INTEGER NOT NULL,
      vote        TEXT,
      code_hash   TEXT,
      channel     TEXT,
      choices     TEXT,                  -- JSON, null when the ballot failed the schema
      problem     TEXT                   -- why it failed the schema
    );
    CREATE INDEX IF NOT EXISTS proj_ballots_vote ON proj_ballots (vote, seq);
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

const withConfidenceIndex = new WeakSet<Db>();
/**
 * The index that pages by confidence use, made on first use. (It belongs with the tables of the
 * inbox; it is made apart so that older stores get it without a projection rebuild.)
 */
export function ensureConfidenceIndex(db: Db): void {
  if (withConfidenceIndex.has(db)) return;
  db.exec(
    `CREATE INDEX IF NOT EXISTS proj_reports_page_confidence ON proj_reports
     (status, coalesce(json_extract(suggestion, '$.confidence.overall'), 1.0), created_at DESC, id DESC)`,
  );
  withConfidenceIndex.add(db);
}
