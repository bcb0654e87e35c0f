import { TilshiError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';
import type { KeyPair } from '../crypto/keys.js';
import type { Db } from '../store/db.js';
import { DeskWorker } from './desk-worker.js';
import { applyOpened, type InboxAnalyzer } from './inbox-projection.js';
import { type OpenedBody, type OpenedWrap, openWraps, type WrapToOpen } from './open-wraps.js';
import type { ReceiptDue } from './receipts.js';
import {
  createInboxTables,
  dropInboxTables,
  INBOX,
  inboxCursor,
  maxSeq,
  reportCount,
  resetInbox,
  saveInboxCursor,
  seqOfEvent,
  unopenedCount,
  unreadableCount,
  wrapsAfter,
  wrapsWaiting,
} from './repository/index.js';

/** How far the inbox is behind the log (`/api/v1/desk/status`, `serve`, `reindex`). */
export interface DeskProgress {
  /** Wraps to the desk that are stored but not opened yet. */
  waiting: number;
  /** Wraps opened since the queue started (or since the last rebuild). */
  done: number;
  /** `done` + `waiting`. */
  total: number;
  /** Whether the queue is working now. */
  busy: boolean;
  /** Wraps that did not open with the desk key, or held nothing the inbox keeps. */
  unopened: number;
  /** Reports that opened but failed the schema, shown with status `unreadable`. */
  unreadable: number;
  /** Reports in the inbox, of any status: the desk counts the new arrivals by it. */
  reports: number;
}

export interface DeskQueueOptions {
  /** Wraps opened per worker job and written per transaction (default 32: short transactions). */
  batchSize?: number;
  /** Worker threads (default 1, leaving the other cores to requests and signatures). */
  workers?: number;
  /** Told after each batch is written. */
  onProgress?: (done: number, total: number) => void;
}

interface Batch {
  wraps: WrapToOpen[];
  /** The log position of the last wrap read (the cursor after this batch). */
  lastSeq: number;
  /** The highest log position when it was read: an incomplete batch covers all of it. */
  observedMax: number;
  full: boolean;
  opened: Promise<OpenedWrap[]>;
}

type Waiter = { target: number; resolve: () => void; reject: (err: Error) => void };

/**
 * The desk's inbox, fed from the event log in the background. The log stores wraps as fast as
 * it always did; this queue, with its own cursor in `projection_state`, reads the wraps
 * addressed to the desk in small batches, has a worker thread open them (NIP-44, the seal's
 * signature, the schema, the suggested codes) and writes each batch on the main thread in one
 * short transaction, in log order (a report's cluster depends on the reports before it).
 * A node therefore answers requests while thousands of reports are opened.
 *
 * @example
 *   const queue = new DeskQueue(db, deskKey, defaultAnalyzer());
 *   queue.wake();            // something was stored
 *   await queue.settled();   // everything stored so far is in the inbox
 *   await queue.close();
 */
export class DeskQueue {
  private cursor: number;
  /** Every log position up to here has been looked at. */
  private doneThrough: number;
  private done = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private wakeScheduled = false;
  private closed = false;
  /** Set while `rebuild` empties the inbox: nothing starts meanwhile. */
  private paused = false;
  private generation = 0;
  private waiters: Waiter[] = [];
  private readonly recordListeners = new Set<(wrapId: string, content: Record<string, unknown>) => void>();
  private readonly reportListeners = new Set<(reports: ReceiptDue[]) => void>();
  private workers: DeskWorker[] = [];
  /** The coding model the workers suggest with (encoded; undefined: the shipped one). */
  private model: Uint8Array | undefined;
  private nextWorker = 0;
  private readonly batchSize: number;
  private readonly workerCount: number;

  constructor(
    private readonly db: Db,
    private readonly desk: KeyPair,
    private readonly analyzer: InboxAnalyzer,
    private readonly options: DeskQueueOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 32;
    this.workerCount = Math.max(1, options.workers ?? 1);
    const state = inboxCursor(db);
    if (!state || state.version !== INBOX.version) {
      // A new shape: the tables are made again and refilled from the log in the background.
      db.transaction(() => {
        dropInboxTables(db);
        createInboxTables(db);
        this.saveCursor(0);
      })();
    } else {
      createInboxTables(db);
    }
    this.cursor = state?.version === INBOX.version ? state.last_seq : 0;
    this.doneThrough = this.cursor;
  }

  /**
   * Suggest with this coding model (`encodeModel` bytes) from the next batch on: the desk's own,
   * trained from its decisions. Reports already in the inbox keep the suggestion they got.
   */
  useModel(bytes: Uint8Array): void {
    this.model = bytes;
    for (const w of this.workers) if (w && !w.stopped) w.useModel(bytes);
  }

  /** Something was stored: look for new wraps soon (calls within one tick are one look). */
  wake(): void {
    if (this.wakeScheduled || this.closed) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.kick();
    });
  }

  /** Whether an event stored now is one the queue must open. */
  wants(e: { kind: number; tags: string[][] }): boolean {
    return e.kind === Kind.GiftWrap && e.tags.some((t) => t[0] === 'p' && t[1] === this.desk.publicKey);
  }

  /**
   * Resolves when every event stored before the call has been through the queue: what tests
   * and CLI verbs await before they read the inbox.
   */
  settled(): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    const target = maxSeq(this.db);
    if (this.doneThrough >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ target, resolve, reject });
      this.kick();
    });
  }

  progress(): DeskProgress {
    const waiting = wrapsWaiting(this.db, this.desk.publicKey, this.cursor);
    return {
      waiting,
      done: this.done,
      total: this.done + waiting,
      busy: this.running !== null,
      unopened: unopenedCount(this.db),
      unreadable: unreadableCount(this.db),
      reports: reportCount(this.db),
    };
  }

  /**
   * Empty the inbox and open every wrap again through the same path (`tilshi reindex`).
   * Resolves with the number of wraps opened.
   */
  async rebuild(): Promise<number> {
    this.generation++;
    this.paused = true;
    try {
      await this.running;
      this.db.transaction(() => {
        resetInbox(this.db);
        this.saveCursor(0);
      })();
      this.cursor = 0;
      this.doneThrough = 0;
      this.done = 0;
    } finally {
      this.paused = false;
    }
    await this.settled();
    return this.done;
  }

  /**
   * Apply a record this desk made itself (a desk record or a copy of a reply) at once, so that
   * the editor who made it sees it on the next page. The queue applies it again when it reaches
   * it, which changes nothing: decisions are ordered by log position.
   */
  applyOwn(wrapId: string, item: Extract<OpenedBody, { type: 'desk_record' | 'reply_copy' }>): void {
    const seq = seqOfEvent(this.db, wrapId);
    if (seq === undefined) return;
    this.db.transaction(() => applyOpened(this.db, this.analyzer, { ...item, seq, wrapId }))();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    await Promise.all(this.workers.map((w) => w.close()));
    await this.running;
    for (const w of this.waiters.splice(0)) w.reject(closedError());
  }

  private kick(): void {
    if (this.closed || this.paused) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
    });
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.drain();
      } catch (err) {
        // A write that fails (a full disk) must not leave callers waiting forever.
        for (const w of this.waiters.splice(0)) w.reject(err as Error);
        process.emitWarning(`desk queue stopped: ${String(err)}`);
        return;
      }
    } while (this.again && !this.closed);
  }

  private async drain(): Promise<void> {
    const generation = this.generation;
    const depth = this.workerCount + 1;
    const inflight: Batch[] = [];
    let readFrom = this.cursor;
    let exhausted = false;
    for (;;) {
      while (!exhausted && inflight.length < depth) {
        const batch = this.read(readFrom);
        inflight.push(batch);
        if (batch.full) readFrom = batch.lastSeq;
        else exhausted = true;
      }
      const batch = inflight.shift();
      if (!batch) return;
      const opened = await this.openedOf(batch);
      if (generation !== this.generation || this.closed) return;
      this.write(batch, opened);
      if (!batch.full) return;
    }
  }

  private read(after: number): Batch {
    const observedMax = maxSeq(this.db);
    const rows = wrapsAfter(this.db, this.desk.publicKey, after, this.batchSize);
    const full = rows.length === this.batchSize;
    return {
      wraps: rows,
      lastSeq: rows.length ? rows[rows.length - 1]!.seq : after,
      observedMax,
      full,
      opened: rows.length ? this.worker().open(rows) : Promise.resolve([]),
    };
  }

  private async openedOf(batch: Batch): Promise<OpenedWrap[]> {
    try {
      return await batch.opened;
    } catch {
      if (this.closed) return [];
      try {
        return await this.worker().open(batch.wraps);
      } catch {
        if (this.closed) return [];
        // Twice refused: open it here, slower but certain, so that no report is left behind.
        return openWraps(batch.wraps, this.desk.secretKey, this.desk.publicKey, {
          suggest: this.analyzer.suggestsInWorker === true,
        });
      }
    }
  }

  /** The next worker in turn, replacing one that stopped. */
  private worker(): DeskWorker {
    const i = this.nextWorker++ % this.workerCount;
    let w = this.workers[i];
    if (!w || w.stopped) {
      w = new DeskWorker(this.desk.secretKey, this.desk.publicKey, {
        suggest: this.analyzer.suggestsInWorker === true,
      });
      if (this.model) w.useModel(this.model);
      this.workers[i] = w;
    }
    return w;
  }

  /** Call `fn` with every desk record the queue has written (after its transaction). */
  onRecord(fn: (wrapId: string, content: Record<string, unknown>) => void): () => void {
    this.recordListeners.add(fn);
    return () => this.recordListeners.delete(fn);
  }

  /**
   * Call `fn` with the reports of each batch the queue has written (after its transaction),
   * also when a rebuild opens them again: what the desk's receipts start from.
   */
  onReports(fn: (reports: ReceiptDue[]) => void): () => void {
    this.reportListeners.add(fn);
    return () => this.reportListeners.delete(fn);
  }

  private write(batch: Batch, opened: OpenedWrap[]): void {
    const one = this.db.transaction((item: OpenedWrap) => applyOpened(this.db, this.analyzer, item));
    this.db.transaction(() => {
      for (const item of opened) {
        try {
          one(item); // a savepoint: a report the analysis chokes on undoes only itself
        } catch (err) {
          applyOpened(this.db, this.analyzer, {
            seq: item.seq,
            wrapId: item.wrapId,
            type: 'unopened',
            reason: `inbox_write_failed: ${String((err as Error).message ?? err).slice(0, 200)}`,
          });
        }
      }
      if (batch.wraps.length) this.saveCursor(batch.lastSeq);
    })();
    this.cursor = batch.lastSeq;
    this.done += opened.length;
    this.doneThrough = Math.max(this.doneThrough, batch.full ? batch.lastSeq : batch.observedMax);
    for (const item of opened) {
      if (item.type !== 'desk_record') continue;
      for (const fn of this.recordListeners) {
        try {
          fn(item.wrapId, item.content);
        } catch (err) {
          // A listener's failure is its own: the inbox is written and the queue goes on.
          process.emitWarning(`a desk record listener failed: ${String((err as Error).message ?? err)}`);
        }
      }
    }
    const reports = opened.flatMap((item) =>
      item.type === 'report' ? [{ id: item.report.id, replyKey: item.report.replyKey, seq: item.seq }] : [],
    );
    if (reports.length) {
      for (const fn of this.reportListeners) {
        try {
          fn(reports);
        } catch (err) {
          process.emitWarning(`a report listener failed: ${String((err as Error).message ?? err)}`);
        }
      }
    }
    if (opened.length && this.options.onProgress) {
      const p = this.progress();
      this.options.onProgress(p.done, p.total);
    }
    this.waiters = this.waiters.filter((w) => {
      if (w.target > this.doneThrough) return true;
      w.resolve();
      return false;
    });
  }

  private saveCursor(seq: number): void {
    saveInboxCursor(this.db, seq);
  }
}

/**
 * Wraps to the desk stored after the inbox's cursor: what a node has still to open, read from
 * the store alone (for a CLI verb beside a running node).
 */
export function inboxWaiting(db: Db, deskPubkey: string | null): number {
  if (!deskPubkey) return 0;
  return wrapsWaiting(db, deskPubkey, inboxCursor(db)?.last_seq ?? 0);
}

const closedError = () => new TilshiError('desk_queue_closed', 'the node is closing', 503);
