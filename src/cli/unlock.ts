import { type DeskNode, type OpenDeskNodeOptions, openDeskNode } from '../desk/desk-node.js';
import { type EnvSettings, loadConfig } from '../node/config.js';
import { findPassphrase } from '../node/node.js';
import { passphraseRequired } from '../node/open-store.js';
import { promptSecret } from './prompt.js';

export interface Secrets {
  passphrase?: string;
  databasePassphrase?: string;
}

/**
 * The secrets a data folder's store needs: a desk's passphrase (TILSHI_DESK_PASSPHRASE, the demo
 * folder's file, or a prompt on a terminal), a relay's database passphrase when it encrypts
 * (TILSHI_DB_PASSPHRASE or a prompt). Throws `passphrase_required` when there is no way to ask.
 */
export async function storeSecrets(dataDir: string, env: EnvSettings): Promise<Secrets> {
  const config = loadConfig(dataDir);
  if (config.role === 'desk') {
    const passphrase =
      findPassphrase(dataDir, env.deskPassphrase) ?? (await promptSecret('Desk key passphrase: '));
    if (!passphrase) throw passphraseRequired(config);
    return { passphrase };
  }
  if (!config.encrypt_database) return {};
  const databasePassphrase = env.databasePassphrase ?? (await promptSecret('Database passphrase: '));
  if (!databasePassphrase) throw passphraseRequired(config);
  return { databasePassphrase };
}

/** Open a node for a CLI verb: ask for what the store needs, say on stderr what opening did. */
export async function openCliNode(
  dataDir: string,
  env: EnvSettings,
  options: Omit<OpenDeskNodeOptions, 'dataDir' | 'passphrase' | 'databasePassphrase'> = {},
): Promise<DeskNode> {
  const secrets = await storeSecrets(dataDir, env);
  return openDeskNode({
    dataDir,
    ...secrets,
    onNotice: (line) => process.stderr.write(`${line}\n`),
    ...options,
  });
}
