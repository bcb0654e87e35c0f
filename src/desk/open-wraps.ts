import { getConversationKey } from 'nostr-tools/nip44';
import { type CodingModel, decodeModel } from '../analysis/index.js';
import { ballotCodeHash } from '../core/ballot-code.js';
import {
  checkContent,
  parseRecordContent,
  REPORT_LIMITS,
  RecordIdSchema,
  ReportChannelSchema,
} from '../core/content.js';
import { ValidationError } from '../core/errors.js';
import type { NostrEvent } from '../core/event.js';
import { tagValue } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { type OpenWrapOptions, openWrap, type Rumor } from '../crypto/seal.js';
import { verifyEventSignature } from '../crypto/verify.js';
import type {
  OpenedBallot,
  OpenedBody,
  OpenedReport,
  OpenedWrap,
  Suggestion,
  WrapToOpen,
} from './inbox-types.js';
import { suggestReport } from './suggest-report.js';

export type { OpenedBody, OpenedReport, OpenedWrap, WrapToOpen } from './inbox-types.js';

export interface OpenOptions {
  /** Run the default analysis (`suggestCodes`) on each valid report here. */
  suggest: boolean;
}

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

/** Kinds an ordinary Nostr client sends whose content is the text itself (NIP-17 DM, a note). */
const PLAIN_TEXT_KINDS: ReadonlySet<number> = new Set([Kind.DirectMessage, Kind.TextNote]);

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
    const code = err instanceof ValidationError ? err.code : 'undecryptable';
    // The desk's own wraps are its records; anyone else's that does not open is shown, not dropped.
    if (wrap.pubkey === desk) return { ...base, type: 'unopened', reason: code };
    const message = err instanceof Error ? err.message : 'the wrap does not open';
    return { ...base, ...unreadable(wrap.id, wrap.pubkey, wrap.created_at, '', `${code}: ${message}`) };
  }
  if (rumor.kind === Kind.Report || PLAIN_TEXT_KINDS.has(rumor.kind)) {
    return { ...base, ...openReport(rumor, author, options) };
  }
  if (rumor.kind === Kind.JoinRequest && author !== desk) {
    return { ...base, ...openJoinRequest(rumor, author) };
  }
  if (rumor.kind === Kind.Ballot && author !== desk) {
    return { ...base, type: 'ballot', ballot: openBallot(rumor) };
  }
  if (author !== desk) {
    const label = KIND_NAMES[rumor.kind] ?? `kind ${rumor.kind}`;
    return {
      ...base,
      ...unreadable(
        rumor.id,
        author,
        rumor.created_at,
        textOf(rumor.content),
        `${label} is not a report: the inbox takes kinds 4620, 14 and 1 (and 4622 join requests)`,
      ),
    };
  }
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

const KIND_NAMES: Record<number, string> = {
  [Kind.DeskRecord]: 'a desk record (kind 4630) sealed by another key',
  [Kind.Reply]: 'a reply (kind 4621) sealed by another key',
};

type Unreadable = Extract<OpenedBody, { type: 'unreadable' }>;

function unreadable(id: string, author: string, createdAt: number, text: string, reason: string): Unreadable {
  return { type: 'unreadable', id, author, createdAt, text, channel: 'nostr', reason };
}

/** What an editor can read of a content that is not a report: its `text` or `message`, or itself. */
function textOf(content: string): string {
  const raw = jsonObject(content);
  const text =
    typeof raw?.text === 'string' ? raw.text : typeof raw?.message === 'string' ? raw.message : content;
  return text.slice(0, REPORT_LIMITS.textMax);
}

type ReportOutcome = Extract<OpenedBody, { type: 'report' }> | Unreadable;

/**
 * A report's fields come from whoever sealed it: they reach the inbox only through the schema.
 * A 4620 whose content is a JSON object is the project's report format; any other content (a
 * 4620 in plain text, a NIP-17 message, a note) is the report's text, channel `nostr`. One
 * that fails is kept as `unreadable` with the schema's message, and with its text when the text
 * at least is a string (cut to the longest a report may have), so that an editor sees it.
 */
function openReport(rumor: Rumor, author: string, options: OpenOptions): ReportOutcome {
  const raw = rumor.kind === Kind.Report ? jsonObject(rumor.content) : undefined;
  try {
    const c = raw
      ? parseRecordContent(Kind.Report, rumor)
      : checkContent(Kind.Report, { text: rumor.content, channel: 'nostr' });
    const report: OpenedReport = {
      id: rumor.id,
      text: c.text,
      lang: c.lang ?? null,
      channel: c.channel,
      receivedAt: rumor.created_at,
      author,
      hints: c.hints ?? null,
      replyKey: c.reply_key ?? null,
      via: c.via ?? null,
      smsReturn: c.sms_return ?? null,
    };
    return { type: 'report', report, suggestion: options.suggest ? suggestSafely(report) : null };
  } catch (err) {
    const channel = raw
      ? ReportChannelSchema.safeParse(raw.channel)
      : { success: true as const, data: 'nostr' };
    const text = raw ? (typeof raw.text === 'string' ? raw.text : '') : rumor.content;
    return {
      type: 'unreadable',
      id: rumor.id,
      author,
      createdAt: rumor.created_at,
      text: text.slice(0, REPORT_LIMITS.textMax),
      channel: channel.success ? channel.data : 'unknown',
      reason: err instanceof ValidationError ? err.message : 'the report does not fit the schema',
    };
  }
}

/**
 * A join request's fields come through its schema like a report's. One that fails is kept
 * visible as `unreadable` (with its message, if any) so that an editor still sees it.
 */
function openJoinRequest(rumor: Rumor, author: string): OpenedBody {
  try {
    const c = parseRecordContent(Kind.JoinRequest, rumor);
    return {
      type: 'join_request',
      request: {
        id: rumor.id,
        author,
        createdAt: rumor.created_at,
        pseudonym: c.pseudonym,
        enterprise: c.enterprise ?? null,
        settlement: c.settlement ?? null,
        want: c.want,
        contact: c.contact ?? null,
        message: c.message ?? null,
        collectiveId: c.collective_id ?? null,
        lang: c.lang ?? null,
        replyKey: c.reply_key ?? null,
      },
    };
  } catch (err) {
    const reason = err instanceof ValidationError ? err.message : 'the join request does not fit the schema';
    return unreadable(rumor.id, author, rumor.created_at, textOf(rumor.content), `join request: ${reason}`);
  }
}

/**
 * A ballot's fields come through its schema. The code is replaced by its hash here, in the
 * worker, so the desk's tables never hold a code. One that fails the schema is kept with the
 * problem (and the vote it names, if that much is readable): the desk shows it as refused.
 */
function openBallot(rumor: Rumor): OpenedBallot {
  try {
    const c = parseRecordContent(Kind.Ballot, rumor);
    return {
      id: rumor.id,
      createdAt: rumor.created_at,
      vote: c.vote,
      codeHash: ballotCodeHash(c.code),
      channel: c.channel,
      choices: c.choices,
      problem: null,
    };
  } catch (err) {
    const vote = jsonObject(rumor.content)?.vote;
    return {
      id: rumor.id,
      createdAt: rumor.created_at,
      vote: typeof vote === 'string' && RecordIdSchema.safeParse(vote).success ? vote : null,
      codeHash: null,
      channel: null,
      choices: null,
      problem: err instanceof ValidationError ? err.message : 'the ballot does not fit the schema',
    };
  }
}

/** The analysis must not stop the queue: a report it cannot handle is shown without suggestion. */
function suggestSafely(report: OpenedReport): Suggestion | null {
  try {
    return suggestReport(report, deskModel);
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
