#!/usr/bin/env node
// Builds the browser apps into web/dist:
//   index.html (situation), report.html, join.html, desk.html  — pages, no inline script or style
//   assets/<page>-<hash>.js, assets/style-<hash>.css — content-hashed, safe to cache forever
//   assets/pow-<hash>.js — the proof-of-work Web Worker of the report and join pages
//   vote.html — the vote page (/vote), sealing ballots like the join page
//   sw.js, join-sw.js, vote-sw.js — the service workers of the report page (scope /report), the
//     join page (scope /join) and the vote page (scope /vote), each with the list of what it keeps
//   learn.html, learn-sw.js — education material and its own service worker (scope /learn)
//   assets/map-<hash>.json — the situation page's map (scripts/map-data.mjs), fetched by its script
// Each page gets one self-contained script (no shared chunks: the report page must load in one
// small request on a bad connection) and only its own messages: `common.*` and `<page>.*`.
// Prints one line on success; on failure prints the errors and exits non-zero.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, formatMessages } from 'esbuild';
import { buildMapData, COMMITTED_MAP } from './map-data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'web/src');
const dist = join(root, 'web/dist');
const assets = join(dist, 'assets');

/** Source page, output page, script. The page name is also its message namespace. */
const PAGES = [
  { name: 'situation', html: 'situation.html', out: 'index.html' },
  { name: 'report', html: 'report.html', out: 'report.html' },
  { name: 'join', html: 'join.html', out: 'join.html' },
  { name: 'vote', html: 'vote.html', out: 'vote.html' },
  { name: 'desk', html: 'desk.html', out: 'desk.html' },
  { name: 'learn', html: 'learn.html', out: 'learn.html' },
  // The program page borrows the dashboard's names of demands and their classes, and the vote
  // page's names of a ballot's choices and a plank's outcomes.
  {
    name: 'program',
    html: 'program.html',
    out: 'program.html',
    also: ['situation.demand.', 'situation.demand_class.', 'vote.choice.', 'vote.outcome.'],
  },
];

/**
 * The report page is opened on phones over throttled links. Its budget covers everything the
 * first visit downloads, gzip: HTML, script, style, the proof-of-work worker and the service
 * worker (which fetches the others again for its cache, from the browser's HTTP cache).
 * 30 KB, and 64 bytes for the page's link to /join (issue 12), which it could not spare.
 */
const REPORT_BUDGET_BYTES = 30 * 1024 + 64;

/**
 * The join page (/join) is opened the same way and carries the same sealing, work and queue:
 * the same kind of budget, everything its first visit downloads, gzip.
 */
const JOIN_BUDGET_BYTES = 30 * 1024;

/** The vote page (/vote) is opened from a QR code on a paper ballot, the same way: the same budget. */
const VOTE_BUDGET_BYTES = 30 * 1024;

/** Pages that seal on the phone and work offline: their service worker and its cache names. */
const OFFLINE_PAGES = {
  report: { sw: 'sw', path: '/report', prefix: 'tilshi-report-', budget: REPORT_BUDGET_BYTES },
  join: { sw: 'join-sw', path: '/join', prefix: 'tilshi-join-', budget: JOIN_BUDGET_BYTES },
  vote: { sw: 'vote-sw', path: '/vote', prefix: 'tilshi-vote-', budget: VOTE_BUDGET_BYTES },
};

/**
 * The /learn page is opened on phones, often from a QR code on a leaflet: everything its first
 * visit downloads, gzip (HTML, styles, script with its QR encoder, service worker).
 */
const LEARN_BUDGET_BYTES = 25 * 1024;

/** The /learn page's own worker (network first for materials, web/src/learn/sw.ts). */
const LEARN_WORKER = { sw: 'learn-sw', entry: join(src, 'learn', 'sw.ts'), prefix: 'tilshi-learn-' };

/**
 * The desk is opened by editors, often on a phone over a poor link: everything its first visit
 * downloads (HTML, styles, script and the chunks the script imports at once; not the QR chunk
 * fetched only when the Transfer panel shows or reads a code), compressed as the node serves
 * it, brotli and gzip.
 */
const DESK_BUDGET_BYTES = 60 * 1024;

/**
 * Messages of a part of the desk loaded later (its own chunk, with its own words): the desk
 * page leaves these keys out, and the chunk's entry imports the catalogues to get them only.
 */
