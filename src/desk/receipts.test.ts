import { readFileSync } from 'node:fs';
import { getConversationKey, v2 as nip44 } from 'nostr-tools/nip44';
import { finalizeEvent, generateSecretKey, getEventHash } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWrap, TEST_ADMIN_PASSWORD, TEST_PASSPHRASE, tempDir } from '../../test/support/node.js';
import { openFromDesk } from '../../web/src/shared/open-sealed.js';
import { sealCrypto } from '../../web/src/shared/seal-crypto.js';
import type { NostrEvent } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { deskDatabaseKey } from '../crypto/db-key.js';
import { decryptSecretKey, generateKeyPair, type KeyPair } from '../crypto/keys.js';
import { openWrap } from '../crypto/seal.js';
import { dataPaths, loadConfig, saveConfig } from '../node/config.js';
import { openNode } from '../node/node.js';
import { openDatabase } from '../store/db.js';
import { type DeskNode, initDeskNode, openDeskNode } from './desk-node.js';

// The desk's receipts (kind 4624) on a real desk node and its store: exactly one per report that
// carries a reply key, never again after a restart or a rebuilt inbox, none for reports stored
// before receipts began; sealed to the report's reply key, and opened by the phone only when the
// desk sealed and signed it.

const tmp = tempDir('tilshi-receipts-');
let desk: KeyPair;
let node: DeskNode;
/** Stored before receipts began (an upgraded store). */
const oldKey = generateKeyPair();
/** Stored after: it gets a receipt. */
const newKey = generateKeyPair();
let oldReport: NostrEvent;
let newReport: NostrEvent;
let plainReport: NostrEvent;

const open = () => openDeskNode({ dataDir: tmp.dir, passphrase: TEST_PASSPHRASE });

function report(replyKey: KeyPair | null, text: string): NostrEvent {
  return buildWrap(desk.publicKey, {
    content: { text, channel: 'web', ...(replyKey ? { reply_key: replyKey.publicKey } : {}) },
  });
}

/** The wraps stored to a key (what the reporter's page would fetch with it). */
function wrapsTo(key: KeyPair): NostrEvent[] {
  return node.log
    .query({ kinds: [Kind.GiftWrap], tags: { p: [key.publicKey] } }, { as: 'node' })
    .filter((w) => w.tags[0]?.[1] === key.publicKey);
}

async function settled(): Promise<void> {
  await node.desk!.settled();
  await node.receipts!.idle();
}

beforeAll(async () => {
  await initDeskNode({
    dataDir: tmp.dir,
    desk: true,
    passphrase: TEST_PASSPHRASE,
    adminPassword: TEST_ADMIN_PASSWORD,
  });
  saveConfig(tmp.dir, { ...loadConfig(tmp.dir), pow_difficulty: 8 });
  const paths = dataPaths(tmp.dir);
  desk = decryptSecretKey(readFileSync(paths.deskKey, 'utf8'), TEST_PASSPHRASE);

  // A store from before receipts: a report stored by a node without the desk's parts, then the
  // receipts' migration (008) taken out, as it was before the upgrade.
  oldReport = report(oldKey, 'Stored before receipts began');
  const before = await openNode({ dataDir: tmp.dir, passphrase: TEST_PASSPHRASE });
  expect((await before.ingest.submit([oldReport]))[0]?.ok).toBe(true);
  await before.close();
  const raw = openDatabase(paths.database, { key: { raw: deskDatabaseKey(desk) } });
  raw.exec(
    'DROP TABLE desk_receipts; DROP TABLE desk_receipts_from; DELETE FROM schema_migrations WHERE id = 8;',
  );
  raw.close();

  // The upgrade: opening the desk applies 008 again, from the log as it stands.
  node = await open();
  newReport = report(newKey, 'Stored after receipts began');
  plainReport = report(null, 'A report with no reply key');
  const answers = await node.ingest.submit([newReport, plainReport]);
  expect(answers.map((a) => a.ok)).toEqual([true, true]);
  await settled();
}, 60_000);
afterAll(async () => {
  await node?.close();
  tmp.remove();
});

const rumorId = (wrap: NostrEvent) => openWrap(wrap, desk.secretKey).rumor.id;

