import { encodeModel } from '../analysis/index.js';
import { type InitOptions, type InitResult, initNode } from '../node/init.js';
import { type OpenNodeOptions, openNode, type TilshiNode } from '../node/node.js';
import { createAccount, generatePassword } from './accounts.js';
import { defaultAnalyzer } from './analyzer.js';
import { DeskCoder } from './desk-coder.js';
import { DeskQueue, type DeskQueueOptions } from './desk-queue.js';
import type { InboxAnalyzer } from './inbox-types.js';
import { joinForgetProjection } from './join-requests.js';
import { ReceiptSender } from './receipts.js';

// The node layer knows no feature: this module is where a node becomes a desk node (its queue,
// its coding model, its first account). Server and CLI open nodes through it; a relay opened
// here is a plain node with `desk` and `coder` undefined.

export interface OpenDeskNodeOptions extends OpenNodeOptions {
  /** The inbox's automatic coding and clustering (default: the analysis of src/analysis). */
  analyzer?: InboxAnalyzer;
  /** Retrain the desk's coding model after this many new decisions (default RETRAIN_EVERY). */
  retrainEvery?: number;
  /** How the desk queue opens reports (worker threads, batch size, progress). */
  deskQueue?: DeskQueueOptions;
}

/** A node with the desk's parts, when its desk key is unlocked and the store writable. */
export interface DeskNode extends TilshiNode {
  /**
   * The desk queue that opens reports into the inbox in the background. `await
   * node.desk.settled()` before reading the inbox when what was just stored must be in it.
   */
  desk: DeskQueue | undefined;
  /**
   * The desk's coding model at work (with `desk`): suggestions use the newest model, retrained
   * from the desk's decisions after every RETRAIN_EVERY of them, or taken when another desk
   * node's model arrives by sync.
   */
  coder: DeskCoder | undefined;
  /**
   * The desk's receipts (with `desk`): each report that carries a reply key gets one when the
   * queue opens it. `await node.receipts.idle()` after `desk.settled()` to see them stored.
   */
  receipts: ReceiptSender | undefined;
}

/**
 * Open a node's data folder (`openNode`) and, on a desk with its key unlocked, start the desk
 * queue and the coding model.
 *
 * @example
 *   const node = await openDeskNode({ dataDir: 'data', passphrase });
 */
export async function openDeskNode(options: OpenDeskNodeOptions): Promise<DeskNode> {
  const base = await openNode(options);
  // Reports are opened off the write path: the log stores wraps at once, the queue catches up.
  const desk =
    base.deskKey && !options.readonly
      ? new DeskQueue(base.db, base.deskKey, options.analyzer ?? defaultAnalyzer(), options.deskQueue)
      : undefined;
  if (desk && base.deskKey) {
    base.projections.add(joinForgetProjection(base.deskKey.publicKey), base.log);
    base.ingest.onStored((e) => {
      if (desk.wants(e)) desk.wake();
    });
    desk.wake();
  }
  const receipts = desk ? new ReceiptSender(base) : undefined;
  if (desk && receipts) desk.onReports((reports) => receipts.send(reports));
  const coder = desk ? new DeskCoder(options.retrainEvery ? { every: options.retrainEvery } : {}) : undefined;
  const closeBase = base.close;
  const node: DeskNode = {
    ...base,
    desk,
    coder,
    receipts,
    async close() {
      coder?.detach();
      await coder?.idle();
      await desk?.close();
      await receipts?.close();
      await closeBase();
    },
  };
  if (coder && desk) {
    // The desk's own model, once there is one, replaces the shipped one in the workers.
    coder.onModel((model) => desk.useModel(encodeModel(model)));
    coder.attach(node, desk);
  }
  return node;
}

/**
 * Create a data folder (`initNode`); for a desk also its admin account, with the password given
 * or a generated one marked one-time.
 *
 * @example
 *   await initDeskNode({ dataDir: 'data', desk: true, passphrase });
 */
export function initDeskNode(options: InitOptions): Promise<InitResult> {
  return initNode(options, async (db, given) => {
    const generated = !given;
    const password = given ?? generatePassword();
    await createAccount(db, {
      username: 'admin',
      password,
      role: 'admin',
      mustChangePassword: generated,
      actor: 'init',
    });
    return { username: 'admin', password, generated };
  });
}