const DESK_CHUNK_MESSAGES = [
  { name: 'organize', prefixes: ['desk.organize.'], importer: /[\\/]web[\\/]src[\\/]desk[\\/]organize[\\/]/ },
  {
    name: 'materials',
    prefixes: ['desk.materials.'],
    importer: /[\\/]web[\\/]src[\\/]desk[\\/]materials[\\/]/,
  },
  // The event form and its conflict view (web/src/desk/event-chunk.tsx).
  {
    name: 'event',
    prefixes: ['desk.event.', 'desk.conflict.', 'desk.form.'],
    importer: /[\\/]web[\\/]src[\\/]desk[\\/]event-chunk\.tsx$/,
  },
  {
    name: 'transfer',
    prefixes: ['desk.transfer.'],
    importer: /[\\/]web[\\/]src[\\/]desk[\\/]transfer-chunk\.tsx$/,
  },
  { name: 'accounts', prefixes: ['desk.accounts.'], importer: /[\\/]web[\\/]src[\\/]desk[\\/]accounts[\\/]/ },
  { name: 'brief', prefixes: ['desk.brief.'], importer: /[\\/]web[\\/]src[\\/]desk[\\/]brief[\\/]/ },
  { name: 'peers', prefixes: ['desk.peers.'], importer: /[\\/]web[\\/]src[\\/]desk[\\/]peers[\\/]/ },
  { name: 'program', prefixes: ['desk.program.'], importer: /[\\/]web[\\/]src[\\/]desk[\\/]program[\\/]/ },
  // The report page's later chunk (save to file, the SMS route): web/src/report/more.ts.
  { name: 'report-more', prefixes: ['report.more.'], importer: /[\\/]web[\\/]src[\\/]report[\\/]more\.ts$/ },
];

/** Whether a message key travels with a desk chunk rather than with the page. */
const inDeskChunk = (key) => DESK_CHUNK_MESSAGES.some((c) => c.prefixes.some((p) => key.startsWith(p)));

/**
 * Chunks an offline page fetches only when first used (kept by its service worker for use
 * offline), each built on its own: the page still loads as one script (one request on a bad
 * connection), and the chunk imports no module of the page (what it needs is handed over), so
 * nothing is carried twice. The page finds the chunk's hashed URL in `define`.
 */
const LATER_CHUNKS = {
  report: [{ name: 'report-more', entry: join(src, 'report', 'more.ts'), define: '__REPORT_MORE__' }],
  join: [],
};

/** Packages a page must not carry: zod is the node's (the desk takes plain code lists). */
const NOT_IN_PAGES = [/[\\/]node_modules[\\/]zod[\\/]/];

/** The situation page's map file, gzip: Kazakhstan, its regions and neighbours, simplified. */
const MAP_BUDGET_BYTES = 24 * 1024;

/** Where nostr-tools finds its @noble packages (it pins its own versions). */
const NOSTR_TOOLS = join(root, 'node_modules/nostr-tools/lib/esm');

const COMMON = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2019', 'safari13'],
  // esbuild counts Safari 13 as lacking destructuring because it fails edge cases (parameter
  // defaults seeing the function body's scope) that this code does not use; plain destructuring
  // works there since Safari 10, and esbuild cannot lower it anyway.
  supported: { destructuring: true },
  sourcemap: false,
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'silent',
  metafile: true,
  outdir: assets,
  entryNames: '[name]-[hash]',
};

/**
 * The desk loads its QR code libraries (Transfer panel: bc-ur, qrcode, jsQR, ~115 KB gzip) with
 * a dynamic import(), into a chunk of their own fetched only when a QR code is shown or read.
 */
const DESK_OPTIONS = { splitting: true, chunkNames: 'desk-[name]-[hash]' };

class BuildError extends Error {}

/** For each file written: the files it imports statically (they load with it). */
const staticImports = new Map();

/** A file and everything it imports statically, each once. */
function withImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const next of staticImports.get(file) ?? []) withImports(next, seen);
  return seen;
}

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/**
 * Keep only the messages a page uses, so a page does not carry the others' words: `common.*`
 * and `<page>.*`, or, given `used` (the report page, where every byte counts), only the keys it
 * accepts. The keys are written once, in one list, and each language is a list of its messages
 * in that order (the keys three times over cost the desk 2 KB gzip).
 */
