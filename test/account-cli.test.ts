// `tilshi account add|list|disable|reset` on a desk folder: accounts made from the command line
// sign in with their one-time password, disabled ones do not, and every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../src/desk/accounts.js';
import { listAudit } from '../src/desk/audit.js';
import { initDeskNode } from '../src/desk/desk-node.js';
import { openNode } from '../src/node/node.js';
import { requireBuiltCli, tilshi } from './support/cli.js';
import { TEST_ADMIN_PASSWORD, TEST_PASSPHRASE, tempDir } from './support/node.js';

const unlock = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE };
const data = tempDir();
const account = (...args: string[]) => tilshi(['account', ...args, '--data', data.dir], unlock);

/** Open the folder, run `f` on its store, close it (the CLI opens it between calls). */
async function withDb<T>(f: (db: Awaited<ReturnType<typeof openNode>>['db']) => T | Promise<T>): Promise<T> {
  const node = await openNode({ dataDir: data.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
  try {
    return await f(node.db);
  } finally {
    await node.close();
  }
}

beforeAll(async () => {
  requireBuiltCli();
  await initDeskNode({
    dataDir: data.dir,
    desk: true,
    passphrase: TEST_PASSPHRASE,
    adminPassword: TEST_ADMIN_PASSWORD,
  });
}, 60_000);
afterAll(() => data.remove());

describe('tilshi account', () => {
  let password = '';

  it('adds an account with a role and prints its one-time password once', async () => {
    const out = await account('add', 'dana', '--role', 'organizer', '--json');
    expect(out.code, out.stderr).toBe(0);
    const body = JSON.parse(out.stdout) as {
      account: { username: string; role: string };
      one_time_password: string;
    };
    expect(body.account).toEqual({ username: 'dana', role: 'organizer' });
    password = body.one_time_password;
    const session = await withDb((db) => signIn(db, 'dana', password));
    expect(session.account).toMatchObject({ role: 'organizer', must_change_password: true });
    // The same name again is refused.
    const again = await account('add', 'dana');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('username_taken');
  }, 60_000);

  it('lists the accounts', async () => {
    const out = await account('list', '--json');
    expect(out.code, out.stderr).toBe(0);
    const { accounts } = JSON.parse(out.stdout) as { accounts: { username: string; role: string }[] };
    expect(accounts.map((a) => [a.username, a.role])).toEqual([
      ['admin', 'admin'],
      ['dana', 'organizer'],
    ]);
    const text = await account('list');
    expect(text.stdout).toMatch(/^dana\torganizer\tone-time password/m);
  }, 60_000);

  it('disables an account (it cannot sign in) and a reset enables it with a new one-time password', async () => {
    const off = await account('disable', 'dana');
    expect(off.code, off.stderr).toBe(0);
    await expect(withDb((db) => signIn(db, 'dana', password))).rejects.toMatchObject({
      code: 'bad_credentials',
    });
    const reset = await account('reset', 'dana', '--json');
    expect(reset.code, reset.stderr).toBe(0);
    const fresh = (JSON.parse(reset.stdout) as { one_time_password: string }).one_time_password;
    expect(fresh).not.toBe(password);
    await expect(withDb((db) => signIn(db, 'dana', fresh))).resolves.toBeTruthy();
    const actions = await withDb((db) =>
      listAudit(db, 20)
        .filter((e) => e.actor === 'cli')
        .map((e) => e.action),
    );
    expect(actions).toEqual(['account.password_reset', 'account.disable', 'account.create']);
  }, 60_000);

  it('answers a usage error for a missing name, an unknown role or an unknown account', async () => {
    expect((await account('add')).code).toBe(2);
    expect((await account('add', 'erlan', '--role', 'boss')).code).toBe(2);
    expect((await account('frobnicate')).code).toBe(2);
    const missing = await account('disable', 'nobody');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('account_not_found');
  }, 60_000);
});
