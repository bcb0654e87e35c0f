import type { OrganizeRecord, OrganizeRecordType } from '../core/organize-records.js';
import { cachedStatement, type Db } from '../store/db.js';

/*
 * All of organizing's SQL. The tables are a projection of the desk's own records (4630 rumors
 * the desk sealed to itself): rebuilt from the log by `reindex`, never written elsewhere.
 */

const TABLES = ['org_records', 'org_superseded'] as const;

export function createOrganizeTables(db: Db): void {
  db.exec(`
    -- Every version of every organizing record. A version is a head until another version of
    -- the same entity names it in its prev; more than one head is a conflict to resolve.
    CREATE TABLE IF NOT EXISTS org_records (
      rumor_id      TEXT PRIMARY KEY,
      wrap_id       TEXT NOT NULL,
      seq           INTEGER NOT NULL,
      type          TEXT NOT NULL,
      entity_id     TEXT NOT NULL,
      collective_id TEXT NOT NULL,        -- a collective's own id for a collective
      created_at    INTEGER NOT NULL,
      head          INTEGER NOT NULL,
      expires_at    INTEGER,              -- the wrap's NIP-40 expiration (one-on-one notes)
      person        TEXT,                 -- an assessment's person, level and date, for counts
      level         INTEGER,
      date          TEXT,
      content       TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS org_records_assessments ON org_records (person, date, created_at) WHERE type = 'assessment';
    CREATE INDEX IF NOT EXISTS org_records_expiry ON org_records (expires_at) WHERE expires_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS org_records_wrap ON org_records (wrap_id);
    CREATE INDEX IF NOT EXISTS org_records_entity ON org_records (type, entity_id, head);
    CREATE INDEX IF NOT EXISTS org_records_collective ON org_records (collective_id, type, head);
    CREATE INDEX IF NOT EXISTS org_records_heads ON org_records (type, head, collective_id);
    -- Versions named in a prev, kept even before the version itself arrives (sync order).
    CREATE TABLE IF NOT EXISTS org_superseded (
      type      TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      rumor_id  TEXT NOT NULL,
      PRIMARY KEY (type, entity_id, rumor_id)
    );
  `);
}

export function resetOrganizeTables(db: Db): void {
  for (const t of TABLES) db.exec(`DELETE FROM ${t}`);
}

/** A stored version as the queries hand it on. */
export interface RecordRow<T extends OrganizeRecord = OrganizeRecord> {
  rumorId: string;
  wrapId: string;
  createdAt: number;
  record: T;
}

type Raw = { rumor_id: string; wrap_id: string; created_at: number; content: string };

const toRow = <T extends OrganizeRecord>(r: Raw): RecordRow<T> => ({
  rumorId: r.rumor_id,
  wrapId: r.wrap_id,
  createdAt: r.created_at,
  record: JSON.parse(r.content) as T,
});

// Records that belong to no collective (the program's planks, a join request's triage until it
// is assigned to one) are kept under ''.
const collectiveOf = (r: OrganizeRecord) =>
  r.type === 'collective' ? r.id : 'collective_id' in r ? (r.collective_id ?? '') : '';

/** Store one opened record; applying the same rumor twice changes nothing. */
export function insertRecord(
  db: Db,
  item: {
    rumorId: string;
    wrapId: string;
    seq: number;
    createdAt: number;
    expiresAt: number | null;
    record: OrganizeRecord;
  },
): void {
  const r = item.record;
  const inserted = cachedStatement(
    db,
    `INSERT OR IGNORE INTO org_records (rumor_id, wrap_id, seq, type, entity_id, collective_id, created_at, head, expires_at, person, level, date, content)
     VALUES (?, ?, ?, ?, ?, ?, ?,
             NOT EXISTS (SELECT 1 FROM org_superseded WHERE type = ? AND entity_id = ? AND rumor_id = ?), ?, ?, ?, ?, ?)`,
  ).run(
    item.rumorId,
    item.wrapId,
    item.seq,
    r.type,
    r.id,
    collectiveOf(r),
    item.createdAt,
    r.type,
    r.id,
    item.rumorId,
    item.expiresAt,
    r.type === 'assessment' ? r.person : null,
    r.type === 'assessment' ? r.level : null,
    r.type === 'assessment' ? r.date : null,
    JSON.stringify(r),
  );
  if (inserted.changes === 0) return;
  const prev = 'prev' in r && Array.isArray(r.prev) ? r.prev : [];
  for (const p of prev) {
    cachedStatement(
      db,
      'INSERT OR IGNORE INTO org_superseded (type, entity_id, rumor_id) VALUES (?, ?, ?)',
    ).run(r.type, r.id, p);
    cachedStatement(
      db,
      'UPDATE org_records SET head = 0 WHERE rumor_id = ? AND type = ? AND entity_id = ?',
    ).run(p, r.type, r.id);
  }
}

/** The current versions (heads) of one entity, newest first. */
export function headsOf<T extends OrganizeRecord>(
  db: Db,
  type: OrganizeRecordType,
  id: string,
): RecordRow<T>[] {
  return (
    cachedStatement(
      db,
      `SELECT rumor_id, wrap_id, created_at, content FROM org_records
       WHERE type = ? AND entity_id = ? AND head = 1 ORDER BY created_at DESC, rumor_id DESC`,
    ).all(type, id) as Raw[]
  ).map(toRow<T>);
}