function messagesOf(page, used, also = []) {
  const keep = (key) =>
    (key.startsWith('common.') || key.startsWith(`${page}.`) || also.some((p) => key.startsWith(p))) &&
    !inDeskChunk(key) &&
    (!used || used(key));
  const keysOf = async () =>
    Object.keys(JSON.parse(await readFile(join(root, 'web/i18n/en.json'), 'utf8')))
      .filter(keep)
      .sort();
  return {
    name: 'tilshi-messages',
    setup(b) {
      b.onLoad({ filter: /[\\/]web[\\/]i18n[\\/][a-z]+\.json$/ }, async (args) => {
        const all = JSON.parse(await readFile(args.path, 'utf8'));
        const messages = (await keysOf()).map((key) => (Object.hasOwn(all, key) ? all[key] : null));
        return {
          contents: `import keys from 'tilshi:message-keys';
const messages = ${JSON.stringify(messages)};
const catalogue = {};
keys.forEach((key, i) => { if (messages[i] !== null) catalogue[key] = messages[i]; });
export default catalogue;`,
          loader: 'js',
        };
      });
      b.onResolve({ filter: /^tilshi:message-keys$/ }, () => ({
        path: 'keys',
        namespace: 'tilshi-messages',
      }));
      b.onLoad({ filter: /.*/, namespace: 'tilshi-messages' }, async () => ({
        contents: `export default ${JSON.stringify(await keysOf())};`,
        loader: 'js',
      }));
    },
  };
}

/**
 * A desk chunk's catalogues (DESK_CHUNK_MESSAGES): imported from the chunk's folder, a catalogue
 * holds only that chunk's keys, so they travel with the chunk, not with the page.
 */
function chunkMessages() {
  return {
    name: 'tilshi-chunk-messages',
    setup(b) {
      b.onResolve({ filter: /[\\/]i18n[\\/][a-z]+\.json$/ }, (args) => {
        const chunk = DESK_CHUNK_MESSAGES.find((c) => c.importer.test(args.importer));
        if (!chunk) return undefined;
        // One module per chunk and language: esbuild keys modules by path, so the name is in it.
        return {
          path: `${join(args.resolveDir, args.path)}|${chunk.name}`,
          namespace: 'tilshi-chunk-messages',
          pluginData: chunk.prefixes,
        };
      });
      b.onLoad({ filter: /.*/, namespace: 'tilshi-chunk-messages' }, async (args) => {
        const all = JSON.parse(await readFile(args.path.slice(0, args.path.lastIndexOf('|')), 'utf8'));
        const mine = Object.fromEntries(
          Object.entries(all).filter(([key]) => args.pluginData.some((p) => key.startsWith(p))),
        );
        return { contents: `export default ${JSON.stringify(mine)};`, loader: 'js' };
      });
    },
  };
}

/**
 * Resolve @noble/* as nostr-tools resolves it, so that the report page carries one copy of
 * sha256 and secp256k1, not nostr-tools' and the project's own side by side.
 */
function oneNoble() {
  return {
    name: 'tilshi-one-noble',
    setup(b) {
      b.onResolve({ filter: /^@noble\// }, async (args) => {
        if (args.pluginData === 'one-noble') return undefined;
        const found = await b.resolve(args.path, {
          resolveDir: NOSTR_TOOLS,
          kind: args.kind,
          pluginData: 'one-noble',
        });
        if (found.errors.length > 0) return undefined;
        return { path: found.path, sideEffects: found.sideEffects };
      });
    },
  };
}

/**
 * nostr-tools' NIP-44 needs only the ChaCha20 stream of @noble/ciphers/chacha.js, but that
 * module builds its Poly1305 AEADs at load time through a call esbuild must assume has effects
 * (`_poly1305_aead(chacha20)`), which keeps Poly1305 in the report page (2.7 KB gzip) for
 * nothing. The call only returns a function: marking it pure lets esbuild drop what is unused.
 */
