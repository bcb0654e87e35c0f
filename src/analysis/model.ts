import { deflateSync, inflateSync } from 'node:zlib';
import { STATE_RESPONSES, SUB_EVENT_TYPES } from '../core/taxonomy.js';
import { type FeatureInput, featureIndices } from './features.js';
import type { Token } from './normalize.js';

/*
 * The coding model: logistic regression over hashed features (features.ts), one softmax over the
 * sub-event types and "noise", and one yes/no head per state response. Small on purpose: it is
 * trained in seconds on the desk's own decisions, travels as a desk record between desk nodes,
 * and speaks only where the rules of suggest.ts are silent or in conflict.
 */

export const NOISE_CLASS = 'noise';
/** The classes of the type head: every sub-event type, then noise. */
export const TYPE_CLASSES: readonly string[] = [...SUB_EVENT_TYPES, NOISE_CLASS];
export const RESPONSE_HEADS: readonly string[] = STATE_RESPONSES;
const FORMAT = 1;
const DEFAULT_BITS = 15;

/** One labelled report: a corpus line with its gold, or a report an editor coded or marked as noise. */
export interface TrainingExample extends FeatureInput {
  /** A sub-event type, or "noise". */
  sub: string;
  /** State responses of the coded event (empty for noise). */
  responses: readonly string[];
  /** How much the example counts (the desk's own decisions count more than the shared corpus). */
  weight?: number;
}

export interface ModelInfo {
  /** Examples it was trained on, and how many of them were the desk's own decisions. */
  examples: number;
  decisions: number;
  trained_at: string;
}

export interface CodingModel {
  bits: number;
  classes: readonly string[];
  responses: readonly string[];
  /** Type head: classes × 2^bits. */
  type: Float32Array;
  /** Response heads: responses × 2^bits. */
  resp: Float32Array;
  info: ModelInfo;
}

export interface ModelPrediction {
  /** Probability per type class (sub-event types and noise). */
  type: Map<string, number>;
  /** Probability of each state response, given that the report is an event. */
  readonly responses: Map<string, number>;
}

/**
 * Probabilities of the model for one report. The response heads are read only when asked for
 * (a report coded as noise or a state measure never needs them).
 */
export function predict(model: CodingModel, input: FeatureInput, tokens?: Token[]): ModelPrediction {
  const f = featureIndices(input, model.bits, tokens);
  const dim = 1 << model.bits;
  const z = model.classes.map((_, c) => {
    let s = 0;
    const base = c * dim;
    for (let j = 0; j < f.length; j++) s += model.type[base + f[j]!]!;
    return s;
  });
  const p = softmax(z);
  const type = new Map(model.classes.map((c, k) => [c, p[k]!]));
  let responses: Map<string, number> | undefined;
  return {
    type,
    get responses() {
      responses ??= new Map(
        model.responses.map((r, k) => {
          let s = 0;
          const base = k * dim;
          for (let j = 0; j < f.length; j++) s += model.resp[base + f[j]!]!;
          return [r, sigmoid(s)];
        }),
      );
      return responses;
    },
  };
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface TrainOptions {
  bits?: number;
  /** Passes over the examples; by default more for few examples, fewer for many. */
  epochs?: number;
  learningRate?: number;
  /** L2 penalty on the weights a step touches. */
  l2?: number;
  /** Seed of the shuffle, so that a training run is repeatable. */
  seed?: number;
  /**
   * A model to start from and to stay near (L2 towards its weights): the shipped model, when a
   * desk trains on its own decisions without the corpora it was trained on.
   */
  init?: CodingModel | null;
}

/**
 * Train the model (AdaGrad on the log loss, sparse L2). Deterministic for the same examples and
 * seed. 10,000 examples take a few seconds.
 * @example const model = trainCodingModel(corpusExamples(reports));
 */
export function trainCodingModel(
  examples: readonly TrainingExample[],
  opts: TrainOptions & { decisions?: number } = {},
): CodingModel {
  const bits = opts.bits ?? DEFAULT_BITS;
  const dim = 1 << bits;
  const classes = TYPE_CLASSES;
  const responses = RESPONSE_HEADS;
  const type = new Float32Array(classes.length * dim);
  const resp = new Float32Array(responses.length * dim);
  const init = opts.init && opts.init.bits === bits ? opts.init : null;
  if (init) copyHeads(init, type, resp, dim);
  const type0 = init ? type.slice() : null;
  const resp0 = init ? resp.slice() : null;
  const gType = new Float32Array(type.length);
  const gResp = new Float32Array(resp.length);
  const lr = opts.learningRate ?? 0.1;
  const l2 = opts.l2 ?? 0.01;
  const epochs = opts.epochs ?? Math.max(6, Math.min(20, Math.round(3000 / Math.max(1, examples.length))));
  const data = examples
    .map((e) => ({
      f: featureIndices(e, bits),
      y: classes.indexOf(e.sub),
      r: new Set(e.responses),
      w: e.weight ?? 1,
    }))
    .filter((d) => d.y >= 0);
  const order = data.map((_, i) => i);
  const noiseIndex = classes.indexOf(NOISE_CLASS);
  let seed = opts.seed ?? 1;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const nc = classes.length;
  const nr = responses.length;
  const z = new Float64Array(nc);
  // One AdaGrad step on the weights of the active features of one head.
  const step = (
    w: Float32Array,
    w0: Float32Array | null,
    g2: Float32Array,
    base: number,
    f: Uint32Array,
    grad: number,
  ) => {
    for (let j = 0; j < f.length; j++) {
      const k = base + f[j]!;
      const g = grad + l2 * (w[k]! - (w0 ? w0[k]! : 0));
      const acc = g2[k]! + g * g;
      g2[k] = acc;
      w[k] = w[k]! - (lr * g) / Math.sqrt(acc + 1e-8);
    }
  };
  const dot = (w: Float32Array, base: number, f: Uint32Array) => {
    let s = 0;
    for (let j = 0; j < f.length; j++) s += w[base + f[j]!]!;
    return s;
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const d = data[idx]!;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < nc; c++) {
        z[c] = dot(type, c * dim, d.f);
        if (z[c]! > max) max = z[c]!;
      }
      let sum = 0;
      for (let c = 0; c < nc; c++) {
        z[c] = Math.exp(z[c]! - max);
        sum += z[c]!;
      }
      for (let c = 0; c < nc; c++) {
        const grad = d.w * (z[c]! / sum - (c === d.y ? 1 : 0));
        if (Math.abs(grad) > 1e-3) step(type, type0, gType, c * dim, d.f, grad);
      }
      // Responses are learned from events only: noise says nothing of how the state answered.
      if (d.y === noiseIndex) continue;
      for (let k = 0; k < nr; k++) {
        const grad = d.w * (sigmoid(dot(resp, k * dim, d.f)) - (d.r.has(responses[k]!) ? 1 : 0));
        if (Math.abs(grad) > 1e-3) step(resp, resp0, gResp, k * dim, d.f, grad);
      }
    }
  }
  return {
    bits,
    classes,
    responses,
    type,
    resp,
    info: {
      examples: data.length,
      decisions: opts.decisions ?? 0,
      trained_at: new Date().toISOString(),
    },
  };
}

