import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/node.js';

// Where SQL may live (scripts/check-sql.mjs, docs/development.md "Layers") as `npm run lint`
// runs it: the real tree passes with no warning (no file is let off the rule), and a tree with
// SQL planted outside src/store and the repository modules fails, naming the file and line.
const root = join(import.meta.dirname, '../..');
const script = join(root, 'scripts/check-sql.mjs');
const tmp = tempDir('tilshi-check-sql-');
afterAll(() => tmp.remove());

function check(args: string[] = []) {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** A small tree of the given files (path → source). */
function tree(name: string, files: Record<string, string>): string {
  const dir = join(tmp.dir, name);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), source);
  }
  return dir;
}

/** SQL where it belongs: the store, a feature's repository file and folder, tests, comments. */
const CLEAN: Record<string, string> = {
  'src/store/db.ts':
    'export const cachedStatement = (db: { prepare(s: string): unknown }, sql: string) => db.prepare(sql);\n',
  'src/store/migrations/001.ts': "export const up = 'CREATE TABLE IF NOT EXISTS events (seq INTEGER)';\n",
  'src/intake/repository.ts':
    "import { cachedStatement } from '../store/db.js';\nexport const seen = (db: never) => cachedStatement(db, 'SELECT wrap_id FROM intake_seen');\n",
  'src/desk/repository/inbox.ts': `export const page = (where: string) => \`SELECT r.* FROM proj_reports r \${where} ORDER BY id\`;\n`,
  'src/desk/inbox.ts':
    "// Reads the rows with SELECT … FROM proj_reports, through the repository.\nimport { page } from './repository/inbox.js';\nexport const list = () => page('');\nexport const label = 'Select a report from the list';\n",
  'src/desk/inbox.test.ts': "export const q = 'SELECT 1 FROM proj_reports';\n",
  'src/sync/repository/peers.ts':
    "import { cachedStatement } from '../../store/db.js';\nexport const all = (db: never) => cachedStatement(db, 'SELECT * FROM sync_peers');\n",
  'src/sync/peers.ts':
    "import { all } from './repository/peers.js';\nexport const peers = (db: never) => all(db);\n",
};

describe('check-sql (SQL only in src/store and the repository modules)', () => {
  it('passes the real tree, with no warning', () => {
    const r = check();
    expect(r.out).toContain('no SQL outside src/store and the repository modules');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
  });

  it('passes a small tree that keeps the rule, with no warning', () => {
    const r = check(['--root', tree('clean', CLEAN)]);
    expect(r.out).toContain('no SQL outside src/store and the repository modules');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    [
      'a statement in a feature module',
      'src/desk/zz.ts',
      "export const q = 'DELETE FROM sessions WHERE id = ?';\n",
      1,
    ],
    [
      'a template in a feature module',
      'src/organize/zz.ts',
      `export const q = (t: string) =>\n  \`UPDATE \${t} SET head = 0\`;\n`,
      2,
    ],
    [
      'a call to cachedStatement outside a repository',
      'src/intake/zz.ts',
      "import { cachedStatement } from '../store/db.js';\nexport const q = (db: never, sql: string) => cachedStatement(db, sql);\n",
      2,
    ],
    [
      'a call to .prepare in the node layer',
      'src/node/zz.ts',
      'export const q = (db: { prepare(s: string): unknown }, sql: string) => db.prepare(sql);\n',
      1,
    ],
    [
      'SQL in a route',
      'src/server/routes/zz.ts',
      "export const q = 'INSERT OR IGNORE INTO accounts (id) VALUES (?)';\n",
      1,
    ],
    [
      'SQL in a tsx file',
      'src/web-ish/zz.tsx',
      "export const q = 'CREATE INDEX IF NOT EXISTS i ON t (a)';\n",
      1,
    ],
    ['SQL in a sync file', 'src/sync/zz.ts', "export const q = 'DROP TABLE IF EXISTS t';\n", 1],
    [
      'SQL back in a sync module beside its repository',
      'src/sync/peers.ts',
      "export const q = 'SELECT url FROM sync_peers WHERE node_pubkey = ?';\n",
      1,
    ],
    [
      'a cached statement in the sync log reader',
      'src/sync/log-reader.ts',
      "import { cachedStatement } from '../store/db.js';\nexport const max = (db: never) =>\n  cachedStatement(db, 'SELECT max(seq) AS s FROM events');\n",
      3,
    ],
    [
      'a repository file of a folder that is no feature',
      'src/server/repository.ts',
      "export const q = 'SELECT id FROM accounts';\n",
      1,
    ],
  ])('fails on %s (%s)', (_what, file, source, line) => {
    const r = check(['--root', tree(file.replace(/\W/g, '-'), { ...CLEAN, [file]: source })]);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`${file}:${line}:`);
    expect(r.err).not.toContain('src/desk/inbox.ts');
  });
});
