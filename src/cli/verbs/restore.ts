import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TilshiError } from '../../core/errors.js';
import { deskDatabaseKey } from '../../crypto/db-key.js';
import { decryptSecretKey } from '../../crypto/keys.js';
import { checkStagedStore, installStaged, type StagedBackup, stageBackup } from '../../node/backup.js';
import { dataPaths, type EnvSettings, readEnv, resolveDataDir } from '../../node/config.js';
import type { DatabaseKey } from '../../node/node.js';
import { passphraseRequired, secureDataFolder } from '../../node/open-store.js';
import { claimServeLock, requireNotServing } from '../../node/serve-lock.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { promptLine, promptSecret } from '../prompt.js';

/** The key of a staged backup's store, from the secrets its node needs. */
async function stagedKey(staged: StagedBackup, env: EnvSettings): Promise<DatabaseKey | undefined> {
  const { manifest } = staged;
  if (manifest.encryption === 'none') return undefined;
  if (manifest.encryption === 'passphrase') {
    const passphrase = env.databasePassphrase ?? (await promptSecret('Database passphrase: '));
    if (!passphrase) throw passphraseRequired({ role: 'relay' });
    return { passphrase };
  }
  const demo = join(staged.dir, 'demo-passphrase');
  const passphrase =
    env.deskPassphrase ??
    (existsSync(demo) ? readFileSync(demo, 'utf8') : await promptSecret('Desk key passphrase: '));
  if (!passphrase) throw passphraseRequired({ role: 'desk' });
  const deskKey = decryptSecretKey(readFileSync(join(staged.dir, 'desk.ncryptsec'), 'utf8'), passphrase);
  if (deskKey.publicKey !== manifest.desk_pubkey)
    throw new TilshiError('bad_backup', "the backup's desk.ncryptsec does not hold its desk key");
  return { raw: deskDatabaseKey(deskKey) };
}

/**
 * `tilshi restore FILE [--yes]`: check a backup (hashes, the store's pages with its key, the
 * events its manifest counted), then put it in place of the data folder's node. Refuses while a
 * node serves the folder; asks before it replaces a node that is there.
 */
export async function restoreVerb(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(
    args,
    { yes: { type: 'boolean' }, json: { type: 'boolean' } },
    true,
  );
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give one backup FILE');
  if (!existsSync(file)) throw new TilshiError('cannot_read', `${file} does not exist`);
  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  requireNotServing(dataDir, 'restoring');
  const created = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = claimServeLock(dataDir);
  let staged: StagedBackup | undefined;
  let restored = false;
  try {
    staged = stageBackup(file, dataDir);
    checkStagedStore(staged, await stagedKey(staged, env));
    const { manifest } = staged;
    if (existsSync(dataPaths(dataDir).config) && !values.yes) {
      const answer = await promptLine(
        `${dataDir} holds a node: replace its database, keys and config with the backup of ${manifest.created_at}? Type yes: `,
      );
      if (answer === undefined)
        throw new TilshiError(
          'confirmation_required',
          `${dataDir} holds a node: add --yes to replace it with the backup`,
        );
      if (answer.trim().toLowerCase() !== 'yes') {
        process.stdout.write('Nothing restored.\n');
        return 1;
      }
    }
    installStaged(staged, dataDir);
    restored = true;
    secureDataFolder(dataDir);
    if (values.json) process.stdout.write(`${JSON.stringify({ data: dataDir, ...manifest }, null, 2)}\n`);
    else
      process.stdout.write(
        `Restored the ${manifest.role} backup of ${manifest.created_at} into ${dataDir}: ${manifest.events} events (log position ${manifest.last_seq}); checked every page and hash first.\n`,
      );
    return 0;
  } finally {
    staged?.discard();
    release();
    // A folder made only for this restore goes again when the restore did not happen.
    if (created && !restored) rmSync(dataDir, { recursive: true, force: true });
  }
}