/**
 * The model as bytes: a JSON header, then each weight as a signed byte (per-head scale), deflated.
 * @example decodeModel(encodeModel(model)) // the same predictions, to within a quantization step
 */
export function encodeModel(model: CodingModel): Uint8Array {
  const dim = 1 << model.bits;
  const heads = [
    ...model.classes.map((_, c) => model.type.subarray(c * dim, (c + 1) * dim)),
    ...model.responses.map((_, k) => model.resp.subarray(k * dim, (k + 1) * dim)),
  ];
  const scales = heads.map((h) => {
    let m = 0;
    for (const x of h) m = Math.max(m, Math.abs(x));
    return m / 127 || 1;
  });
  const body = new Int8Array(heads.length * dim);
  heads.forEach((h, k) => {
    for (let i = 0; i < dim; i++) body[k * dim + i] = Math.round(h[i]! / scales[k]!);
  });
  const header = Buffer.from(
    JSON.stringify({
      format: FORMAT,
      bits: model.bits,
      classes: model.classes,
      responses: model.responses,
      scales,
      info: model.info,
    }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  return deflateSync(Buffer.concat([len, header, Buffer.from(body.buffer)]), { level: 9 });
}

/** Read bytes of `encodeModel`. Throws on bytes that are not a model of this format. */
export function decodeModel(bytes: Uint8Array): CodingModel {
  const raw = inflateSync(bytes, { maxOutputLength: 64 * 1024 * 1024 });
  const n = raw.readUInt32BE(0);
  const header = JSON.parse(raw.subarray(4, 4 + n).toString('utf8')) as {
    format: number;
    bits: number;
    classes: string[];
    responses: string[];
    scales: number[];
    info: ModelInfo;
  };
  if (header.format !== FORMAT || !(header.bits >= 8 && header.bits <= 20)) {
    throw new Error(`not a coding model of format ${FORMAT}`);
  }
  const dim = 1 << header.bits;
  const heads = header.classes.length + header.responses.length;
  const body = new Int8Array(raw.buffer, raw.byteOffset + 4 + n, raw.length - 4 - n);
  if (body.length !== heads * dim || header.scales.length !== heads) throw new Error('model size mismatch');
  const type = new Float32Array(header.classes.length * dim);
  const resp = new Float32Array(header.responses.length * dim);
  for (let k = 0; k < heads; k++) {
    const target = k < header.classes.length ? type : resp;
    const off = (k < header.classes.length ? k : k - header.classes.length) * dim;
    const s = header.scales[k]!;
    for (let i = 0; i < dim; i++) target[off + i] = body[k * dim + i]! * s;
  }
  return {
    bits: header.bits,
    classes: header.classes,
    responses: header.responses,
    type,
    resp,
    info: header.info,
  };
}

/** Copy the heads of a model into weight arrays of the current classes (by name; others stay zero). */
function copyHeads(from: CodingModel, type: Float32Array, resp: Float32Array, dim: number): void {
  TYPE_CLASSES.forEach((c, k) => {
    const j = from.classes.indexOf(c);
    if (j >= 0) type.set(from.type.subarray(j * dim, (j + 1) * dim), k * dim);
  });
  RESPONSE_HEADS.forEach((r, k) => {
    const j = from.responses.indexOf(r);
    if (j >= 0) resp.set(from.resp.subarray(j * dim, (j + 1) * dim), k * dim);
  });
}
