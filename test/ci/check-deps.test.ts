import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/node.js';

const root = join(import.meta.dirname, '../..');
const tmp = tempDir('tilshi-deps-');
afterAll(() => tmp.remove());
const real = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const version = (name: string) => real.packages[`node_modules/${name}`].version as string;

/** Run the check on a copy of the real lockfile changed by `edit`. */
function check(edit: (lock: { packages: Record<string, Record<string, unknown>> }) => void) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  edit(lock);
  const file = join(tmp.dir, `lock-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(lock));
  const r = spawnSync(process.execPath, [join(root, 'scripts/check-deps.mjs'), '--lockfile', file], {
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('scripts/check-deps.mjs (offline dependency check, run by npm run lint)', () => {
  it('passes the committed lockfile', () => {
    expect(check(() => {})).toMatchObject({ status: 0, out: expect.stringContaining('advisories') });
  });

  it('fails on a version the advisory snapshot lists, naming the advisory', () => {
    const r = check((lock) => {
      lock.packages['node_modules/ws']!.version = '8.17.0';
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain('ws@8.17.0: GHSA-3h5v-q93c-6h6q');
  });

  it('fails on a package from elsewhere than the registry, without integrity, or with an unreviewed install script', () => {
    const r = check((lock) => {
      lock.packages['node_modules/zod']!.resolved = 'https://evil.example/zod.tgz';
      delete lock.packages['node_modules/ws']!.integrity;
      lock.packages['node_modules/qrcode']!.hasInstallScript = true;
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain(`zod@${version('zod')}: resolved from https://evil.example/zod.tgz`);
    expect(r.out).toContain(`ws@${version('ws')}: no sha512 integrity hash`);
    expect(r.out).toContain(`qrcode@${version('qrcode')}: runs an install script`);
  });
});
