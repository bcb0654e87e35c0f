import { TilshiError } from '../../core/errors.js';
import {
  type Account,
  createAccount,
  disableAccount,
  generatePassword,
  listAccounts,
  ROLES,
  type Role,
  resetPassword,
} from '../../desk/accounts.js';
import { loadConfig, readEnv, resolveDataDir } from '../../node/config.js';
import { requireNotServing } from '../../node/serve-lock.js';
import { parseVerbArgs, UsageError } from '../args.js';
import { openCliNode } from '../unlock.js';

const USAGE =
  'account add NAME [--role editor|organizer|viewer|admin] | account list | account disable NAME | account reset NAME';

/**
 * Who acts from the command line: whoever holds the desk passphrase, written `cli` in the audit
 * log. It is no account (id 0 matches none), so it may disable any account, the last admin's
 * included: a desk whose admins are all gone is mended here.
 */
const CLI_ACTOR: Account = { id: 0, username: 'cli', role: 'admin', must_change_password: false };

/**
 * `tilshi account add|list|disable|reset`: the desk's accounts, for teams that share the desk
 * (each person signs in with their own). `add` and `reset` print a one-time password, once; its
 * owner chooses their own at the first sign-in. Opens the store with the desk passphrase like
 * the other desk verbs, so the node must be stopped (while it serves, admins use the desk's
 * Accounts screen).
 */
export async function accountVerb(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add' && sub !== 'list' && sub !== 'disable' && sub !== 'reset') throw new UsageError(USAGE);
  const { values, positionals } = parseVerbArgs(
    rest,
    { role: { type: 'string' }, json: { type: 'boolean' } },
    true,
  );
  const name = positionals[0];
  if (sub === 'list' ? positionals.length > 0 : positionals.length !== 1 || !name)
    throw new UsageError(USAGE);
  if (values.role !== undefined && sub !== 'add') throw new UsageError('--role goes with account add');
  const role = (values.role ?? 'editor') as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);

  const env = readEnv();
  const dataDir = resolveDataDir(values.data, env);
  if (loadConfig(dataDir).role !== 'desk')
    throw new TilshiError('not_a_desk', 'accounts live on a desk node');
  requireNotServing(
    dataDir,
    'changing desk accounts from the command line (use the desk’s Accounts screen meanwhile)',
  );
  const node = await openCliNode(dataDir, env, { verifyThreads: 0 });
  const print = (json: unknown, text: string) =>
    process.stdout.write(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
  try {
    switch (sub) {
      case 'list': {
        const accounts = listAccounts(node.db);
        print(
          { accounts },
          accounts
            .map((a) => {
              const state = a.disabled_at
                ? 'disabled'
                : a.must_change_password
                  ? 'one-time password'
                  : 'active';
              return `${a.username}\t${a.role}\t${state}\t${a.sessions} session(s)`;
            })
            .join('\n') || 'no accounts',
        );
        return 0;
      }
      case 'add': {
        const password = generatePassword();
        const account = await createAccount(node.db, {
          username: name!,
          password,
          role,
          mustChangePassword: true,
          actor: CLI_ACTOR.username,
        });
        print(
          { account: { username: account.username, role: account.role }, one_time_password: password },
          `account ${account.username} (${account.role}) created\none-time password: ${password}\n(shown once: ${account.username} chooses their own at the first sign-in)`,
        );
        return 0;
      }
      case 'disable':
        disableAccount(node.db, name!, CLI_ACTOR);
        print(
          { account: { username: name }, disabled: true },
          `account ${name} disabled; its sessions ended`,
        );
        return 0;
      case 'reset': {
        const password = await resetPassword(node.db, name!, CLI_ACTOR);
        print(
          { account: { username: name }, one_time_password: password },
          `account ${name} has a new one-time password: ${password}\n(shown once; the account is enabled again and its sessions ended)`,
        );
        return 0;
      }
    }
  } finally {
    await node.close();
  }
}
