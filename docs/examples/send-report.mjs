// Send a report to a Tilshi desk with nostr-tools alone (docs/send-from-nostr.md).
//
//   node send-report.mjs ws://127.0.0.1:8080/ "Strike at the depot since 6 am" [14|4620|1]
//
// The node tells its desk key (GET /api/v1/node) and the work it asks for (NIP-11
// `limitation.min_pow_difficulty`); the report is sealed to the desk (NIP-59: rumor -> seal ->
// gift wrap, NIP-44 encryption), the wrap is mined to that difficulty (NIP-13) and sent with a
// NIP-01 EVENT. Nothing but the desk's key opens it; the relay sees only a wrap to the desk.
import { minePow } from 'nostr-tools/nip13';
import * as nip44 from 'nostr-tools/nip44';
import { createRumor, createSeal } from 'nostr-tools/nip59';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';

const [relayUrl, text, kindArg = '14'] = process.argv.slice(2);
if (!relayUrl || !text) {
  console.error('usage: node send-report.mjs RELAY_URL TEXT [14|4620|1]');
  process.exit(2);
}
// Node 20 has no WebSocket of its own; browsers and Node 22 do.
if (typeof WebSocket === 'undefined') useWebSocketImplementation((await import('ws')).default);

const httpUrl = relayUrl.replace(/^ws/, 'http');
const node = await (await fetch(new URL('/api/v1/node', httpUrl))).json();
const info = await (await fetch(httpUrl, { headers: { accept: 'application/nostr+json' } })).json();
const desk = node.desk_pubkey;
const difficulty = info.limitation?.min_pow_difficulty ?? 0;

// A key for this report alone: the desk learns no lasting identity unless you keep it.
const reporterKey = generateSecretKey();
const kind = Number(kindArg);
const rumor = createRumor(
  {
    kind,
    // Kind 14 names its recipients (NIP-17); the text is the content, for every kind.
    tags: kind === 14 ? [['p', desk]] : [],
    content: text,
  },
  reporterKey,
);
const seal = createSeal(rumor, reporterKey, desk);

// The gift wrap of NIP-59, built by hand so that it can be mined before it is signed
// (nip17.wrapEvent signs at once, which leaves no room for the NIP-13 nonce).
const wrapKey = generateSecretKey();
const unsigned = {
  kind: 1059,
  pubkey: getPublicKey(wrapKey),
  created_at: Math.floor(Date.now() / 1000),
  tags: [['p', desk]],
  content: nip44.encrypt(JSON.stringify(seal), nip44.getConversationKey(wrapKey, desk)),
};
const { id: _minedId, ...mined } = minePow(unsigned, difficulty);
const wrap = finalizeEvent(mined, wrapKey);

const relay = await Relay.connect(relayUrl);
try {
  const answer = await relay.publish(wrap); // resolves on OK true, throws with the reason on OK false
  console.log(JSON.stringify({ wrap: wrap.id, rumor: rumor.id, difficulty, answer }));
} finally {
  relay.close();
}
