import { readFileSync, writeFileSync } from 'node:fs';
import { TilshiError } from '../../core/errors.js';
import { parsePublicKey } from '../../crypto/keys.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { exportBundle, importBundle } from '../../sync/bundle.js';
import { bundleToQrFrames, writeQrFrames } from '../../sync/qr.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { openCliNode } from '../unlock.js';

/**
 * `tilshi bundle export [--peer NPUB] --out FILE [--qr DIR]` and `tilshi bundle import FILE`:
 * one-way transfer by file (USB stick, e-mail, Bluetooth) or by an animated QR code.
 */
export async function bundleVerb(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'export') return exportVerb(rest);
  if (sub === 'import') return importVerb(rest);
  throw new UsageError('say export or import');
}

async function exportVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {
    peer: { type: 'string' },
    out: { type: 'string' },
    qr: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.out) throw new UsageError('--out FILE is required');
  const peer = values.peer ? parsePublicKey(values.peer) : undefined;
  const env = readEnv();
  const node = await openCliNode(resolveDataDir(values.data, env), env, { verifyThreads: 0 });
  try {
    const { bytes, header } = exportBundle(node, peer ? { peer } : {});
    writeFileSync(values.out, bytes);
    const frames = values.qr ? await writeQrFrames(bundleToQrFrames(bytes), values.qr) : [];
    const out = {
      file: values.out,
      bytes: bytes.length,
      events: header.count,
      for: header.for,
      log_range: [header.from_seq, header.upto_seq],
      qr_frames: frames.length,
    };
    process.stdout.write(
      values.json
        ? `${JSON.stringify(out, null, 2)}\n`
        : `Wrote ${out.events} events (${out.bytes} bytes) to ${out.file}${peer ? ' (what that peer has not acknowledged)' : ''}${frames.length ? `; ${frames.length} QR frames in ${values.qr}` : ''}\n`,
    );
    return 0;
  } finally {
    await node.close();
  }
}

async function importVerb(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(args, { json: { type: 'boolean' } }, true);
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give one bundle FILE');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new TilshiError('cannot_read', `cannot read ${file}: ${(err as Error).message}`);
  }
  const env = readEnv();
  const node = await openCliNode(resolveDataDir(values.data, env), env);
  try {
    const r = await importBundle(node, bytes);
    const { newIds: _ids, ...shown } = r;
    const rejected = Object.entries(r.rejected)
      .map(([code, n]) => `${n} ${code}`)
      .join(', ');
    process.stdout.write(
      values.json
        ? `${JSON.stringify(shown, null, 2)}\n`
        : `Imported ${file}: ${r.new} new of ${r.total} events, ${r.duplicates} already here${rejected ? `, refused: ${rejected}` : ''}\n`,
    );
    // A bundle with refused events did not fully arrive: say so to scripts too.
    return rejected ? 1 : 0;
  } finally {
    await node.close();
  }
}
