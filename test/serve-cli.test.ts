import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../src/crypto/keys.js';
import { requireBuiltCli, TILSHI_BIN, tilshi } from './support/cli.js';
import { tempDir } from './support/node.js';

/** Is the process alive? (signal 0 checks without sending anything) */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('tilshi serve on a relay, started through npx', () => {
  const data = tempDir('tilshi-serve-');
  beforeAll(async () => {
    requireBuiltCli();
    const desk = generateKeyPair().publicKey;
    expect((await tilshi(['init', '--desk-pubkey', desk, '--data', data.dir])).code).toBe(0);
  }, 60_000);
  afterAll(() => data.remove());

  it('prints no desk URL, says how phones reach it, and stops when the npx launcher is killed', async () => {
    // The launcher plays npm exec: the node is its child, with npm_command=exec in the environment.
    const launcherCode = `require('node:child_process').spawn(process.execPath, ${JSON.stringify([
      TILSHI_BIN,
      'serve',
      '--data',
      data.dir,
      '--port',
      '0',
    ])}, { stdio: 'inherit' }); setInterval(() => {}, 1000);`;
    const launcher = spawn(process.execPath, ['-e', launcherCode], {
      env: { ...process.env, npm_command: 'exec', TILSHI_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const pid = await new Promise<number>((resolve, reject) => {
      launcher.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:\d+ \(process (\d+)\)[\s\S]*node key/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      launcher.once('exit', () => reject(new Error(out)));
    });
    try {
      expect(out).not.toContain('/desk');
      expect(out).toContain('report page: http://127.0.0.1:');
      expect(out).toContain('start with --host 0.0.0.0');
      launcher.kill('SIGKILL');
      const deadline = Date.now() + 20_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(alive(pid)).toBe(false);
      expect(out).toContain('npx ended: stopping');
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      launcher.kill('SIGKILL');
    }
  }, 90_000);

  it('sync with a peer that does not answer says it failed, never "Synced"', async () => {
    const res = await tilshi(['sync', 'http://127.0.0.1:9', '--data', data.dir]);
    expect(res.code).toBe(1);
    expect(res.stdout).not.toContain('Synced');
    expect(res.stderr).toMatch(/^tilshi sync: failed: .+ \(\w+\)\n$/);
  }, 60_000);
});
