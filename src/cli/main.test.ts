import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tilshi } from '../../test/support/cli.js';
import { buildWrap, tempDir } from '../../test/support/node.js';
import { openDeskNode } from '../desk/desk-node.js';
import { helpText, VERBS } from './main.js';

const BIN = fileURLToPath(new URL('../../bin/tilshi.js', import.meta.url));
const INTERFACES = fileURLToPath(new URL('../../../shared/design/INTERFACES.md', import.meta.url));

/** Run the built CLI; resolves with the exit code and output whatever the code. */

describe('tilshi --help', () => {
  it('lists every verb of the contract (INTERFACES.md), marking those not built yet', () => {
    const contract = readFileSync(INTERFACES, 'utf8');
    const verbs = [...contract.matchAll(/^\| `tilshi (\w+)/gm)].map((m) => m[1]!);
    expect(verbs.length).toBeGreaterThan(10);
    const help = helpText();
    for (const verb of verbs) {
      expect(Object.keys(VERBS)).toContain(verb);
      expect(help).toContain(`tilshi ${verb}`);
    }
    for (const [name, verb] of Object.entries(VERBS)) {
      if (!verb.run) expect(help).toMatch(new RegExp(`tilshi ${name} [^\\n]*\\n[^\\n]*\\(not built yet\\)`));
    }
    expect(help).not.toMatch(/tilshi serve .*not built yet/);
  });
});

describe('the tilshi command', () => {
  const tmp = tempDir('tilshi-cli-');
  const env = {
    TILSHI_DESK_PASSPHRASE: 'a passphrase for the cli test',
    TILSHI_ADMIN_PASSWORD: 'an admin password',
  };

  beforeAll(() => {
    if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
    }
  });
  afterAll(() => tmp.remove());

  it('exits 2 on usage errors and 1 on verbs not built yet', async () => {
    expect((await tilshi(['no-such-verb'])).code).toBe(2);
    expect((await tilshi(['status', '--bogus'])).code).toBe(2);
    const unbuilt = Object.entries(VERBS).find(([, v]) => !v.run)?.[0];
    if (unbuilt) {
      const notBuilt = await tilshi([unbuilt]);
      expect(notBuilt.code).toBe(1);
      expect(notBuilt.stderr).toContain('not built yet');
    }
  });

  it('init --desk creates a desk; status shows it; a second init refuses', async () => {
    const init = await tilshi(['init', '--desk', '--data', tmp.dir], env);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/desk key: npub1/);
    const locked = await tilshi(['status', '--json', '--data', tmp.dir]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('passphrase_required');
    const status = await tilshi(['status', '--json', '--data', tmp.dir], env);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { role: string; desk_npub: string; events_total: number };
    expect(parsed.role).toBe('desk');
    expect(parsed.desk_npub).toMatch(/^npub1/);
    expect(parsed.events_total).toBe(0);
    const again = await tilshi(['init', '--desk', '--data', tmp.dir], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already_initialized');
  });

  it('init --desk without a passphrase and no terminal is a usage error', async () => {
    const other = tempDir();
    const res = await tilshi(['init', '--desk', '--data', other.dir]);
    other.remove();
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('TILSHI_DESK_PASSPHRASE');
  });

  it('reindex rebuilds the projections from the log, and status counts what is stored', async () => {
    const node = await openDeskNode({
      dataDir: tmp.dir,
      passphrase: env.TILSHI_DESK_PASSPHRASE,
      verifyThreads: 0,
    });
    const wraps = [
      buildWrap(node.deskPubkey!, { pow: 16 }),
      buildWrap(node.deskPubkey!, { pow: 16 }),
      // A report whose text is not text: listed, counted, never dropped.
      buildWrap(node.deskPubkey!, { pow: 16, content: { text: 5, channel: 'web' } }),
    ];
    expect((await node.ingest.submit(wraps)).every((r) => r.ok)).toBe(true);
    node.db.exec('DELETE FROM proj_kind_counts'); // damage the projection
    await node.close();

    const res = await tilshi(['reindex', '--data', tmp.dir], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Rebuilt \d+ projections from 3 events/);
    const status = JSON.parse((await tilshi(['status', '--json', '--data', tmp.dir], env)).stdout) as {
      by_kind: Record<string, number>;
      inbox: Record<string, number>;
    };
    expect(status.by_kind).toEqual({ '1059': 3 });
    expect(status.inbox).toEqual({ reports: 3, new: 2, unreadable: 1, unopened: 0, waiting: 0 });
    const text = (await tilshi(['status', '--data', tmp.dir], env)).stdout;
    expect(text).toContain('inbox:     3 reports (2 new), 1 unreadable, 0 waiting to be opened');
    expect(text).toContain('`tilshi inbox --status unreadable` shows each with the reason');
  }, 120_000);

  it('serve prints its URL and answers; reindex refuses while it runs', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data', tmp.dir, '--port', '0'], {
      env: { ...process.env, ...env, TILSHI_LOG_LEVEL: 'warn' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(out)));
      });
      expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, role: 'desk' });
      const refused = await tilshi(['reindex', '--data', tmp.dir], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('node_running');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
