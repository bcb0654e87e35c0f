import { z } from 'zod';
import { TilshiError } from '../../core/errors.js';
import type { NostrEvent } from '../../core/event.js';
import { Kind } from '../../core/kinds.js';
import { buildReportRumor } from '../../core/records.js';
import { Hex64Schema } from '../../core/zod-util.js';
import { generateKeyPair } from '../../crypto/keys.js';
import { sealRumorOffThread } from '../../crypto/seal.js';
import { parseVerbArgs, UsageError } from '../args.js';

const NodeInfo = z.object({
  desk_pubkey: Hex64Schema,
  pow_difficulty: z.number().int().min(0),
});

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new TilshiError('unreachable', `cannot reach ${new URL(url).origin}: ${(err as Error).message}`);
  }
  return { status: res.status, body: await res.json().catch(() => null) };
}

/**
 * `tilshi report --text T [--server URL]`: what the report page does, from a terminal. A fresh
 * reporter key seals the report to the desk the node announces, with the work it asks for.
 */
export async function reportVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {
    text: { type: 'string' },
    server: { type: 'string', default: 'http://127.0.0.1:8080' },
    lang: { type: 'string' },
    json: { type: 'boolean' },
  });
  const text = values.text?.trim();
  if (!text) throw new UsageError('--text is required');
  if (values.lang && !['ru', 'kk', 'en'].includes(values.lang))
    throw new UsageError('--lang is ru, kk or en');
  let server: URL;
  try {
    server = new URL(values.server);
  } catch {
    throw new UsageError('--server must be a URL such as http://127.0.0.1:8080');
  }
  const info = await getJson(new URL('/api/v1/node', server).href);
  const node = NodeInfo.safeParse(info.body);
  if (!node.success)
    throw new TilshiError('no_desk_configured', `${server.origin} does not name a desk to report to`);

  const reporter = generateKeyPair();
  const rumor = buildReportRumor(
    { text, channel: 'cli', ...(values.lang ? { lang: values.lang as 'ru' | 'kk' | 'en' } : {}) },
    { pubkey: reporter.publicKey, createdAt: Math.floor(Date.now() / 1000) },
  );
  const wrap: NostrEvent = await sealRumorOffThread(
    { kind: Kind.Report, content: rumor.content, tags: rumor.tags },
    reporter.secretKey,
    node.data.desk_pubkey,
    { powDifficulty: node.data.pow_difficulty },
  );
  const sent = await getJson(new URL('/api/v1/events', server).href, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(wrap),
  });
  const body = sent.body as { accepted?: string[]; rejected?: { code: string; message: string }[] } | null;
  if (!body?.accepted?.includes(wrap.id)) {
    const why = body?.rejected?.[0] ?? { code: 'rejected', message: `HTTP ${sent.status}` };
    throw new TilshiError(why.code, `the node refused the report: ${why.message}`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ id: wrap.id, reporter: reporter.publicKey })}\n`);
  else process.stdout.write(`Delivered, sealed to the desk: ${wrap.id}\n`);
  return 0;
}
