import { resolve } from 'node:path';
import { createBackup, defaultBackupPath } from '../../node/backup.js';
import { loadConfig, readEnv, resolveDataDir } from '../../node/config.js';
import { parseVerbArgs } from '../args.js';
import { openCliNode } from '../unlock.js';

/**
 * `tilshi backup [--out FILE] [--json]`: a consistent snapshot of the store (the node may be
 * serving), encrypted like the store, with the folder's config and keys, in one tar file.
 */
export async function backupVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { out: { type: 'string' }, json: { type: 'boolean' } });
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  const config = loadConfig(dataDir);
  const out = resolve(values.out ?? defaultBackupPath(dataDir, config.role));
  const node = await openCliNode(dataDir, env, { readonly: true, verifyThreads: 0 });
  try {
    const started = performance.now();
    const manifest = createBackup(node, out);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ file: out, ...manifest }, null, 2)}\n`);
      return 0;
    }
    const how = {
      'desk-key': 'encrypted with the desk key: restoring it needs the desk passphrase',
      passphrase: 'encrypted with the database passphrase (TILSHI_DB_PASSPHRASE)',
      none: 'not encrypted (a relay holds nothing secret; set encrypt_database to change that)',
    }[manifest.encryption];
    process.stdout.write(
      [
        `Wrote ${out} in ${seconds} s: ${manifest.events} events (log position ${manifest.last_seq}), ${Object.keys(manifest.files).join(', ')}`,
        `  store ${how}`,
        '  node.key is in it as in the data folder: keep the file where only you can read it, off this machine.',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await node.close();
  }
}
