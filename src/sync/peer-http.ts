import { z } from 'zod';
import { TilshiError } from '../core/errors.js';
import { Kind } from '../core/kinds.js';
import { Hex64Schema, issueText } from '../core/zod-util.js';
import { signEvent } from '../crypto/keys.js';
import type { TilshiNode } from '../node/node.js';

// Every answer of a peer is checked with a schema before it is used: a peer is outside input.
export const OfferAnswerSchema = z.object({
  node_pubkey: Hex64Schema,
  upto: z.number().int().nonnegative().refine(Number.isSafeInteger),
  last_seq: z.number().int().nonnegative().refine(Number.isSafeInteger),
  ids: z.string(),
  withheld: z.number().int().nonnegative().refine(Number.isSafeInteger).optional(),
  withheld_reason: z.string().max(100).optional(),
});
export const WantAnswerSchema = z.object({ want: z.string().max(1_000_000) });
export const PushAnswerSchema = z.object({
  accepted: z.number().int().nonnegative(),
  rejected: z.array(z.object({ id: z.string().nullable(), code: z.string().max(100) })),
});
export const NodeDocSchema = z.object({
  node_pubkey: Hex64Schema.optional(),
  name: z.string().max(200).optional(),
  limits: z
    .object({
      body_bytes: z.number().int().positive().optional(),
      events_per_request: z.number().int().positive().optional(),
    })
    .optional(),
});

interface HttpOptions {
  node: TilshiNode;
  /** The peer's base URL (peerBaseUrl). */
  base: string;
  timeoutMs: number;
}

export class Http {
  roundTrips = 0;
  private readonly node: TilshiNode;
  private readonly base: string;
  private readonly timeoutMs: number;
  constructor(options: HttpOptions) {
    this.node = options.node;
    this.base = options.base;
    this.timeoutMs = options.timeoutMs;
  }

  private auth(url: string, method: string): string {
    const event = signEvent(
      {
        kind: Kind.HttpAuth,
        created_at: Math.floor(Date.now() / 1000),
        tags: [
          ['u', url],
          ['method', method],
        ],
        content: '',
      },
      this.node.nodeKey,
    );
    return `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64')}`;
  }

  async post(
    path: string,
    request: { body: Buffer | string; contentType: string; headers?: Record<string, string> },
  ) {
    const { body, contentType, headers = {} } = request;
    const url = `${this.base}${path}`;
    this.roundTrips++;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: this.auth(url, 'POST'), ...headers },
        body: typeof body === 'string' ? body : new Uint8Array(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new TilshiError('peer_unreachable', `cannot reach ${this.base}: ${(err as Error).message}`, 502);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let code = 'peer_error';
      let message = `${res.status}`;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {
        // not JSON: keep the status
      }
      throw new TilshiError(code, `the peer refused ${path}: ${message}`, 502);
    }
    return res;
  }

  /** POST JSON and check the answer with `schema`. */
  async json<T>(
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<{ data: T; sent: number; received: number }> {
    const text = JSON.stringify(body);
    const res = await this.post(path, { body: text, contentType: 'application/json' });
    const answer = await res.text();
    return {
      data: checkAnswer(path, answer, schema),
      sent: Buffer.byteLength(text),
      received: Buffer.byteLength(answer),
    };
  }

  /** GET the peer's node document (its key and limits), checked. */
  async nodeDocument(): Promise<z.infer<typeof NodeDocSchema>> {
    const res = await fetch(`${this.base}/api/v1/node`, { signal: AbortSignal.timeout(this.timeoutMs) });
    return checkAnswer('/api/v1/node', await res.text(), NodeDocSchema);
  }
}

/** A peer's answer that is not JSON or not of the shape its schema asks. */
export class MalformedAnswer extends TilshiError {
  constructor(message: string) {
    super('peer_error', message, 502);
  }
}

/** Parse a peer's answer to `path` and check it with `schema`. */
export function checkAnswer<T>(path: string, answer: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    throw new MalformedAnswer(`the peer answered ${path} with something that is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new MalformedAnswer(`the peer answered ${path} malformed: ${issueText(parsed.error)}`);
  return parsed.data;
}
