// Opening what the desk seals to a phone (replies, receipts) and the phone's own seals, as
// `openWrap` in src/crypto/seal.ts does. The crypto comes in as `SealCrypto`: the join page
// hands over nostr-tools' functions, the report page its own copies (this module is part of
// its later chunk, which shares no module with the page).
import type { ReplyContent, ReportContent } from '../../../src/core/content.js';
import type { NostrEvent } from '../../../src/core/event.js';

const KIND_SEAL = 13;
const KIND_WRAP = 1059;
const KIND_REPORT = 4620;
const KIND_REPLY = 4621;
const KIND_RECEIPT = 4624;

/** What opening needs of nostr-tools (nip44 and pure). */
export interface SealCrypto {
  getConversationKey(secret: Uint8Array, pubkey: string): Uint8Array;
  decrypt(payload: string, conversationKey: Uint8Array): string;
  verifyEvent(event: NostrEvent): boolean;
  getEventHash(event: Omit<Rumor, 'id'>): string;
}

/** A rumor: an unsigned event with an id. */
export interface Rumor {
  id: string;
  pubkey: string;
  created_at: number;
  kind: number;
  tags: string[][];
  content: string;
}

function decryptJson(c: SealCrypto, content: string, key: Uint8Array): unknown {
  return JSON.parse(c.decrypt(content, key));
}

function isRumor(c: SealCrypto, value: unknown, kind: number, author: string): value is Rumor {
  const r = value as Rumor;
  return (
    !!r &&
    r.kind === kind &&
    r.pubkey === author &&
    typeof r.content === 'string' &&
    typeof r.created_at === 'number' &&
    Array.isArray(r.tags) &&
    c.getEventHash(r) === r.id
  );
}

/**
 * The reporter's own report, from the seal kept on this phone (the device key and the desk's
 * key share the NIP-44 conversation key). Undefined if it does not open.
 */
export function openOwnSeal(
  c: SealCrypto,
  seal: NostrEvent,
  conversationKey: Uint8Array,
): ReportContent | undefined {
  try {
    const rumor = decryptJson(c, seal.content, conversationKey);
    if (!isRumor(c, rumor, KIND_REPORT, seal.pubkey)) return undefined;
    return JSON.parse(rumor.content) as ReportContent;
  } catch {
    return undefined;
  }
}

export interface OpenedReply {
  wrapId: string;
  rumorId: string;
  createdAt: number;
  text: string;
  /** The report it answers (`e` tag), when the desk named one. */
  reportId?: string;
}

/** The desk's receipt of a report (kind 4624): the desk has opened it. */
export interface OpenedReceipt {
  wrapId: string;
  /** The report the desk has. */
  receipt: string;
}

/**
 * Open a wrap addressed to this device as `openWrap` in src/crypto/seal.ts does, and accept it
 * only as a reply (kind 4621) or a receipt (kind 4624) sealed and signed by the desk.
 * Undefined for anything else.
 */
export function openFromDesk(
  c: SealCrypto,
  wrap: NostrEvent,
  deviceKey: Uint8Array,
  deskPubkey: string,
): OpenedReply | OpenedReceipt | undefined {
  try {
    if (wrap.kind !== KIND_WRAP) return undefined;
    const seal = decryptJson(c, wrap.content, c.getConversationKey(deviceKey, wrap.pubkey)) as NostrEvent;
    if (seal?.kind !== KIND_SEAL || seal.pubkey !== deskPubkey || !c.verifyEvent(seal)) return undefined;
    const rumor = decryptJson(c, seal.content, c.getConversationKey(deviceKey, seal.pubkey));
    const content = JSON.parse((rumor as Rumor).content);
    if (isRumor(c, rumor, KIND_RECEIPT, deskPubkey)) {
      return typeof content?.report === 'string' ? { wrapId: wrap.id, receipt: content.report } : undefined;
    }
    if (!isRumor(c, rumor, KIND_REPLY, deskPubkey) || typeof content?.text !== 'string') return undefined;
    const reportId = rumor.tags.find((t) => t[0] === 'e')?.[1];
    return {
      wrapId: wrap.id,
      rumorId: rumor.id,
      createdAt: rumor.created_at,
      text: (content as ReplyContent).text,
      ...(reportId ? { reportId } : {}),
    };
  } catch {
    return undefined;
  }
}

/** `openFromDesk`, replies only (the join page's requests get no receipts). */
export function openReply(
  c: SealCrypto,
  wrap: NostrEvent,
  deviceKey: Uint8Array,
  deskPubkey: string,
): OpenedReply | undefined {
  const opened = openFromDesk(c, wrap, deviceKey, deskPubkey);
  return opened && 'text' in opened ? opened : undefined;
}
