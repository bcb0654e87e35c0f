import type { NostrEvent } from '../core/event.js';
import type { Db } from './db.js';

/** An event as the log holds it, handed to projections. */
export interface StoredEvent {
  seq: number;
  event: NostrEvent;
  /** Whether this is a current version (always true for kinds that are not replaceable). */
  head: boolean;
  /** Log positions of the versions this one replaced, if any. */
  superseded: number[];
}

/** What the projections read of the log (EventLog gives it; declared here so the log and its projections do not import each other). */
export interface LogSource {
  maxSeq(): number;
  count(): number;
  scan(afterSeq: number): Iterable<StoredEvent>;
}

/**
 * A read model derived from the event log. Its tables are its own: they are created by
 * `create`, emptied by `reset`, and may be dropped and rebuilt at any time (so they are not
 * in the numbered migrations, which hold only what cannot be rebuilt).
 *
 * `apply` runs inside the transaction that stores the event. When the log is replayed
 * (`tilshi reindex`), events come in log order with `head` as it stands now and no
 * `superseded` list: a projection keyed by record address upserts heads and ignores the rest,
 * which gives the same result as live updates.
 */
export interface Projection {
  name: string;
  /** Bump when the projection's tables or logic change: the node then rebuilds it on start. */
  version: number;
  create(db: Db): void;
  reset(db: Db): void;
  apply(db: Db, stored: StoredEvent): void;
  /**
   * Events a honoured deletion (kind 5) removed from the log: the projection drops what it
   * derived from them. Runs in the deletion's transaction. A projection without it keeps
   * nothing that needs removing.
   */
  forget?(db: Db, deleted: readonly StoredEvent[]): void;
}

export type ProgressFn = (done: number, total: number) => void;

/**
 * Keeps every registered projection in step with the log: applies new events as they are
 * stored, catches up on start, and rebuilds from scratch on demand.
 */
export class Projections {
  private readonly getState;
  private readonly setState;

  private readonly items: Projection[];

  constructor(
    private readonly db: Db,
    list: readonly Projection[],
  ) {
    this.items = [...list];
    this.getState = db.prepare<[string], { version: number; last_seq: number }>(
      'SELECT version, last_seq FROM projection_state WHERE name = ?',
    );
    this.setState = db.prepare(
      `INSERT INTO projection_state (name, version, last_seq) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, last_seq = excluded.last_seq`,
    );
    for (const p of list) p.create(db);
  }

  /** The registered projections. */
  get list(): readonly Projection[] {
    return this.items;
  }

  /**
   * Register a projection after the node opened (a feature above the node, such as organizing,
   * whose projection needs the desk key): its tables are made and it catches up with the log
   * now, then it is kept in step like the others. Adding one of the same name again does nothing.
   */
  add(projection: Projection, log: LogSource, onProgress?: ProgressFn): void {
    if (this.items.some((p) => p.name === projection.name)) return;
    projection.create(this.db);
    this.items.push(projection);
    this.catchUpEach([projection], log, onProgress);
  }

  apply(stored: StoredEvent): void {
    for (const p of this.items) p.apply(this.db, stored);
  }

  /** Events removed from the log by a honoured deletion. */
  forget(deleted: readonly StoredEvent[]): void {
    if (deleted.length === 0) return;
    for (const p of this.items) p.forget?.(this.db, deleted);
  }

  /** Record that every projection has seen the log up to `seq` (called once per transaction). */
  markProcessed(seq: number): void {
    for (const p of this.items) this.setState.run(p.name, p.version, seq);
  }

  /**
   * Bring projections up to date with the log: rebuild those whose version changed, replay
   * what was stored after their last position. Returns the names rebuilt or caught up.
   */
  catchUp(log: LogSource, onProgress?: ProgressFn): string[] {
    return this.catchUpEach(this.items, log, onProgress);
  }

  private catchUpEach(which: readonly Projection[], log: LogSource, onProgress?: ProgressFn): string[] {
    const touched: string[] = [];
    const maxSeq = log.maxSeq();
    for (const p of which) {
      const state = this.getState.get(p.name);
      if (state && state.version === p.version && state.last_seq >= maxSeq) continue;
      const from = state && state.version === p.version ? state.last_seq : 0;
      this.replay([p], log, from, onProgress);
      touched.push(p.name);
    }
    return touched;
  }

  /** Empty every projection and replay the whole log into it. */
  rebuildAll(log: LogSource, onProgress?: ProgressFn): number {
    return this.replay(this.items, log, 0, onProgress);
  }

  private replay(
    which: readonly Projection[],
    log: LogSource,
    fromSeq: number,
    onProgress?: ProgressFn,
  ): number {
    const total = log.count();
    let done = 0;
    const batch: StoredEvent[] = [];
    const flush = this.db.transaction((items: StoredEvent[]) => {
      for (const stored of items) for (const p of which) p.apply(this.db, stored);
      const last = items[items.length - 1];
      if (last) for (const p of which) this.setState.run(p.name, p.version, last.seq);
    });
    if (fromSeq === 0) {
      this.db.transaction(() => {
        for (const p of which) {
          p.reset(this.db);
          this.setState.run(p.name, p.version, 0);
        }
      })();
    }
    for (const stored of log.scan(fromSeq)) {
      batch.push(stored);
      if (batch.length === 1_000) {
        flush(batch.splice(0));
        done += 1_000;
        onProgress?.(done, total);
      }
    }
    done += batch.length;
    flush(batch);
    onProgress?.(done, total);
    return done;
  }
}
