import type { CodingModel } from '../analysis/index.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import type { TilshiNode } from '../node/node.js';
import {
  collectDecisions,
  latestCodingModel,
  RETRAIN_EVERY,
  storeCodingModel,
  trainDeskModel,
} from './coding-model.js';
import { trainInWorker } from './train-worker.js';

/*
 * The coding model of a desk node at work: the inbox's analyzer suggests with the newest model
 * (the desk's own once it has one, the shipped one before), and the coder retrains it after
 * every `every` new decisions (reports attached or marked as noise, event versions published)
 * and when another desk node's model arrives by sync it takes that one.
 *
 * Wiring: a writable desk node makes one (`node.coder`) and hands every model it takes up to
 * the desk queue's workers (`coder.onModel`), which suggest with it. The desk records it counts
 * come from the desk queue, which opens them on its worker anyway (`DeskRecordSource`), so no
 * wrap is opened twice.
 */

/** Where the desk's own records arrive once opened: the desk queue. */
export interface DeskRecordSource {
  onRecord(fn: (wrapId: string, content: Record<string, unknown>) => void): () => void;
}

/** How many wraps stored but not yet opened by the queue the coder remembers the origin of. */
const ORIGINS_MAX = 100_000;

const DECISION_TYPES = new Set(['report_status', 'report_link']);

export class DeskCoder {
  private model: CodingModel | null = null;
  private version: string | null = null;
  private node: TilshiNode | undefined;
  private newDecisions = 0;
  private pending: Promise<void> = Promise.resolve();
  private scheduled = false;
  /** Own model records being stored: not a model from elsewhere to reload. */
  private storing = false;
  private unsubscribe: (() => void) | undefined;
  /** Desk-signed wraps stored since attaching, not yet opened: copied from another node or not. */
  private readonly origins = new Map<string, boolean>();
  private readonly every: number;
  private readonly actor: string;
  private readonly listeners = new Set<(model: CodingModel) => void>();

  constructor(options: { every?: number; actor?: string } = {}) {
    this.every = Math.max(1, options.every ?? RETRAIN_EVERY);
    this.actor = options.actor ?? 'coding-model';
  }

  /** The version of the desk's model in use (null: the shipped model). */
  get currentVersion(): string | null {
    return this.version;
  }

  /** Call `fn` with every model the coder takes up from now on (trained, synced or loaded). */
  onModel(fn: (model: CodingModel) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private take(model: CodingModel, version: string): void {
    this.model = model;
    this.version = version;
    for (const fn of this.listeners) fn(model);
  }

  /**
   * Load the newest stored model and follow the decisions stored from now on (with `records`,
   * the desk queue that opens them; without, only trains when asked, as `tilshi code train`).
   */
  attach(node: TilshiNode, records?: DeskRecordSource): void {
    this.node = node;
    const found = latestCodingModel(node);
    if (found) this.take(found.model, found.version);
    const stored = node.ingest.onStored((e, mode) => this.onStored(e, mode === 'replicate'));
    const opened = records?.onRecord((wrapId, content) => this.onRecord(wrapId, content));
    this.unsubscribe = () => {
      stored();
      opened?.();
    };
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.origins.clear();
  }

  /** Resolves when the retraining in progress (if any) is done. */
  idle(): Promise<void> {
    return this.pending;
  }

  /** Train on the desk's decisions now, store the model and use it. Returns its version. */
  train(actor = this.actor): { version: string; model: CodingModel } {
    const node = this.node;
    if (!node) throw new Error('the coder is not attached to a node');
    const model = trainDeskModel(node);
    const version = this.keep(node, model, actor, this.newDecisions);
    return { version, model };
  }

  /**
   * Store a model this coder trained and use it; the `counted` decisions it learned from no
   * longer count toward the next training. Returns its version.
   */
  private keep(node: TilshiNode, model: CodingModel, actor: string, counted: number): string {
    this.storing = true;
    try {
      const version = storeCodingModel(node, model, actor);
      this.take(model, version);
      this.newDecisions = Math.max(0, this.newDecisions - counted);
      return version;
    } finally {
      this.storing = false;
    }
  }

  /**
   * Decisions count when they are made here; those copied from another desk node are that
   * node's to learn from, and its model arrives by sync as well (`copied`). A wrap's origin is
   * known when it is stored; its content when the desk queue has opened it (`onRecord`).
   */
  private onStored(e: NostrEvent, copied: boolean): void {
    const key = this.node?.deskKey;
    if (!key || e.pubkey !== key.publicKey) return;
    if (e.kind === Kind.CodedEvent) {
      if (!copied) this.newDecisions++;
      if (this.newDecisions >= this.every) this.schedule('train');
    } else if (e.kind === Kind.GiftWrap && this.origins.size < ORIGINS_MAX) {
      this.origins.set(e.id, copied);
    }
  }

  private onRecord(wrapId: string, content: Record<string, unknown>): void {
    const copied = this.origins.get(wrapId);
    // Not stored since attaching (a catch-up after start, a rebuild): already counted or not ours.
    if (copied === undefined) {
      if (content.type === 'coding_model' && content.version !== this.version) this.schedule('reload');
      return;
    }
    this.origins.delete(wrapId);
    if (content.type === 'coding_model' && !this.storing && content.version !== this.version)
      this.schedule('reload');
    if (!copied && typeof content.type === 'string' && DECISION_TYPES.has(content.type)) {
      this.newDecisions += Array.isArray(content.report_ids) ? content.report_ids.length : 1;
      if (this.newDecisions >= this.every) this.schedule('train');
    }
  }

  /** Work off the request path: after the transaction that stored the decision, one at a time. */
  private schedule(what: 'train' | 'reload'): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.pending = this.pending.then(async () => {
      await new Promise((r) => setImmediate(r));
      this.scheduled = false;
      // Detached (the node is closing): nothing more to do.
      if (!this.unsubscribe || !this.node) return;
      try {
        if (what === 'train' && this.newDecisions >= this.every) await this.trainAside();
        else if (what === 'reload') {
          const found = latestCodingModel(this.node);
          if (found && found.version !== this.version) this.take(found.model, found.version);
        }
      } catch (err) {
        // The suggestions keep the model they have; the next decisions try again.
        process.emitWarning(`the desk's coding model was not retrained: ${(err as Error).message}`);
      }
    });
  }

  /**
   * Train on a worker thread, so that the desk keeps answering meanwhile: the decisions are read
   * here, the model is stored here when it comes back. Decisions made during the training count
   * toward the next one.
   */
  private async trainAside(): Promise<void> {
    const node = this.node!;
    const examples = collectDecisions(node);
    const counted = this.newDecisions;
    const model = await trainInWorker(examples);
    if (this.unsubscribe) this.keep(node, model, this.actor, counted);
  }
}
