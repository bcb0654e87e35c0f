import { getConversationKey } from 'nostr-tools/nip44';
import { type CodingModel, decodeModel } from '../analysis/index.js';
import { parseRecordContent, REPORT_LIMITS, ReportChannelSchema } from '../core/content.js';
import { ValidationError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { tagValue } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { type OpenWrapOptions, openWrap, type Rumor } from '../crypto/seal.js';
import { verifyEventSignature } from '../crypto/verify.js';
import { defaultAnalyzer } from './analyzer.js';
import type { OpenedBody, OpenedReport, OpenedWrap, Suggestion, WrapToOpen } from './inbox-types.js';

export type { OpenedBody, OpenedReport, OpenedWrap, WrapToOpen } from './inbox-types.js';

export interface OpenOptions {
  /** Run the default analysis (`suggestCodes`) on each valid report here. */
  suggest: boolean;
}

let analyzer: ReturnType<typeof defaultAnalyzer> | undefined;
/** The desk's own coding model once it has one (undefined: the shipped model). */
let deskModel: CodingModel | undefined;

/**
 * Suggest with this coding model from now on (its `encodeModel` bytes; null: back to the shipped
 * one). The desk worker calls it when the desk trains or receives a model.
 */
export function useCodingModel(bytes: Uint8Array | null): void {
  deskModel = bytes ? decodeModel(bytes) : undefined;
}

/**
 * Conversation keys with the reporters seen last: a reporter's reports share one, and deriving
 * it (an ECDH multiplication) is the costliest step of opening. Bounded, so that reports from
 * many throw-away keys only cycle it.
 */
const CONVERSATIONS_KEPT = 4_096;
let opener: { secret: Uint8Array; options: OpenWrapOptions } | undefined;

function openerFor(secret: Uint8Array): OpenWrapOptions {
  if (opener?.secret === secret) return opener.options;
  const kept = new Map<string, Uint8Array>();
  const options: OpenWrapOptions = {
    // The node's own verifier (libsecp256k1), as for every signature it stores.
    verifySeal: verifyEventSignature,
    sealConversationKey(pubkey) {
      let key = kept.get(pubkey);
      if (key) kept.delete(pubkey);
      else key = getConversationKey(secret, pubkey);
      kept.set(pubkey, key);
      if (kept.size > CONVERSATIONS_KEPT) kept.delete(kept.keys().next().value as string);
      return key;
    },
  };
  opener = { secret, options };
  return options;
}

/**
 * Open a batch of wraps with the desk key: decrypt (NIP-44), check the seal's signature and the
 * rumor, validate a report's fields with the schema of core/content.ts, and suggest its codes.
 * This is the costly part of the inbox; the desk worker runs it off the main thread.
 *
 * @example openWraps([{ seq: 7, raw }], deskSecretKey, deskPubkey, { suggest: true })
 */
export function openWraps(
  wraps: readonly WrapToOpen[],
  deskSecretKey: Uint8Array,
  deskPubkey: string,
  options: OpenOptions,
): OpenedWrap[] {
  return wraps.map((w) => openOne(w, deskSecretKey, deskPubkey, options));
}

function openOne(w: WrapToOpen, secret: Uint8Array, desk: string, options: OpenOptions): OpenedWrap {
  let wrap: NostrEvent;
  try {
    wrap = JSON.parse(w.raw) as NostrEvent;
  } catch {
    return { seq: w.seq, wrapId: '', type: 'unopened', reason: 'stored_json_damaged' };
  }
  const base = { seq: w.seq, wrapId: wrap.id };
  let rumor: Rumor;
  let author: string;
  try {
    ({ rumor, author } = openWrap(wrap, secret, openerFor(secret)));
  } catch (err) {
    return { ...base, type: 'unopened', reason: err instanceof ValidationError ? err.code : 'undecryptable' };
  }
  if (rumor.kind === Kind.Report) return { ...base, ...openReport(rumor, author, options) };
  if (author !== desk) return { ...base, type: 'unopened', reason: `kind_${rumor.kind}_not_from_desk` };
  if (rumor.kind === Kind.DeskRecord) {
    const content = jsonObject(rumor.content);
    return content
      ? { ...base, type: 'desk_record', content }
      : { ...base, type: 'unopened', reason: 'desk_record_malformed' };
  }
  if (rumor.kind === Kind.Reply) {
    const content = jsonObject(rumor.content);
    const reporter = tagValue(rumor, 'p');
    if (!reporter || typeof content?.text !== 'string') {
      return { ...base, type: 'unopened', reason: 'reply_malformed' };
    }
    return {
      ...base,
      type: 'reply_copy',
      id: rumor.id,
      reporter,
      reportId: tagValue(rumor, 'e') ?? null,
      createdAt: rumor.created_at,
      text: content.text,
    };
  }
  return { ...base, type: 'unopened', reason: `kind_${rumor.kind}_not_kept` };
}

type ReportOutcome = Extract<OpenedBody, { type: 'report' | 'unreadable' }>;

/**
 * A report's fields come from whoever sealed it: they reach the inbox only through the schema.
 * One that fails is kept as `unreadable` with the schema's message, and with its text when the
 * text at least is a string (cut to the longest a report may have), so that an editor sees it.
 */
function openReport(rumor: Rumor, author: string, options: OpenOptions): ReportOutcome {
  try {
    const c = parseRecordContent(Kind.Report, rumor);
    const report: OpenedReport = {
      id: rumor.id,
      text: c.text,
      lang: c.lang ?? null,
      channel: c.channel,
      receivedAt: rumor.created_at,
      author,
      hints: c.hints ?? null,
      replyKey: c.reply_key ?? null,
    };
    return { type: 'report', report, suggestion: options.suggest ? suggestSafely(report) : null };
  } catch (err) {
    const raw = jsonObject(rumor.content);
    const channel = ReportChannelSchema.safeParse(raw?.channel);
    return {
      type: 'unreadable',
      id: rumor.id,
      author,
      createdAt: rumor.created_at,
      text: typeof raw?.text === 'string' ? raw.text.slice(0, REPORT_LIMITS.textMax) : '',
      channel: channel.success ? channel.data : 'unknown',
      reason: err instanceof ValidationError ? err.message : 'the report does not fit the schema',
    };
  }
}

/** The analysis must not stop the queue: a report it cannot handle is shown without suggestion. */
function suggestSafely(report: OpenedReport): Suggestion | null {
  try {
    analyzer ??= defaultAnalyzer(() => deskModel);
    return analyzer.suggest(report);
  } catch {
    return null;
  }
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
