// The layer rule of docs/development.md ("Layers"), checked by `npm run lint`:
//
//   core ← crypto, analysis ← store ← node ← intake, sync, desk, situation, organize, program ← server ← cli
//
// An arrow points at what may be imported. Features import no other feature (they meet through
// values and ports the caller hands them); server and CLI reach the store only through node and
// the features; web/ imports src/core as code and the rest of src/ as types only. Tests compose
// features freely, so the layer rules judge the code beside them, not the tests.
const FEATURES = 'intake|sync|desk|situation|organize|program';
const notTest = '\\.test\\.tsx?$';

/** A rule: code in `from` may not import `to`. */
const layer = (name, comment, from, to, toNot) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: notTest },
  to: { path: to, ...(toNot ? { pathNot: toNot } : {}) },
});

export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycles, type-only imports included: split the shared part into its own module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer(
      'core-imports-no-layer',
      'core is the bottom layer: it imports nothing else of src/.',
      '^src/core/',
      '^src/',
      '^src/core/',
    ),
    layer(
      'crypto-analysis-import-core-only',
      'crypto and analysis stand on core alone (and not on each other).',
      '^src/(crypto|analysis)/',
      '^src/',
      '^src/(core|$1)/',
    ),
    layer(
      'store-below-node',
      'The store knows no node, feature, server or CLI (a projection is the read model, not the view).',
      '^src/store/',
      `^src/(node|${FEATURES}|server|cli)/`,
    ),
    layer(
      'node-knows-no-feature',
      'The node layer runs no feature: src/desk/desk-node.ts composes the desk over it.',
      '^src/node/',
      `^src/(${FEATURES}|server|cli)/`,
    ),
    layer(
      'features-apart',
      'A feature imports no other feature, nor server or CLI: pass values or a named port instead.',
      `^src/(${FEATURES})/`,
      `^src/(${FEATURES}|server|cli)/`,
      '^src/$1/',
    ),
    layer(
      'server-below-cli-off-store',
      'Routes call commands and queries of the features and the node, never the store, and know no CLI.',
      '^src/server/',
      '^src/(store|cli)/',
    ),
    layer(
      'cli-off-store',
      'Verbs call commands and queries of the features and the node, never the store.',
      '^src/cli/',
      '^src/store/',
    ),
    layer('src-knows-no-web', 'The node does not import the browser code.', '^src/', '^web/'),
    {
      name: 'web-imports-types-of-src',
      comment:
        'The browser bundles src/core (schemas, kinds, taxonomy data); of the rest of src/ it imports types only.',
      severity: 'error',
      from: { path: '^web/src/', pathNot: notTest },
      to: { path: '^src/', pathNot: '^src/core/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