describe('the desk’s receipts', () => {
  it('seals exactly one receipt, to the report’s reply key, naming the report; none for reports before receipts began or without a reply key', () => {
    const [receipt, ...more] = wrapsTo(newKey);
    expect(more).toEqual([]);
    expect(receipt).toBeDefined();
    // Made as a reply is: a one-time signer, the reply key in its one `p`, the nodes' work.
    expect(receipt!.pubkey).not.toBe(desk.publicKey);
    expect(receipt!.tags.map((t) => t[0])).toEqual(['p', 'nonce']);
    const opened = openWrap(receipt!, newKey.secretKey);
    expect(opened.author).toBe(desk.publicKey);
    expect(opened.rumor.kind).toBe(Kind.Receipt);
    expect(JSON.parse(opened.rumor.content)).toEqual({ report: rumorId(newReport) });

    expect(wrapsTo(oldKey)).toEqual([]);
    // Every wrap not to the desk is that one receipt: the report without a reply key got none.
    const outgoing = node.log
      .query({ kinds: [Kind.GiftWrap] }, { as: 'node' })
      .filter((w) => w.tags[0]?.[1] !== desk.publicKey);
    expect(outgoing.map((w) => w.id)).toEqual([receipt!.id]);
  });

  it('sends none again when the inbox is rebuilt, the report arrives again, or the desk restarts', async () => {
    const receipt = wrapsTo(newKey)[0]!.id;
    await node.desk!.rebuild();
    await settled();
    expect((await node.ingest.submit([newReport]))[0]?.ok).toBe(true);
    await settled();
    expect(wrapsTo(newKey).map((w) => w.id)).toEqual([receipt]);

    await node.close();
    node = await open();
    await settled();
    await node.desk!.rebuild();
    await settled();
    expect(wrapsTo(newKey).map((w) => w.id)).toEqual([receipt]);
    expect(wrapsTo(oldKey)).toEqual([]);
  });

  it('opens on the phone only as the desk sealed and signed it', () => {
    const receipt = wrapsTo(newKey)[0]!;
    expect(openFromDesk(sealCrypto, receipt, newKey.secretKey, desk.publicKey)).toEqual({
      wrapId: receipt.id,
      receipt: rumorId(newReport),
    });
    // Another desk's key, or another reply key: nothing.
    expect(openFromDesk(sealCrypto, receipt, newKey.secretKey, generateKeyPair().publicKey)).toBeUndefined();
    expect(openFromDesk(sealCrypto, receipt, oldKey.secretKey, desk.publicKey)).toBeUndefined();

    // The desk's seal with its signature broken, or its content changed under the signature,
    // wrapped again by someone who holds the reply key's public half: refused.
    const seal = JSON.parse(
      nip44.decrypt(receipt.content, getConversationKey(newKey.secretKey, receipt.pubkey)),
    ) as NostrEvent;
    const flipped = `${seal.sig.slice(0, -1)}${seal.sig.endsWith('0') ? '1' : '0'}`;
    // The rumor made to name another report, its id made right again: the seal's signature is not.
    const convo = getConversationKey(newKey.secretKey, desk.publicKey);
    const rumor = JSON.parse(nip44.decrypt(seal.content, convo));
    const changed = { ...rumor, content: JSON.stringify({ report: rumorId(oldReport) }) };
    changed.id = getEventHash(changed);
    const forgedContent = nip44.encrypt(JSON.stringify(changed), convo);
    for (const bad of [
      { ...seal, sig: flipped },
      { ...seal, content: forgedContent },
    ]) {
      expect(
        openFromDesk(sealCrypto, rewrap(bad, newKey.publicKey), newKey.secretKey, desk.publicKey),
      ).toBeUndefined();
    }
    // The same seal wrapped again as it is still opens: only the seal's signature vouches for it.
    expect(
      openFromDesk(sealCrypto, rewrap(seal, newKey.publicKey), newKey.secretKey, desk.publicKey),
    ).toMatchObject({
      receipt: rumorId(newReport),
    });
  });
});

/** A seal in a new gift wrap to `to`, signed by a one-time key (anyone can make one). */
function rewrap(seal: NostrEvent, to: string): NostrEvent {
  const key = generateSecretKey();
  return finalizeEvent(
    {
      kind: Kind.GiftWrap,
      created_at: Math.floor(Date.now() / 1000),
      tags: [['p', to]],
      content: nip44.encrypt(JSON.stringify(seal), getConversationKey(key, to)),
    },
    key,
  ) as NostrEvent;
}
