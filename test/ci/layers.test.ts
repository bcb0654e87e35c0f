import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/node.js';

// The layer rule (.dependency-cruiser.mjs, docs/development.md "Layers") as `npm run lint` runs
// it: the real tree passes, and a tree with a wrong-way import or a cycle planted fails, naming
// the rule it breaks.
const root = join(import.meta.dirname, '../..');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const tmp = tempDir('tilshi-layers-');
afterAll(() => tmp.remove());

function cruise(cwd: string) {
  const r = spawnSync(
    process.execPath,
    [depcruise, 'src', 'web/src', '--config', '.dependency-cruiser.mjs', '--output-type', 'err'],
    { cwd, encoding: 'utf8', timeout: 120_000 },
  );
  return { status: r.status, out: r.stdout + r.stderr };
}

/** A small tree with the project's config and the given files (path → source). */
function tree(name: string, files: Record<string, string>): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(root, '.dependency-cruiser.mjs'), join(dir, '.dependency-cruiser.mjs'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', jsx: 'react-jsx' },
    }),
  );
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), source);
  }
  return dir;
}

/** Every layer once, each importing only what the rule allows. */
const CLEAN: Record<string, string> = {
  'src/core/kinds.ts': 'export const Kind = { Report: 4620 };\n',
  'src/crypto/seal.ts': "import { Kind } from '../core/kinds.js';\nexport const seal = () => Kind.Report;\n",
  'src/store/db.ts': "import { seal } from '../crypto/seal.js';\nexport type Db = { seal: typeof seal };\n",
  'src/node/node.ts': "import type { Db } from '../store/db.js';\nexport type TilshiNode = { db: Db };\n",
  'src/desk/publish.ts':
    "import type { TilshiNode } from '../node/node.js';\nexport const publish = (n: TilshiNode, text: string) => [n, text];\n",
  'src/situation/brief.ts':
    "import type { TilshiNode } from '../node/node.js';\nexport const brief = (n: TilshiNode) => String(n);\n",
  'src/server/routes.ts':
    "import { publish } from '../desk/publish.js';\nimport { brief } from '../situation/brief.js';\nexport const route = (n: never) => publish(n, brief(n));\n",
  'src/cli/main.ts': "import { route } from '../server/routes.js';\nexport const main = route;\n",
  'src/desk/publish.test.ts': "import { brief } from '../situation/brief.js';\nexport const t = brief;\n",
  'web/src/desk/api.ts':
    "import { Kind } from '../../../src/core/kinds.js';\nimport type { TilshiNode } from '../../../src/node/node.js';\nexport type N = TilshiNode;\nexport const k = Kind;\n",
};

describe('the layer rule (dependency-cruiser in npm run lint)', () => {
  it('passes the real tree', () => {
    const r = cruise(root);
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it('passes a small tree that keeps the rule (tests may compose features)', () => {
    const r = cruise(tree('clean', CLEAN));
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it.each([
    [
      'core-imports-no-layer',
      'src/core/zz.ts',
      "import type { Db } from '../store/db.js';\nexport type X = Db;\n",
    ],
    [
      'store-below-node',
      'src/store/zz.ts',
      "import type { TilshiNode } from '../node/node.js';\nexport type X = TilshiNode;\n",
    ],
    [
      'node-knows-no-feature',
      'src/node/zz.ts',
      "import { publish } from '../desk/publish.js';\nexport const x = publish;\n",
    ],
    [
      'features-apart',
      'src/desk/zz.ts',
      "import { brief } from '../situation/brief.js';\nexport const x = brief;\n",
    ],
    [
      'features-apart',
      'src/organize/zz.ts',
      "import { publish } from '../desk/publish.js';\nexport const x = publish;\n",
    ],
    [
      'server-below-cli-off-store',
      'src/server/zz.ts',
      "import type { Db } from '../store/db.js';\nexport type X = Db;\n",
    ],
    ['cli-off-store', 'src/cli/zz.ts', "import type { Db } from '../store/db.js';\nexport type X = Db;\n"],
    [
      'web-imports-types-of-src',
      'web/src/desk/zz.ts',
      "import { publish } from '../../../src/desk/publish.js';\nexport const x = publish;\n",
    ],
  ])('fails on a planted wrong-way import (%s: %s)', (rule, file, source) => {
    const r = cruise(tree(file.replace(/\W/g, '-'), { ...CLEAN, [file]: source }));
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(`error ${rule}: ${file}`);
  });

  it('fails on a planted cycle, type-only imports included', () => {
    const r = cruise(
      tree('cycle', {
        ...CLEAN,
        'src/store/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
        'src/store/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
      }),
    );
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('error no-cycle: src/store/a.ts');
  });
});