/** Heads of one type within a collective (every assessment: they are never edited). */
export function headsIn<T extends OrganizeRecord>(
  db: Db,
  collectiveId: string,
  type: OrganizeRecordType,
): RecordRow<T>[] {
  return (
    cachedStatement(
      db,
      `SELECT rumor_id, wrap_id, created_at, content FROM org_records
       WHERE collective_id = ? AND type = ? AND head = 1 ORDER BY created_at, rumor_id`,
    ).all(collectiveId, type) as Raw[]
  ).map(toRow<T>);
}

/** Heads of one type in every collective (`collective` for the list of collectives). */
export function headsOfType<T extends OrganizeRecord>(db: Db, type: OrganizeRecordType): RecordRow<T>[] {
  return (
    cachedStatement(
      db,
      `SELECT rumor_id, wrap_id, created_at, content FROM org_records
       WHERE type = ? AND head = 1 ORDER BY created_at, rumor_id`,
    ).all(type) as Raw[]
  ).map(toRow<T>);
}

/** The newest record time of each collective: its last activity. */
export function lastActivity(db: Db): Map<string, number> {
  const rows = cachedStatement(
    db,
    'SELECT collective_id, max(created_at) AS at FROM org_records GROUP BY collective_id',
  ).all() as { collective_id: string; at: number }[];
  return new Map(rows.map((r) => [r.collective_id, r.at]));
}

/** How many versions of one entity are stored (all, heads or not). */
export function versionCount(db: Db, type: OrganizeRecordType, id: string): number {
  return (
    cachedStatement(db, 'SELECT count(*) AS n FROM org_records WHERE type = ? AND entity_id = ?').get(
      type,
      id,
    ) as {
      n: number;
    }
  ).n;
}

/** Records whose wraps a honoured deletion removed from the log. */
export function forgetWraps(db: Db, wrapIds: readonly string[]): void {
  for (const id of wrapIds) cachedStatement(db, 'DELETE FROM org_records WHERE wrap_id = ?').run(id);
}

/** Wraps of records whose expiration has come (at most `limit`). */
export function expiredWraps(db: Db, now: number, limit: number): string[] {
  return (
    cachedStatement(
      db,
      'SELECT DISTINCT wrap_id FROM org_records WHERE expires_at IS NOT NULL AND expires_at <= ? LIMIT ?',
    ).all(now, limit) as { wrap_id: string }[]
  ).map((r) => r.wrap_id);
}

/** The latest assessment of each person of a collective (by date, then time stored). */
export function latestAssessments(
  db: Db,
  collectiveId: string,
): Map<string, { level: number; date: string }> {
  const rows = cachedStatement(
    db,
    // SQLite gives bare columns the values of the row that max() picked: each person's latest.
    `SELECT person, level, date, max(date || printf('%012d', created_at) || rumor_id) AS latest
     FROM org_records WHERE type = 'assessment' AND collective_id = ? GROUP BY person`,
  ).all(collectiveId) as { person: string; level: number; date: string }[];
  return new Map(rows.map((r) => [r.person, { level: r.level, date: r.date }]));
}

/** How many records of a type a collective holds (assessments: every one). */
export function countIn(db: Db, collectiveId: string, type: OrganizeRecordType): number {
  return (
    cachedStatement(
      db,
      'SELECT count(*) AS n FROM org_records WHERE collective_id = ? AND type = ? AND head = 1',
    ).get(collectiveId, type) as { n: number }
  ).n;
}

/**
 * People, people assessed and those whose latest level is 1–2, over the given collectives
 * (null: all of them).
 */
export function peopleCounts(db: Db, collectiveIds: readonly string[] | null) {
  const within = collectiveIds === null ? '' : 'AND collective_id IN (SELECT value FROM json_each(@ids))';
  const ids = JSON.stringify(collectiveIds ?? []);
  const people = (
    cachedStatement(
      db,
      `SELECT count(*) AS n FROM org_records WHERE type = 'person' AND head = 1 ${within}`,
    ).get({
      ids,
    }) as { n: number }
  ).n;
  const levels = cachedStatement(
    db,
    // SQLite gives a bare column the values of the row that max() picked: each person's latest.
    `SELECT count(*) AS assessed, coalesce(sum(level <= 2), 0) AS ones_and_twos FROM (
       SELECT level, max(date || printf('%012d', created_at) || rumor_id) AS latest
       FROM org_records WHERE type = 'assessment' ${within} GROUP BY person)`,
  ).get({ ids }) as { assessed: number; ones_and_twos: number };
  return { people, ...levels };
}

/**
 * Every stored version (current or superseded) of a record the desk signed, by kind and `d`:
 * what a withdrawal must delete so that no old version of a public profile stays behind.
 */
export function profileVersionIds(db: Db, kind: number, pubkey: string, d: string): string[] {
  return (
    cachedStatement(
      db,
      'SELECT id FROM events WHERE kind = ? AND pubkey = ? AND d = ? ORDER BY created_at DESC',
    ).all(kind, pubkey, d) as { id: string }[]
  ).map((r) => r.id);
}

/** The wraps of every version of one entity (what deleting it names). */
export function versionWraps(db: Db, type: OrganizeRecordType, id: string): string[] {
  return (
    cachedStatement(db, 'SELECT wrap_id FROM org_records WHERE type = ? AND entity_id = ?').all(type, id) as {
      wrap_id: string;
    }[]
  ).map((r) => r.wrap_id);
}
