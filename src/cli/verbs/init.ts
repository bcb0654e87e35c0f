import { npubOf } from '../../crypto/keys.js';
import { initDeskNode } from '../../desk/desk-node.js';
import { readEnv, resolveDataDir } from '../../node/config.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { promptSecret } from '../prompt.js';

/** Ask for the desk passphrase twice on a terminal. */
export async function askNewPassphrase(): Promise<string | undefined> {
  const first = await promptSecret('Desk key passphrase (at least 8 characters): ');
  if (first === undefined) return undefined;
  const again = await promptSecret('Again: ');
  if (first !== again) throw new UsageError('the two passphrases differ');
  return first;
}

export async function initVerb(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, {
    desk: { type: 'boolean' },
    'desk-pubkey': { type: 'string' },
    'encrypt-database': { type: 'boolean' },
  });
  const env = readEnv();
  if (values.desk && values['desk-pubkey'])
    throw new UsageError('--desk and --desk-pubkey exclude each other');
  if (values.desk && values['encrypt-database'])
    throw new UsageError('a desk always encrypts its database (with its desk key): drop --encrypt-database');
  const databasePassphrase = values['encrypt-database']
    ? (env.databasePassphrase ?? (await promptSecret('Database passphrase (at least 8 characters): ')))
    : undefined;
  if (values['encrypt-database'] && (!databasePassphrase || databasePassphrase.length < 8))
    throw new UsageError(
      '--encrypt-database needs TILSHI_DB_PASSPHRASE (or a terminal), at least 8 characters',
    );
  const passphrase = values.desk ? (env.deskPassphrase ?? (await askNewPassphrase())) : undefined;
  if (values.desk && !passphrase) {
    throw new UsageError('set TILSHI_DESK_PASSPHRASE or run on a terminal to be asked for the passphrase');
  }
  const result = await initDeskNode({
    dataDir: resolveDataDir(values.data, env),
    desk: values.desk ?? false,
    ...(values['desk-pubkey'] ? { deskPubkey: values['desk-pubkey'] } : {}),
    ...(passphrase ? { passphrase } : {}),
    ...(databasePassphrase ? { databasePassphrase } : {}),
    ...(env.adminPassword ? { adminPassword: env.adminPassword } : {}),
  });
  const out = [
    `Created a ${result.role} node in ${result.dataDir}`,
    `  node key: ${npubOf(result.nodePubkey)}`,
    result.deskPubkey
      ? `  desk key: ${npubOf(result.deskPubkey)}`
      : '  desk key: none yet (set desk_pubkey in config.json)',
  ];
  if (result.role === 'desk') out.push('  database: encrypted with a key derived from the desk key');
  else if (databasePassphrase)
    out.push('  database: encrypted with the database passphrase (TILSHI_DB_PASSPHRASE)');
  if (result.admin?.generated) {
    out.push(
      `  desk sign-in: user "${result.admin.username}", one-time password: ${result.admin.password}`,
      '  (shown once; the desk asks for a new password at the first sign-in)',
    );
  } else if (result.admin) {
    out.push(`  desk sign-in: user "${result.admin.username}" with the password from TILSHI_ADMIN_PASSWORD`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
