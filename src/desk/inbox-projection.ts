import type { NostrEvent } from '../core/event.js';
import { tagValue } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import type { KeyPair } from '../crypto/keys.js';
import { openWrap, type Rumor } from '../crypto/seal.js';
import { cachedStatement, type Db } from '../store/db.js';
import type { Projection } from '../store/projections.js';

/** What the analysis says of a report (the shape of `tilshi code suggest`). */
export interface Suggestion {
  event_type: string | null;
  settlement: string | null;
  noise: boolean;
  [field: string]: unknown;
}

/** The report as the analysis sees it. */
export interface ReportForAnalysis {
  id: string;
  text: string;
  lang: string | null;
  channel: string;
  receivedAt: number;
  author: string;
}

/**
 * Automatic coding and duplicate grouping, as the inbox uses them. `cluster` sees the
 * report and its suggestion and answers the id of the cluster it joins (or a new one);
 * it may read `proj_reports` to find candidates.
 */
export interface InboxAnalyzer {
  suggest(report: ReportForAnalysis): Suggestion;
  cluster(db: Db, report: ReportForAnalysis, suggestion: Suggestion): string;
}

/**
 * The desk's inbox: every wrap addressed to the desk, opened with the desk key. Reports
 * (4620) become rows with their suggested codes and cluster; the desk's own records (4630:
 * report status, links to events, copies of replies) update them. This is the only place
 * report plaintext is kept, and only on a desk node with its key unlocked.
 */
export function inboxProjection(desk: KeyPair, analyzer: InboxAnalyzer): Projection {
  return {
    name: 'desk_inbox',
    version: 2,
    create(db) {
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
          status      TEXT NOT NULL DEFAULT 'new',   -- new | noise | attached
          event_id    TEXT
        );
        -- Pages run newest first by (created_at, id), under each filter the desk offers.
        CREATE INDEX IF NOT EXISTS proj_reports_page ON proj_reports (created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS proj_reports_page_status ON proj_reports (status, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS proj_reports_page_cluster ON proj_reports (cluster, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS proj_reports_page_settlement ON proj_reports (settlement, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS proj_reports_page_channel ON proj_reports (channel, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS proj_reports_page_lang ON proj_reports (lang, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS proj_reports_author ON proj_reports (author);
        CREATE INDEX IF NOT EXISTS proj_reports_cluster_author ON proj_reports (cluster, author);
        CREATE VIRTUAL TABLE IF NOT EXISTS proj_reports_fts USING fts5 (id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE IF NOT EXISTS proj_replies (
          id         TEXT PRIMARY KEY,       -- the reply rumor id
          report_id  TEXT,
          reporter   TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          text       TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS proj_replies_reporter ON proj_replies (reporter, created_at);
        -- Editorial decisions by report id, kept even when the report has not arrived yet
        -- (records from another desk node may come first).
        CREATE TABLE IF NOT EXISTS proj_report_marks (
          report_id TEXT PRIMARY KEY,
          status    TEXT,
          event_id  TEXT,
          cluster   TEXT
        );
      `);
    },
    reset(db) {
      db.exec(
        'DELETE FROM proj_reports; DELETE FROM proj_reports_fts; DELETE FROM proj_replies; DELETE FROM proj_report_marks;',
      );
    },
    apply(db, stored) {
      const e = stored.event;
      if (e.kind !== Kind.GiftWrap || tagValue(e, 'p') !== desk.publicKey) return;
      let rumor: Rumor;
      let author: string;
      try {
        ({ rumor, author } = openWrap(e, desk.secretKey));
      } catch {
        return; // not for this key, or damaged: nothing to show
      }
      if (rumor.kind === Kind.Report) applyReport(db, analyzer, e, stored.seq, rumor, author);
      else if (rumor.kind === Kind.DeskRecord && author === desk.publicKey) applyDeskRecord(db, rumor);
      else if (rumor.kind === Kind.Reply && author === desk.publicKey) applyReplyCopy(db, rumor);
    },
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function applyReport(
  db: Db,
  analyzer: InboxAnalyzer,
  wrap: NostrEvent,
  seq: number,
  rumor: Rumor,
  author: string,
): void {
  if (cachedStatement(db, 'SELECT 1 FROM proj_reports WHERE id = ?').get(rumor.id)) return;
  const content = parseJson(rumor.content);
  const text = typeof content?.text === 'string' ? content.text : '';
  if (!text) return;
  const report: ReportForAnalysis = {
    id: rumor.id,
    text,
    lang: typeof content?.lang === 'string' ? content.lang : null,
    channel: typeof content?.channel === 'string' ? content.channel : 'web',
    receivedAt: rumor.created_at,
    author,
  };
  const suggestion = analyzer.suggest(report);
  cachedStatement(
    db,
    `INSERT INTO proj_reports (id, wrap_id, seq, author, created_at, channel, lang, text, hints, suggestion, settlement, event_type, noise, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    rumor.id,
    wrap.id,
    seq,
    author,
    rumor.created_at,
    report.channel,
    report.lang,
    text,
    content?.hints ? JSON.stringify(content.hints) : null,
    JSON.stringify(suggestion),
    suggestion.settlement,
    suggestion.event_type,
    suggestion.noise ? 1 : 0,
    'new',
  );
  cachedStatement(db, 'INSERT INTO proj_reports_fts (id, text) VALUES (?, ?)').run(rumor.id, text);
  const cluster = analyzer.cluster(db, report, suggestion);
  cachedStatement(db, 'UPDATE proj_reports SET cluster = ? WHERE id = ?').run(cluster, rumor.id);
  applyMarks(db, rumor.id);
}

/** Editorial decisions travel as desk records, so they sync between desk nodes and replay. */
function applyDeskRecord(db: Db, rumor: Rumor): void {
  const r = parseJson(rumor.content);
  if (!r) return;
  const reports = Array.isArray(r.report_ids)
    ? r.report_ids
    : typeof r.report_id === 'string'
      ? [r.report_id]
      : [];
  for (const id of reports) {
    if (typeof id !== 'string') continue;
    if (r.type === 'report_status' && (r.status === 'noise' || r.status === 'new')) {
      mark(db, id, { status: r.status, event_id: null });
    } else if (r.type === 'report_link' && typeof r.event_id === 'string') {
      mark(db, id, { status: 'attached', event_id: r.event_id });
    } else if (r.type === 'cluster_assign' && typeof r.cluster === 'string') {
      mark(db, id, { cluster: r.cluster });
    }
  }
}

type Mark = { status?: string; event_id?: string | null; cluster?: string };

function mark(db: Db, reportId: string, m: Mark): void {
  cachedStatement(
    db,
    `INSERT INTO proj_report_marks (report_id, status, event_id, cluster) VALUES (@id, @status, @event_id, @cluster)
     ON CONFLICT (report_id) DO UPDATE SET
       status = coalesce(@status, status),
       event_id = CASE WHEN @status IS NULL THEN event_id ELSE @event_id END,
       cluster = coalesce(@cluster, cluster)`,
  ).run({ id: reportId, status: m.status ?? null, event_id: m.event_id ?? null, cluster: m.cluster ?? null });
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

function applyReplyCopy(db: Db, rumor: Rumor): void {
  const content = parseJson(rumor.content);
  const reporter = tagValue(rumor, 'p');
  if (!reporter || typeof content?.text !== 'string') return;
  cachedStatement(
    db,
    'INSERT OR IGNORE INTO proj_replies (id, report_id, reporter, created_at, text) VALUES (?, ?, ?, ?, ?)',
  ).run(rumor.id, tagValue(rumor, 'e') ?? null, reporter, rumor.created_at, content.text);
}
