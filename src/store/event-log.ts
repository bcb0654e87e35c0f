import { ConflictError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { tagValue, tagValues } from '../core/event.js';
import type { Filter } from '../core/filter.js';
import { FILTER_LIMITS } from '../core/filter.js';
import { DESK_PUBLIC_KINDS, isAddressable, isReplaceable, Kind } from '../core/kinds.js';
import type { Db } from './db.js';
import type { Projections, StoredEvent } from './projections.js';

export type { StoredEvent } from './projections.js';

/**
 * How an insert treats a new version of a desk record that names what it edits in `prev` tags
 * (a version without `prev` follows NIP-01 in both modes: the newest `created_at` wins, ties
 * to the lowest id, so that any Nostr client can edit):
 * - `submit`: a client's edit. It must name every current version in `prev` tags, else it is
 *   stale and refused (409 `stale_edit`): nothing is overwritten silently.
 * - `replicate`: a copy arriving from another node. It is kept whatever it names; versions that
 *   do not descend from one another stay side by side as a conflict for an editor to resolve.
 */
export type InsertMode = 'submit' | 'replicate';

/** Who is asking: the public, the holder of a key (for wraps addressed to it), or the node itself. */
export type Access = { as: 'public' } | { as: 'recipient'; pubkey: string } | { as: 'node' };

export type InsertResult = { seq: number; duplicate: false } | { seq: number | null; duplicate: true };

/**
 * Edits checked for staleness: desk records that name a version in `prev`. Without `prev` an
 * edit is a plain NIP-01 replacement (a generic client knows nothing of `prev`).
 */
const usesPrev = (e: NostrEvent) => DESK_PUBLIC_KINDS.has(e.kind) && e.tags.some((t) => t[0] === 'prev');

/** Tags indexed for NIP-01 `#x` filters, plus `prev` for edit chains. */
const indexedTag = (name: string | undefined, value: string | undefined): value is string =>
  name !== undefined && value !== undefined && (name.length === 1 || name === 'prev') && value.length <= 256;

/** The key a replaceable or addressable record is replaced under, or null. */
function addressD(e: NostrEvent): string | null {
  if (isAddressable(e.kind)) return tagValue(e, 'd') ?? '';
  if (isReplaceable(e.kind)) return '';
  return null;
}

interface HeadRow {
  seq: number;
  id: string;
  created_at: number;
}

/**
 * The node's append-only event log on SQLite. Every insert and the projections it feeds run
 * in one transaction, so a projection never disagrees with the log.
 *
 * @example
 *   const log = new EventLog(db, projections);
 *   log.insertMany([event], 'submit'); // [{ ok: true, result: { seq: 1, duplicate: false } }]
 *   log.query({ kinds: [30620], limit: 10 }, { as: 'public' });
 */
export class EventLog {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly projections?: Projections,
  ) {
    this.stmt = {
      seqOf: db.prepare<[string], { seq: number }>('SELECT seq FROM events WHERE id = ?'),
      tombstoned: db.prepare<[string], { id: string }>('SELECT id FROM tombstones WHERE id = ?'),
      tombstone: db.prepare('INSERT OR IGNORE INTO tombstones (id, deletion, deleted_at) VALUES (?, ?, ?)'),
      deletable: db.prepare<[string, string, string], { seq: number; raw: string; head: number }>(
        `SELECT seq, raw, head FROM events WHERE id = ? AND kind != ${Kind.Deletion} AND (pubkey = ? OR recipient = ?)`,
      ),
      deleteTags: db.prepare('DELETE FROM event_tags WHERE seq = ?'),
      deleteEvent: db.prepare('DELETE FROM events WHERE seq = ?'),
      insert: db.prepare(
        `INSERT INTO events (id, pubkey, created_at, kind, d, recipient, head, received_at, raw)
         VALUES (@id, @pubkey, @created_at, @kind, @d, @recipient, @head, @received_at, @raw)`,
      ),
      insertTag: db.prepare('INSERT INTO event_tags (seq, name, value) VALUES (?, ?, ?)'),
      heads: db.prepare<[number, string, string], HeadRow>(
        'SELECT seq, id, created_at FROM events WHERE kind = ? AND pubkey = ? AND d = ? AND head = 1 ORDER BY created_at DESC, id ASC',
      ),
      namedAsPrev: db.prepare<[string, number, string, string], { n: number }>(
        `SELECT count(*) AS n FROM event_tags t JOIN events e ON e.seq = t.seq
         WHERE t.name = 'prev' AND t.value = ? AND e.kind = ? AND e.pubkey = ? AND e.d = ?`,
      ),
      unhead: db.prepare('UPDATE events SET head = 0 WHERE seq = ?'),
      maxSeq: db.prepare<[], { s: number | null }>('SELECT max(seq) AS s FROM events'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
      rawById: db.prepare<[string], { raw: string }>('SELECT raw FROM events WHERE id = ?'),
      after: db.prepare<[number, number], { seq: number; raw: string; head: number }>(
        'SELECT seq, raw, head FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
    };
  }

  /** Whether an event with this id is stored, or was stored and deleted (it never comes back). */
  has(id: string): boolean {
    return this.stmt.seqOf.get(id) !== undefined || this.stmt.tombstoned.get(id) !== undefined;
  }

  get(id: string): NostrEvent | undefined {
    const row = this.stmt.rawById.get(id);
    return row ? (JSON.parse(row.raw) as NostrEvent) : undefined;
  }

  /** The highest local position; 0 for an empty log. */
  maxSeq(): number {
    return this.stmt.maxSeq.get()?.s ?? 0;
  }

  count(): number {
    return this.stmt.count.get()?.n ?? 0;
  }

  /**
   * Store validated, signature-checked events in one transaction. Each event succeeds or
   * fails on its own (a stale edit does not undo the others); a duplicate is a success.
   */
  insertMany(
    events: readonly NostrEvent[],
    mode: InsertMode,
  ): Array<{ ok: true; result: InsertResult } | { ok: false; error: ConflictError }> {
    const receivedAt = Math.floor(Date.now() / 1000);
    return this.db.transaction(() => {
      const out = events.map((e) => {
        try {
          return { ok: true as const, result: this.insertOne(e, mode, receivedAt) };
        } catch (err) {
          if (err instanceof ConflictError) return { ok: false as const, error: err };
          throw err;
        }
      });
      this.projections?.markProcessed(this.maxSeq());
      return out;
    })();
  }

  private insertOne(e: NostrEvent, mode: InsertMode, receivedAt: number): InsertResult {
    const existing = this.stmt.seqOf.get(e.id);
    if (existing) return { seq: existing.seq, duplicate: true };
    if (this.stmt.tombstoned.get(e.id)) return { seq: null, duplicate: true };

    const d = addressD(e);
    let head = true;
    const superseded: number[] = [];
    if (d !== null) {
      const heads = this.stmt.heads.all(e.kind, e.pubkey, d);
      if (usesPrev(e)) {
        const prevs = new Set(tagValues(e, 'prev'));
        const unknown = heads.filter((h) => !prevs.has(h.id));
        if (mode === 'submit' && unknown.length > 0) {
          throw new ConflictError(
            'stale_edit',
            'this edit does not build on the current version of the record',
            {
              current: unknown.map((h) => h.id),
            },
          );
        }
        for (const h of heads) if (prevs.has(h.id)) superseded.push(h.seq);
        // A version that a stored version already names as its prev arrived late: it is history.
        head = (this.stmt.namedAsPrev.get(e.id, e.kind, e.pubkey, d)?.n ?? 0) === 0;
      } else {
        const newest = heads[0];
        if (
          newest &&
          (newest.created_at > e.created_at || (newest.created_at === e.created_at && newest.id < e.id))
        ) {
          head = false;
        } else {
          for (const h of heads) superseded.push(h.seq);
        }
      }
    }
    for (const s of superseded) this.stmt.unhead.run(s);

    const info = this.stmt.insert.run({
      id: e.id,
      pubkey: e.pubkey,
      created_at: e.created_at,
      kind: e.kind,
      d,
      recipient: e.kind === Kind.GiftWrap ? (tagValue(e, 'p') ?? null) : null,
      head: head ? 1 : 0,
      received_at: receivedAt,
      raw: JSON.stringify(e),
    });
    const seq = Number(info.lastInsertRowid);
    for (const t of e.tags) {
      if (indexedTag(t[0], t[1])) this.stmt.insertTag.run(seq, t[0], t[1]);
    }
    this.projections?.apply({ seq, event: e, head, superseded });
    if (e.kind === Kind.Deletion) this.honourDeletion(e, receivedAt);
    return { seq, duplicate: false };
  }

  /**
   * A NIP-09 deletion that passed the acceptance policy (only the desk key's are taken): every
   * event it names gets a tombstone, and those its signer wrote or that are addressed to it are
   * removed from the log and from every projection, in this transaction.
   */
  private honourDeletion(deletion: NostrEvent, at: number): void {
    const removed: StoredEvent[] = [];
    for (const id of new Set(tagValues(deletion, 'e'))) {
      if (!/^[0-9a-f]{64}$/.test(id)) continue;
      this.stmt.tombstone.run(id, deletion.id, at);
      const row = this.stmt.deletable.get(id, deletion.pubkey, deletion.pubkey);
      if (!row) continue;
      this.stmt.deleteTags.run(row.seq);
      this.stmt.deleteEvent.run(row.seq);
      removed.push({
        seq: row.seq,
        event: JSON.parse(row.raw) as NostrEvent,
        head: row.head === 1,
        superseded: [],
      });
    }
    this.projections?.forget(removed);
  }

  /**
   * Events matching a NIP-01 filter, newest first. Only current versions of replaceable
   * records unless `ids` asks for specific ones. Wraps are visible only to their recipient.
   */
  query(filter: Filter, access: Access): NostrEvent[] {
    const { sql, params } = filterWhere(filter, access);
    // Only current versions of replaceable records, unless specific ids are asked for.
    const where = [filter.ids ? '' : 'head = 1', sql].filter(Boolean).join(' AND ');
    const limit = Math.min(filter.limit ?? FILTER_LIMITS.defaultLimit, FILTER_LIMITS.maxLimit);
    return (
      this.db
        .prepare(
          `SELECT raw FROM events ${where ? `WHERE ${where}` : ''} ORDER BY created_at DESC, id ASC LIMIT ${limit}`,
        )
        .all(...params) as { raw: string }[]
    ).map((r) => JSON.parse(r.raw) as NostrEvent);
  }

  /** Walk the log in order from after `afterSeq`, in pages (for projections and sync). */
  *scan(afterSeq = 0, pageSize = 1_000): Generator<StoredEvent> {
    let cursor = afterSeq;
    for (;;) {
      const rows = this.stmt.after.all(cursor, pageSize);
      if (rows.length === 0) return;
      for (const row of rows) {
        yield {
          seq: row.seq,
          event: JSON.parse(row.raw) as NostrEvent,
          head: row.head === 1,
          superseded: [],
        };
      }
      cursor = rows[rows.length - 1]!.seq;
    }
  }
}

/**
 * SQL for a NIP-01 filter over the events table, as seen with `access` (wraps only for their
 * recipient). An empty list matches nothing. Used by queries and by NIP-77 sets alike.
 */
export function filterWhere(filter: Filter, access: Access): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const inList = (column: string, values: readonly (string | number)[]) => {
    where.push(values.length ? `${column} IN (${values.map(() => '?').join(',')})` : '0');
    params.push(...values);
  };
  if (filter.ids) inList('id', filter.ids);
  if (filter.authors) inList('pubkey', filter.authors);
  if (filter.kinds) inList('kind', filter.kinds);
  if (filter.since !== undefined) {
    where.push('created_at >= ?');
    params.push(filter.since);
  }
  if (filter.until !== undefined) {
    where.push('created_at <= ?');
    params.push(filter.until);
  }
  for (const [name, values] of Object.entries(filter.tags ?? {})) {
    where.push(
      values.length
        ? `seq IN (SELECT seq FROM event_tags WHERE name = ? AND value IN (${values.map(() => '?').join(',')}))`
        : '0',
    );
    if (values.length) params.push(name, ...values);
  }
  if (access.as === 'public') where.push(`kind NOT IN (${Kind.GiftWrap}, ${Kind.Seal})`);
  if (access.as === 'recipient') {
    where.push(`(kind NOT IN (${Kind.GiftWrap}, ${Kind.Seal}) OR recipient = ?)`);
    params.push(access.pubkey);
  }
  return { sql: where.join(' AND '), params };
}

/** How many events the log holds and its last position (0 when empty): a backup's manifest. */
export function logExtent(db: Db): { events: number; lastSeq: number } {
  const row = db.prepare('SELECT count(*) AS n, coalesce(max(seq), 0) AS last FROM events').get() as {
    n: number;
    last: number;
  };
  return { events: row.n, lastSeq: row.last };
}
