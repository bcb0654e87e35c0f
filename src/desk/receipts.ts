import { buildReceiptRumor } from '../core/records.js';
import { sealRumorOffThread } from '../crypto/seal.js';
import type { TilshiNode } from '../node/node.js';
import type { Db } from '../store/db.js';
import { hasReceipt, insertReceipt, receiptsFromSeq } from './repository/index.js';

/** A report the desk queue has just opened, as far as its receipt needs it. */
export interface ReceiptDue {
  /** The report's rumor id: what the receipt names. */
  id: string;
  /** The report's reply key: where the receipt is sealed (reports without one get none). */
  replyKey: string | null;
  /** Log position of the wrap that brought it. */
  seq: number;
}

/**
 * Whether this report still needs a receipt: it has a reply key, this node has not sealed one
 * for it, and it arrived after receipts began (a rebuilt inbox, or the first start after the
 * upgrade, opens every old report again: none of them gets one).
 */
export function needsReceipt(db: Db, report: ReceiptDue): boolean {
  if (!report.replyKey) return false;
  if (report.seq <= receiptsFromSeq(db)) return false;
  return !hasReceipt(db, report.id);
}

/**
 * The desk's receipts: when the desk queue opens a report that carries a reply key, the desk
 * seals a 4624 rumor naming the report to that key and stores it, and it travels back the way
 * replies do. The wrap is made exactly as a reply's (a one-time signer, one `p`, the same NIP-13
 * work), so a relay learns from a receipt what it learns from a reply: that a wrap went to a key
 * (docs/intake.md, "What a reply reveals"). One at a time, off the queue's path: the work is
 * mined on a worker thread.
 *
 * @example
 *   const receipts = new ReceiptSender(node);
 *   queue.onReports((reports) => receipts.send(reports));
 *   await receipts.idle();
 */
export class ReceiptSender {
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly node: Pick<TilshiNode, 'db' | 'deskKey' | 'config' | 'ingest'>) {}

  /** Seal and store a receipt for each of these reports that needs one (in the background). */
  send(reports: readonly ReceiptDue[]): void {
    const due = reports.filter((r): r is ReceiptDue & { replyKey: string } => needsReceipt(this.node.db, r));
    if (due.length === 0) return;
    this.chain = this.chain.then(async () => {
      for (const report of due) {
        if (this.closed) return;
        try {
          await this.sendOne(report);
        } catch (err) {
          // A receipt that fails (a full disk) is not retried: the report is in the inbox, and
          // the reporter's page still shows it delivered to the node.
          process.emitWarning(`a receipt was not sent: ${String((err as Error).message ?? err)}`);
        }
      }
    });
  }

  /** Resolves when every receipt asked for so far is stored (or given up). */
  idle(): Promise<void> {
    return this.chain;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
  }

  private async sendOne(report: ReceiptDue & { replyKey: string }): Promise<void> {
    const desk = this.node.deskKey;
    if (!desk || !needsReceipt(this.node.db, report)) return;
    const rumor = buildReceiptRumor(
      { report: report.id },
      { pubkey: desk.publicKey, createdAt: Math.floor(Date.now() / 1000), to: report.replyKey },
    );
    const wrap = await sealRumorOffThread(rumor, desk.secretKey, report.replyKey, {
      powDifficulty: this.node.config.pow_difficulty,
    });
    if (this.closed) return;
    this.node.ingest.storeOwn([wrap], () => {
      // Checked again inside the write: another path may have sent it meanwhile.
      if (!needsReceipt(this.node.db, report)) return false;
      insertReceipt(this.node.db, report.id, wrap.id, Math.floor(Date.now() / 1000));
      return true;
    });
  }
}
