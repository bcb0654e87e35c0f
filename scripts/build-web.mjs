#!/usr/bin/env node
// Builds the browser apps into web/dist:
//   index.html (situation), report.html, desk.html  — pages, no inline script or style
//   assets/<page>-<hash>.js, assets/style-<hash>.css — content-hashed, safe to cache forever
// Each page gets one self-contained script (no shared chunks: the report page must load in one
// small request on a bad connection) and only its own messages: `common.*` and `<page>.*`.
// Prints one line on success; on failure prints the errors and exits non-zero.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, formatMessages } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'web/src');
const dist = join(root, 'web/dist');
const assets = join(dist, 'assets');

/** Source page, output page, script. The page name is also its message namespace. */
const PAGES = [
  { name: 'situation', html: 'situation.html', out: 'index.html' },
  { name: 'report', html: 'report.html', out: 'report.html' },
  { name: 'desk', html: 'desk.html', out: 'desk.html' },
];

/** The report page is opened on phones over throttled links: HTML + script + style, gzip. */
const REPORT_BUDGET_BYTES = 30 * 1024;

const COMMON = {
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

class BuildError extends Error {}

/** Keep only the messages a page uses, so a page does not carry the others' words. */
function messagesOf(page) {
  return {
    name: 'tilshi-messages',
    setup(b) {
      b.onLoad({ filter: /[\\/]web[\\/]i18n[\\/][a-z]+\.json$/ }, async (args) => {
        const all = JSON.parse(await readFile(args.path, 'utf8'));
        const kept = {};
        for (const [key, value] of Object.entries(all)) {
          if (key.startsWith('common.') || key.startsWith(`${page}.`)) kept[key] = value;
        }
        return { contents: JSON.stringify(kept), loader: 'json' };
      });
    },
  };
}

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
  return Object.keys(result.metafile.outputs).map((file) => basename(file));
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
  const built = await Promise.all([
    run({ entryPoints: { style: join(src, 'style.css') } }),
    ...PAGES.map((page) =>
      run({
        entryPoints: { [page.name]: join(src, page.name, 'main.ts') },
        plugins: [messagesOf(page.name)],
      }),
    ),
  ]);
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
    let gzipped = gzipSync(html, { level: 9 }).length;
    for (const file of used) gzipped += gzipSync(await readFile(join(assets, file)), { level: 9 }).length;
    sizes.push(`${page.name} ${(gzipped / 1024).toFixed(1)}`);
    if (page.name === 'report' && gzipped > REPORT_BUDGET_BYTES) {
      throw new BuildError(
        `report page is ${gzipped} bytes gzipped, over its budget of ${REPORT_BUDGET_BYTES}`,
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

main().catch((err) => {
  process.stderr.write(
    err instanceof BuildError ? `build-web: ${err.message}\n` : `build-web: ${err.stack ?? err}\n`,
  );
  process.exit(1);
});
