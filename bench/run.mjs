#!/usr/bin/env node
// `npm run bench -- NAME [options]`: benchmarks print figures side by side; they assert nothing.
import { availableParallelism, cpus } from 'node:os';

const SUITES = {
  ingest: () => import('./ingest.mjs'),
  situation: () => import('./situation.mjs'),
  'report-page': () => import('./report-page.mjs'),
  'desk-page': () => import('./desk-page.mjs'),
  sync: () => import('./sync.mjs'),
  desk: () => import('./desk.mjs'),
  'desk-queue': () => import('./desk-queue.mjs'),
  flood: () => import('./flood.mjs'),
  organize: () => import('./organize.mjs'),
};

const [name = 'ingest', ...rest] = process.argv.slice(2);
const load = SUITES[name];
if (!load) {
  console.error(`unknown benchmark "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
console.log(
  `# ${name} — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`,
);
const suite = await load();
await suite.run(rest);