function pureChachaAead() {
  return {
    name: 'tilshi-pure-chacha-aead',
    setup(b) {
      b.onLoad({ filter: /[\\/]@noble[\\/]ciphers[\\/]chacha\.js$/ }, async (args) => ({
        contents: (await readFile(args.path, 'utf8')).replace(/\b_poly1305_aead\(/g, '/* @__PURE__ */ $&'),
        loader: 'js',
      }));
    },
  };
}

/** nostr-tools' NIP-44 takes only `base64` from @scure/base: the report page's is smaller. */
function smallBase64() {
  return {
    name: 'tilshi-small-base64',
    setup(b) {
      b.onResolve({ filter: /^@scure\/base$/ }, () => ({ path: join(src, 'shared', 'base64.ts') }));
    },
  };
}

/**
 * Which message keys the given source files can ask for: every quoted `common.…`/`report.…`
 * key, and every key under a prefix that code completes at run time (`report.field.${name}`).
 */
async function keysUsedBy(files, page) {
  const quoted = new RegExp(`(['"\`])((?:common|${page})\\.[\\w.]+)\\1`, 'g');
  const completed = new RegExp(`\`((?:common|${page})\\.[\\w.]*)\\$\\{`, 'g');
  const exact = new Set();
  const prefixes = [];
  for (const file of files) {
    if (!file.startsWith('web/src/')) continue;
    const text = await readFile(join(root, file), 'utf8');
    for (const m of text.matchAll(quoted)) exact.add(m[2]);
    for (const m of text.matchAll(completed)) prefixes.push(m[1]);
  }
  return (key) => exact.has(key) || prefixes.some((p) => key.startsWith(p));
}

/**
 * Run esbuild; answers the names of the files written, or with `write: false` the source files
 * (relative to the repository) that went into the output.
 */
async function run(options) {
  let result;
  try {
    result = await build({ ...COMMON, ...options });
  } catch (err) {
    if (!err.errors) throw err;
    throw new BuildError((await formatMessages(err.errors, { kind: 'error' })).join(''));
  }
  if (result.warnings.length > 0) {
    // A warning is a mistake waiting to ship; fail rather than print and go on.
    throw new BuildError((await formatMessages(result.warnings, { kind: 'warning' })).join(''));
  }
  const inputs = Object.keys(result.metafile.inputs);
  const banned = inputs.filter((file) => NOT_IN_PAGES.some((pattern) => pattern.test(file)));
  if (banned.length > 0)
    throw new BuildError(`a page would carry ${banned[0]} (and ${banned.length - 1} more)`);
  if (options.write === false) return inputs;
  const outputs = result.metafile.outputs;
  // Chunks an entry imports statically load with it: remember them for the page's size.
  for (const [file, out] of Object.entries(outputs)) {
    staticImports.set(
      basename(file),
      out.imports.filter((i) => i.kind === 'import-statement').map((i) => basename(i.path)),
    );
  }
  return Object.keys(outputs).map((file) => basename(file));
}

/** The CSP forbids inline code and style; catch it here rather than in a blank page. */
function checkCsp(file, html) {
  const problems = [
    [/<script(?![^>]*\bsrc=)[^>]*>/i, 'an inline <script>'],
    [/<style[\s>]/i, 'a <style> element'],
    [/\sstyle\s*=/i, 'a style= attribute'],
    [/\son[a-z]+\s*=/i, 'an inline event handler'],
    [/javascript:/i, 'a javascript: URL'],
  ];
  for (const [pattern, what] of problems) {
    if (pattern.test(html))
      throw new BuildError(`${file}: ${what} is blocked by the Content-Security-Policy`);
  }
}

async function main() {
  await rm(dist, { recursive: true, force: true });
  const map = await writeMapData();
  // The proof-of-work worker first: the report page's script carries its hashed URL.
  const [pow, ...built] = await Promise.all([
    run({
      entryPoints: { pow: join(src, 'shared', 'pow-worker.ts') },
      format: 'iife',
      plugins: [oneNoble()],
    }),
    run({ entryPoints: { style: join(src, 'style.css') } }),
    ...PAGES.map((page) =>
      page.name in OFFLINE_PAGES
        ? Promise.resolve([])
        : run({
            entryPoints: { [page.name]: entryOf(page.name) },
            plugins:
              page.name === 'desk'
                ? [chunkMessages(), messagesOf(page.name)]
                : [messagesOf(page.name, undefined, page.also)],
            ...(page.name === 'desk' ? DESK_OPTIONS : {}),
            ...(page.name === 'situation'
              ? { define: { __MAP_DATA__: JSON.stringify(`/assets/${map.file}`) } }
              : {}),
          }),
    ),
  ]);
  const powFile = pow[0];
  // built[0] is the style sheet, then one list of files per page.
  const deskOutputs = built[1 + PAGES.findIndex((p) => p.name === 'desk')];
  const reportPlugins = [oneNoble(), pureChachaAead(), smallBase64()];
  /** Each offline page's chunks fetched later. */
  const offlineOutputs = new Map();
  for (const name of Object.keys(OFFLINE_PAGES)) {
    const later = [];
    const define = { __POW_WORKER__: JSON.stringify(`/assets/${powFile}`) };
    for (const chunk of LATER_CHUNKS[name] ?? []) {
      const [file] = await run({
        entryPoints: { [chunk.name]: chunk.entry },
        plugins: [chunkMessages(), ...reportPlugins],
      });
      later.push(file);
      define[chunk.define] = JSON.stringify(`/assets/${file}`);
    }
    const options = {
      entryPoints: { [name]: join(src, name, 'main.ts') },
      define,
      // The chunks are fetched from where they are served, not bundled in.
      external: later.map((file) => `/assets/${file}`),
    };
    // Built twice: the first time to learn which modules the page is made of and so which
    // message keys its code can ask for; the page then carries only those.
    const inputs = await run({
      ...options,
      plugins: [chunkMessages(), messagesOf(name), ...reportPlugins],
      write: false,
    });
    const outputs = await run({
      ...options,
      plugins: [chunkMessages(), messagesOf(name, await keysUsedBy(inputs, name)), ...reportPlugins],
    });
    offlineOutputs.set(name, later);
    built.push(outputs, later);
  }
  const hashed = new Map();
  for (const file of built.flat()) hashed.set(file.replace(/-[A-Z0-9]+(\.\w+)$/, '$1'), file);

  const sizes = [];
  for (const page of PAGES) {
    const source = await readFile(join(src, page.html), 'utf8');
    checkCsp(page.html, source);
    const used = [];
    const html = source.replace(/\/assets\/([\w.-]+)/g, (_, name) => {
      const file = hashed.get(name);
      if (!file) throw new BuildError(`${page.html}: /assets/${name} is not built by this script`);
      used.push(file);
      return `/assets/${file}`;
    });
    await writeFile(join(dist, page.out), html);
    const parts = [[page.out, gzipSync(html, { level: 9 }).length]];
    const loaded = new Set();
    for (const file of used) withImports(file, loaded);
    for (const file of loaded)
      parts.push([file, gzipSync(await readFile(join(assets, file)), { level: 9 }).length]);
    if (page.name === 'desk') {
      let br = brotli(html);
      for (const file of loaded) br += brotli(await readFile(join(assets, file)));
      const gz = parts.reduce((sum, [, size]) => sum + size, 0);
      if (gz > DESK_BUDGET_BYTES || br > DESK_BUDGET_BYTES) {
        throw new BuildError(
          `desk page is ${gz} bytes gzipped and ${br} brotli (${[...loaded].join(', ')}), over its budget of ${DESK_BUDGET_BYTES}`,
        );
      }
      // The chunks fetched later (Organize, QR) are not in the budget; say what each weighs.
      const later = [];
      for (const file of deskOutputs.filter((f) => f.endsWith('.js') && !loaded.has(f))) {
        const size = gzipSync(await readFile(join(assets, file)), { level: 9 }).length;
        later.push(`${file.replace(/-[A-Z0-9]+\.js$/, '')} ${kb(size)}`);
      }
      sizes.push(`desk ${kb(gz)} (brotli ${kb(br)}; fetched later: ${later.join(', ')})`);
      continue;
    }
    const offline = OFFLINE_PAGES[page.name];
    const later = [];
    if (offline) {
      parts.push([powFile, gzipSync(await readFile(join(assets, powFile)), { level: 9 }).length]);
      // The chunks fetched later are kept by the service worker too, for use offline.
      const chunks = offlineOutputs.get(page.name);
      for (const file of chunks) {
        const size = gzipSync(await readFile(join(assets, file)), { level: 9 }).length;
        later.push(`${file.replace(/-[A-Z0-9]+\.js$/, '')} ${kb(size)}`);
      }
      const sw = await buildServiceWorker(
        offline,
        [offline.path, ...[...used, powFile, ...chunks].map((f) => `/assets/${f}`)],
        html,
      );
      parts.push([`${offline.sw}.js`, gzipSync(sw, { level: 9 }).length]);
    }
    if (page.name === 'learn') {
      const sw = await buildServiceWorker(
        LEARN_WORKER,
        ['/learn', ...[...loaded].map((f) => `/assets/${f}`)],
        html,
      );
      parts.push(['learn-sw.js', gzipSync(sw, { level: 9 }).length]);
    }
    if (page.name === 'situation') parts.push([map.file, map.gzipped]);
    const gzipped = parts.reduce((sum, [, size]) => sum + size, 0);
    sizes.push(
      offline || page.name === 'learn'
        ? `${page.name} ${kb(gzipped)} = ${parts.map(([f, size]) => `${f} ${kb(size)}`).join(' + ')}${later.length ? ` (fetched later: ${later.join(', ')})` : ''}`
        : `${page.name} ${kb(gzipped)}`,
    );
    const budget = offline ? offline.budget : page.name === 'learn' ? LEARN_BUDGET_BYTES : null;
    if (budget !== null && gzipped > budget) {
      throw new BuildError(
        `${page.name} page is ${gzipped} bytes gzipped (${parts.map(([f, size]) => `${f} ${size}`).join(', ')}), over its budget of ${budget}`,
      );
    }
  }

  const stray = (await readdir(src)).filter((f) => f.endsWith('.html') && !PAGES.some((p) => p.html === f));
  if (stray.length > 0)
    throw new BuildError(`pages not listed in scripts/build-web.mjs: ${stray.join(', ')}`);

  console.log(
    `web: ${PAGES.length} pages → ${relative(process.cwd(), dist) || '.'} (gzip KB: ${sizes.join(', ')})`,
  );
}

/** A page's script: main.tsx where the page is made of components, else main.ts. */
function entryOf(name) {
  const tsx = join(src, name, 'main.tsx');
  return existsSync(tsx) ? tsx : join(src, name, 'main.ts');
}

/** The map file, content-hashed like the scripts; fails the build when it grows past its budget. */
async function writeMapData() {
  // The committed map (npm run map-data) unless it is missing: its data packages are large.
  const json = existsSync(COMMITTED_MAP)
    ? (await readFile(COMMITTED_MAP, 'utf8')).trim()
    : buildMapData().json;
  const hash = createHash('sha256').update(json).digest('base64url').slice(0, 8).toUpperCase();
  const file = `map-${hash}.json`;
  await mkdir(assets, { recursive: true });
  await writeFile(join(assets, file), json);
  const gzipped = gzipSync(json, { level: 9 }).length;
  if (gzipped > MAP_BUDGET_BYTES)
    throw new BuildError(`${file} is ${gzipped} bytes gzipped, over its budget of ${MAP_BUDGET_BYTES}`);
  return { file, gzipped };
}

function kb(bytes) {
  return (bytes / 1024).toFixed(1);
}

/**
 * A page's service worker (`worker.entry`, else the offline pages' shared web/src/shared/sw.ts),
 * at the top of web/dist so that the node serves it from the root (/sw.js for the report page,
 * /<page>-sw.js for the others). Its version is a
 * hash of the page and the (content-hashed) asset names: a new build is a new worker.
 */
async function buildServiceWorker(worker, precache, html) {
  const version = createHash('sha256').update(html).update(precache.join('\n')).digest('hex').slice(0, 12);
  await run({
    entryPoints: { [worker.sw]: worker.entry ?? join(src, 'shared', 'sw.ts') },
    format: 'iife',
    outdir: dist,
    entryNames: '[name]',
    define: {
      __PRECACHE__: JSON.stringify(precache),
      __VERSION__: JSON.stringify(version),
      __CACHE_PREFIX__: JSON.stringify(worker.prefix),
    },
  });
  return readFile(join(dist, `${worker.sw}.js`));
}

main().catch((err) => {
  process.stderr.write(
    err instanceof BuildError ? `build-web: ${err.message}\n` : `build-web: ${err.stack ?? err}\n`,
  );
  process.exit(1);
});
