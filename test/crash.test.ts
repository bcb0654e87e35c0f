import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NostrEvent } from '../src/core/event.js';
import { generateKeyPair } from '../src/crypto/keys.js';
import { initDeskNode } from '../src/desk/desk-node.js';
import { dataPaths, loadConfig, saveConfig } from '../src/node/config.js';
import { buildWrap, tempDir } from './support/node.js';

const BIN = fileURLToPath(new URL('../bin/tilshi.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Start `tilshi serve` in a child process and wait for its URL. */
async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TILSHI_LOG_LEVEL: 'warn' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`node exited (${code}) before listening: ${out}`)));
  });
  return { child, url };
}

describe('crash safety', () => {
  const tmp = tempDir('tilshi-crash-');
  const desk = generateKeyPair();
  let events: NostrEvent[] = [];

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
    await initDeskNode({ dataDir: tmp.dir, deskPubkey: desk.publicKey });
    saveConfig(tmp.dir, { ...loadConfig(tmp.dir), pow_difficulty: 0, durability: 'full' });
    events = Array.from({ length: 1_500 }, (_, i) =>
      buildWrap(desk.publicKey, { pow: 0, text: `report ${i}` }),
    );
    // 1,500 wraps (three signatures and two encryptions each) take minutes on a loaded CI machine.
  }, 180_000);
  afterAll(() => tmp.remove());

  it('loses no acknowledged event when the node is killed with SIGKILL at random moments', async () => {
    const acknowledged = new Set<string>();
    let next = 0;
    // At least six crashes, and on until more than 50 events were acknowledged (a loaded machine
    // answers fewer between two kills), each kill at a random moment after the round's first answer.
    for (let round = 0; round < 40 && (round < 6 || acknowledged.size <= 50); round++) {
      const before = acknowledged.size;
      const { child, url } = await startChild(tmp.dir);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let alive = true;
      // Four clients: single events and small batches, as fast as the node answers.
      const client = async (batch: number) => {
        while (alive && next < events.length) {
          const slice = events.slice(next, next + batch);
          next += batch;
          try {
            const res = await fetch(`${url}/api/v1/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(batch === 1 ? slice[0] : slice),
            });
            const body = (await res.json()) as { accepted: string[] };
            for (const id of body.accepted) acknowledged.add(id);
          } catch {
            return; // the node died mid-request: nothing was acknowledged
          }
        }
      };
      const clients = [client(1), client(1), client(5), client(20)];
      const firstAnswer = Date.now() + 10_000;
      while (acknowledged.size === before && Date.now() < firstAnswer && next < events.length) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, Math.random() * 250));
      alive = false;
      child.kill('SIGKILL');
      await exited;
      await Promise.all(clients);
    }
    expect(acknowledged.size).toBeGreaterThan(50);

    // Restart once more: the node opens the store after the crash and brings projections up to date.
    const { child } = await startChild(tmp.dir);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));

    const db = new Database(dataPaths(tmp.dir).database, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set(
        (db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id),
      );
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      const counted = db.prepare('SELECT sum(n) AS n FROM proj_kind_counts').get() as { n: number };
      expect(counted.n).toBe(stored.size);
      const tags = db.prepare('SELECT count(*) AS n FROM event_tags').get() as { n: number };
      expect(tags.n).toBe(stored.size); // each wrap has exactly one indexed tag, its p
    } finally {
      db.close();
    }
  }, 240_000);
});
