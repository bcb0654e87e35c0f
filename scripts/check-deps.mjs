#!/usr/bin/env node
// Offline dependency check (run by `npm run lint`, so by CI), for machines where `npm audit`
// cannot reach an advisory service:
//   1. advisories: every package in package-lock.json against the committed snapshot
//      .ci/advisories.json (name, vulnerable semver range, id, severity);
//   2. lockfile review: every package comes from the npm registry over https with a sha512
//      integrity hash, none from git, a tarball URL or a folder outside the project, and only
//      the packages .ci/dependency-policy.json names may run install scripts.
// Exits 1 naming each problem. `--refresh` rewrites the snapshot from the registry's advisory
// endpoint (the request `npm audit` makes), where it answers.
//
//   node scripts/check-deps.mjs [--lockfile FILE] [--snapshot FILE] [--policy FILE] [--refresh]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import semver from 'semver';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    lockfile: { type: 'string', default: join(root, 'package-lock.json') },
    snapshot: { type: 'string', default: join(root, '.ci/advisories.json') },
    policy: { type: 'string', default: join(root, '.ci/dependency-policy.json') },
    refresh: { type: 'boolean', default: false },
  },
});
const REGISTRY = 'https://registry.npmjs.org/';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const lock = readJson(values.lockfile);
const policy = readJson(values.policy);

/** name → versions installed, from the lockfile's `packages` (lockfile version 2 or 3). */
function installed() {
  const out = new Map();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '' || entry.link) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!out.has(name)) out.set(name, new Set());
    out.get(name).add(entry.version);
  }
  return out;
}

async function refresh() {
  const body = Object.fromEntries([...installed()].map(([name, versions]) => [name, [...versions]]));
  const res = await fetch(`${REGISTRY}-/npm/v1/security/advisories/bulk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  }).catch((err) => ({ ok: false, status: 0, statusText: err.message }));
  if (!res.ok) {
    console.error(
      `check-deps: the advisory endpoint did not answer (${res.status} ${res.statusText}); snapshot kept`,
    );
    process.exit(1);
  }
  const found = await res.json();
  const advisories = Object.entries(found).flatMap(([name, list]) =>
    list.map((a) => ({
      id: a.url?.split('/').pop() || String(a.id),
      package: name,
      vulnerable: a.vulnerable_versions,
      severity: a.severity,
      title: a.title,
      url: a.url,
    })),
  );
  const previous = readJson(values.snapshot);
  // Advisories for packages no longer installed stay: a downgrade or a new dependency meets them.
  const keep = previous.advisories.filter(
    (a) => !advisories.some((b) => b.id === a.id && b.package === a.package),
  );
  const snapshot = {
    ...previous,
    taken: new Date().toISOString().slice(0, 10),
    source: `${REGISTRY}-/npm/v1/security/advisories/bulk (the request npm audit makes)`,
    advisories: [...keep, ...advisories].sort(
      (a, b) => a.package.localeCompare(b.package) || a.id.localeCompare(b.id),
    ),
  };
  writeFileSync(values.snapshot, `${JSON.stringify(snapshot, null, 2)}\n`);
  console.log(`check-deps: snapshot refreshed, ${snapshot.advisories.length} advisories`);
}

function check() {
  const problems = [];
  const snapshot = readJson(values.snapshot);
  const packages = installed();
  const accepted = policy.accepted_advisories ?? {};

  for (const a of snapshot.advisories) {
    for (const version of packages.get(a.package) ?? []) {
      if (!semver.satisfies(version, a.vulnerable, { includePrerelease: true })) continue;
      if (accepted[a.id]) continue;
      problems.push(
        `${a.package}@${version}: ${a.id} (${a.severity}) ${a.title} — vulnerable ${a.vulnerable}${a.url ? `, ${a.url}` : ''}`,
      );
    }
  }

  const scripts = policy.install_scripts ?? {};
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '') continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (entry.link) {
      if (entry.resolved?.startsWith('..') || entry.resolved?.startsWith('/')) {
        problems.push(`${path}: linked to a folder outside the project (${entry.resolved})`);
      }
      continue;
    }
    if (!/^sha512-[A-Za-z0-9+/]{86}==$/.test(entry.integrity ?? '')) {
      problems.push(`${name}@${entry.version}: no sha512 integrity hash in the lockfile`);
    }
    if (entry.resolved !== undefined) {
      const base = name.startsWith('@') ? name.split('/')[1] : name;
      const expected = `${REGISTRY}${name}/-/${base}-${entry.version}.tgz`;
      if (entry.resolved !== expected) {
        problems.push(
          `${name}@${entry.version}: resolved from ${entry.resolved}, not the npm registry's ${expected}`,
        );
      }
    }
    if (entry.hasInstallScript && !scripts[name]) {
      problems.push(
        `${name}@${entry.version}: runs an install script; review it and name it in ${values.policy}`,
      );
    }
  }

  const days = Math.floor((Date.now() - Date.parse(snapshot.taken)) / 86_400_000);
  if (problems.length > 0) {
    console.error(`check-deps: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(
    `check-deps: ${packages.size} packages, ${snapshot.advisories.length} advisories (snapshot ${snapshot.taken}, ${days} days old), lockfile sources and install scripts: ok`,
  );
}

if (values.refresh) await refresh();
else check();
