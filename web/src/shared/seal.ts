// Sealing in the browser (report, join and vote pages), as src/crypto/seal.ts does on the node:
// rumor (kind 4620, 4622 from /join, 4623 from /vote) → seal
// (kind 13, signed by the device key, NIP-44 to the desk) → gift wrap (kind 1059, one-time key,
// `p` = desk, NIP-13 work mined by the PoW worker before signing). Opening is open-sealed.ts.
// The rumor and the seal are made as nostr-tools/nip59's createRumor and createSeal make them
// (src/crypto/seal.ts calls those); that module is not imported because it carries a second
// copy of NIP-44, 0.4 KB the report page cannot spare (seal.test.ts opens these with openWrap).

import { getConversationKey, v2 as nip44 } from 'nostr-tools/nip44';
import { finalizeEvent, generateSecretKey, getEventHash, getPublicKey } from 'nostr-tools/pure';
import type { JoinRequestContent, ReportContent } from '../../../src/core/content.js';
import type { NostrEvent } from '../../../src/core/event.js';
import type { BallotContent } from '../../../src/core/vote-records.js';
import { type PowTemplate, withNonce } from './pow.js';

export type { NostrEvent };

// Kinds of ARCHITECTURE.md (src/core/kinds.ts), written out: importing that object would carry
// all of it into the page.
const KIND_SEAL = 13;
const KIND_WRAP = 1059;
const KIND_REPORT = 4620;

/** A sealed report whose wrap still needs its proof of work and signature. */
export interface SealedReport {
  /** The rumor's id: what the desk and its replies (`e` tag) call this report. */
  rumorId: string;
  /** When the reporter wrote it (the rumor's created_at). */
  createdAt: number;
  /** The seal (kind 13), which the device key can open again to show the reporter's own text. */
  seal: NostrEvent;
  /** The unsigned wrap, to be mined. */
  wrap: PowTemplate;
  /** The wrap's one-time key, kept only until the wrap is signed. */
  wrapKey: Uint8Array;
}

const now = () => Math.floor(Date.now() / 1000);
const TWO_DAYS = 2 * 24 * 60 * 60;

/**
 * Seal a report (or a join request) to the desk. Pure apart from randomness; nothing is stored or sent.
 *
 * @example const sealed = sealReport({ text, channel: 'web', lang: 'ru' }, deviceKey, deskPubkey);
 */
export function sealReport(
  content: ReportContent | JoinRequestContent | BallotContent,
  deviceKey: Uint8Array,
  deskPubkey: string,
  /** 4622 for a join request from /join, 4623 for a ballot from /vote. */
  kind = KIND_REPORT,
): SealedReport {
  const unsigned = {
    kind,
    content: JSON.stringify(content),
    tags: [],
    created_at: now(),
    pubkey: getPublicKey(deviceKey),
  };
  const rumor = { ...unsigned, id: getEventHash(unsigned) };
  const seal = finalizeEvent(
    {
      kind: KIND_SEAL,
      content: nip44.encrypt(JSON.stringify(rumor), getConversationKey(deviceKey, deskPubkey)),
      // NIP-59: the seal's time is random within the last two days, so it does not date the report.
      created_at: Math.round(now() - Math.random() * TWO_DAYS),
      tags: [],
    },
    deviceKey,
  );
  const wrapKey = generateSecretKey();
  return {
    rumorId: rumor.id,
    createdAt: rumor.created_at,
    seal,
    wrapKey,
    wrap: {
      kind: KIND_WRAP,
      pubkey: getPublicKey(wrapKey),
      created_at: now(),
      tags: [['p', deskPubkey]],
      content: nip44.encrypt(JSON.stringify(seal), getConversationKey(wrapKey, deskPubkey)),
    },
  };
}

/** Sign the mined wrap: the nonce tag goes in, the id is the mined one, the key signs it. */
export function signWrap(
  wrap: PowTemplate,
  wrapKey: Uint8Array,
  nonce: string,
  difficulty: number,
): NostrEvent {
  return finalizeEvent(
    {
      kind: wrap.kind,
      created_at: wrap.created_at,
      tags: withNonce(wrap.tags, nonce, difficulty),
      content: wrap.content,
    },
    wrapKey,
  );
}
