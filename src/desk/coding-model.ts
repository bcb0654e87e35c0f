import { createHash } from 'node:crypto';
import { type CodingModel, decodeModel, encodeModel, type TrainingExample } from '../analysis/index.js';
import {
  CODING_MODEL_PART_BYTES,
  type CodedEventContent,
  type CodingModelRecord,
  CodingModelRecordSchema,
} from '../core/content.js';
import { tagValue } from '../core/event.js';
import { Kind } from '../core/kinds.js';
import { openWrap } from '../crypto/seal.js';
import type { TilshiNode } from '../node/node.js';
import { storeDeskRecord } from './inbox.js';
import { decisionRows } from './repository/index.js';
import { trainOnDecisions } from './train-job.js';

/*
 * The desk's own coding model. Every report an editor attaches to a published event is an
 * example of that event's codes (whatever the suggestion said: a corrected suggestion is the
 * most useful example there is), and every report marked as noise an example of noise. The
 * model is trained from the shipped one on these decisions (it starts from its weights and
 * stays near them, so it needs no copy of the corpora) and stored as desk records of type
 * `coding_model`, which reach the other desk nodes by sync like every desk record.
 */

/** A desk decision counts this much more than a corpus report the shipped model learned from. */
export const DECISION_WEIGHT = 3;
/** Retrain after this many new decisions, by default. */
export const RETRAIN_EVERY = 25;
/** At most this many decisions, the newest, are trained on (a bound on time and memory). */
const MAX_DECISIONS = 20_000;

/**
 * The labelled examples the desk's decisions give: attached reports with the codes of their
 * event's current version, and reports marked as noise.
 * @example collectDecisions(node).length // reports attached or marked as noise
 */
export function collectDecisions(node: TilshiNode): TrainingExample[] {
  const desk = node.deskPubkey;
  if (!desk) return [];
  const rows = decisionRows(node.db, MAX_DECISIONS);
  const events = new Map<string, CodedEventContent | null>();
  const eventOf = (id: string) => {
    if (!events.has(id)) {
      const [head] = node.log.query(
        { kinds: [Kind.CodedEvent], authors: [desk], tags: { d: [id] } },
        { as: 'node' },
      );
      events.set(id, head ? (JSON.parse(head.content) as CodedEventContent) : null);
    }
    return events.get(id) ?? null;
  };
  const out: TrainingExample[] = [];
  for (const r of rows) {
    const base = { text: r.text, lang: r.lang, channel: r.channel, weight: DECISION_WEIGHT };
    if (r.status === 'noise') {
      out.push({ ...base, sub: 'noise', responses: [] });
      continue;
    }
    const e = eventOf(r.event_id!);
    if (e) out.push({ ...base, sub: e.sub_event_type, responses: e.state_responses });
  }
  return out;
}

/** Train the desk's model on its decisions, starting from the shipped model. */
export function trainDeskModel(node: TilshiNode): CodingModel {
  return trainOnDecisions(collectDecisions(node));
}

/**
 * Store a model as desk records (parts of `CODING_MODEL_PART_BYTES`), sealed to the desk.
 * Returns its version (the hash of the encoded model).
 */
export function storeCodingModel(node: TilshiNode, model: CodingModel, actor: string): string {
  const bytes = Buffer.from(encodeModel(model));
  const version = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const parts = Math.max(1, Math.ceil(bytes.length / CODING_MODEL_PART_BYTES));
  for (let part = 0; part < parts; part++) {
    const data = bytes.subarray(part * CODING_MODEL_PART_BYTES, (part + 1) * CODING_MODEL_PART_BYTES);
    storeDeskRecord(
      node,
      {
        type: 'coding_model',
        id: `coding-model-${version.slice(0, 16)}-${part}`,
        version,
        part,
        parts,
        examples: model.info.examples,
        decisions: model.info.decisions,
        trained_at: model.info.trained_at,
        data: data.toString('base64'),
      },
      {
        actor,
        action: 'coding_model.store',
        target: version,
        details: { part, parts, decisions: model.info.decisions },
      },
    );
  }
  return version;
}

/**
 * The newest complete coding model among the desk's records (its own or synced from another
 * desk node), or null. Reads the desk's own wraps newest first.
 */
export function latestCodingModel(node: TilshiNode): { model: CodingModel; version: string } | null {
  const key = node.deskKey;
  if (!key) return null;
  const wraps = node.log.query(
    { kinds: [Kind.GiftWrap], authors: [key.publicKey], tags: { p: [key.publicKey] } },
    { as: 'node' },
  );
  const byVersion = new Map<string, CodingModelRecord[]>();
  for (const w of wraps) {
    if (tagValue(w, 'p') !== key.publicKey) continue;
    let record: CodingModelRecord;
    try {
      const { rumor, author } = openWrap(w, key.secretKey);
      if (rumor.kind !== Kind.DeskRecord || author !== key.publicKey) continue;
      const parsed = CodingModelRecordSchema.safeParse(JSON.parse(rumor.content));
      if (!parsed.success) continue;
      record = parsed.data;
    } catch {
      continue;
    }
    const list = byVersion.get(record.version) ?? [];
    if (!list.some((r) => r.part === record.part)) list.push(record);
    byVersion.set(record.version, list);
  }
  const complete = [...byVersion.entries()]
    .filter(([, list]) => list.length === list[0]!.parts)
    .sort(([, a], [, b]) => (a[0]!.trained_at < b[0]!.trained_at ? 1 : -1));
  for (const [version, list] of complete) {
    const bytes = Buffer.concat(
      list.sort((a, b) => a.part - b.part).map((r) => Buffer.from(r.data, 'base64')),
    );
    if (createHash('sha256').update(bytes).digest('hex').slice(0, 32) !== version) continue;
    try {
      return { model: decodeModel(bytes), version };
    } catch {}
  }
  return null;
}
