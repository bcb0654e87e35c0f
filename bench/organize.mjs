// Organizing: the wall chart of one collective (GET /api/v1/desk/collectives/:id as the query
// behind it) with 2,000 people and 20,000 assessments, and the counts over 500 collectives
// (`tilshi organize stats`). The records are written straight into the organize projection's
// tables (what sealing 22,000 records one by one would leave there), so that the figures are
// those of the reads. Then the desk serves the same store and Chromium opens the wall chart of
// the big collective in the Organize tab: the time from opening the route to 2,000 cards drawn,
// split at the moment the page's request was answered (Resource Timing): the drawing is what
// the page does after that.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAudit } from '../dist/desk/audit.js';
import { initDeskNode, openDeskNode } from '../dist/desk/desk-node.js';
import { openNode } from '../dist/node/node.js';
import { attachOrganize } from '../dist/organize/context.js';
import { getCollective, organizeStats } from '../dist/organize/queries.js';
import { insertRecord } from '../dist/organize/repository.js';
import { buildServer } from '../dist/server/app.js';
import { loadLaunchBrowser } from './report-page.mjs';

const PASS = 'organize benchmark passphrase';
const ADMIN_PASSWORD = 'benchmark admin password';
const hex = () => randomBytes(32).toString('hex');
const ADMIN = { username: 'admin', role: 'admin' };
const STAGES = ['contact', 'initiative_group', 'committee', 'union'];
const REGIONS = ['Mangystau', 'Karaganda', 'Pavlodar', 'Atyrau', 'Almaty'];

function collective(id, i, units) {
  const stage = STAGES[i % STAGES.length];
  return {
    type: 'collective',
    id,
    name: `Collective ${i}`,
    enterprise: null,
    settlement: null,
    admin1: REGIONS[i % REGIONS.length],
    sector: null,
    stage,
    stage_history: [{ stage, date: '2026-01-01' }],
    headcount: null,
    units: Array.from({ length: units }, (_, u) => ({
      id: `u${u + 1}`,
      name: `Unit ${u + 1}`,
      kind: 'shop',
      size: 150,
    })),
    needs: '',
    events: [],
    demands: [],
    public: [],
    created_by: 'admin',
  };
}

/** One collective with `people` people in `units` units, `perPerson` assessments each. */
function fill(db, id, i, units, people, perPerson) {
  let seq = 0;
  const put = (record) =>
    insertRecord(db, {
      rumorId: hex(),
      wrapId: hex(),
      seq: ++seq,
      createdAt: 1_780_000_000 + seq,
      expiresAt: null,
      record,
    });
  db.transaction(() => {
    put(collective(id, i, units));
    for (let p = 0; p < people; p++) {
      const person = `per-${id}-${p}`;
      put({
        type: 'person',
        id: person,
        collective_id: id,
        pseudonym: `P${p}`,
        unit: `u${(p % units) + 1}`,
        role: null,
        responsible: null,
        contact: null,
      });
      for (let a = 0; a < perPerson; a++) {
        put({
          type: 'assessment',
          id: `asm-${id}-${p}-${a}`,
          collective_id: id,
          person,
          level: 1 + ((p + a) % 5),
          date: `2026-0${1 + (a % 9)}-1${a % 10}`,
          assessor: 'admin',
          note: null,
        });
      }
    }
  })();
}

function time(label, runs, fn) {
  fn(); // warm the statement cache
  const ms = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`| ${label} | ${ms[Math.floor(runs / 2)].toFixed(1)} ms | ${ms[runs - 1].toFixed(1)} ms |`);
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'tilshi-bench-organize-'));
  try {
    await initDeskNode({ dataDir: dir, desk: true, passphrase: PASS, adminPassword: ADMIN_PASSWORD });
    const node = await openNode({ dataDir: dir, passphrase: PASS, verifyThreads: 0 });
    try {
      const org = attachOrganize(node, writeAudit);
      fill(node.db, 'col-big', 0, 20, 2_000, 10);
      for (let i = 1; i < 500; i++) fill(node.db, `col-${i}`, i, 3, 20, 2);
      console.log('| query (desk DB encrypted at rest) | median of 10 | slowest |');
      console.log('| --- | --- | --- |');
      time('wall chart: 1 collective, 20 units, 2,000 people, 20,000 assessments', 10, () =>
        getCollective(org, ADMIN, 'col-big'),
      );
      time('stats: 500 collectives, 11,980 people, 43,960 assessments', 10, () => organizeStats(org, ADMIN));
    } finally {
      await node.close();
    }
    await drawInBrowser(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (ms) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];
const slowest = (ms) => Math.max(...ms);

/** The wall chart of `col-big` drawn by the desk page in Chromium (phone-sized window). */
async function drawInBrowser(dir) {
  const node = await openDeskNode({ dataDir: dir, passphrase: PASS, verifyThreads: 0 });
  const app = await buildServer(node, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  const browser = await (await loadLaunchBrowser())();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/desk`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(ADMIN_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('#nav-organize').waitFor({ timeout: 30_000 });
    await page.goto(`${url}/desk#/organize`);
    await page.locator('#org-stats').waitFor({ timeout: 30_000 });
    const opened = [];
    const request = [];
    const draw = [];
    let bytes = 0;
    for (let r = 0; r < 11; r++) {
      // Each time from the list: the route opens anew, asks the node, draws every card.
      await page.evaluate(() => {
        location.hash = '#/organize';
      });
      await page.locator('#org-stats').waitFor();
      const run = await page.evaluate(
        () =>
          new Promise((resolve) => {
            performance.clearResourceTimings();
            const start = performance.now();
            location.hash = '#/organize/col-big';
            const check = () => {
              if (document.querySelectorAll('#wall-chart .org-columns .org-card').length < 2000) {
                requestAnimationFrame(check);
                return;
              }
              const drawn = performance.now();
              // The page's own request for the collective: when its answer had arrived.
              const answer = performance
                .getEntriesByType('resource')
                .filter((e) => /\/api\/v1\/desk\/collectives\/col-big(\?|$)/.test(e.name))
                .pop();
              resolve({
                opened: drawn - start,
                request: answer.responseEnd - start,
                draw: drawn - answer.responseEnd,
                bytes: answer.decodedBodySize,
              });
            };
            check();
          }),
      );
      bytes = run.bytes;
      if (r > 0) {
        opened.push(run.opened);
        request.push(run.request);
        draw.push(run.draw);
      }
    }
    const row = (label, ms) =>
      console.log(`| ${label} | ${median(ms).toFixed(1)} ms | ${slowest(ms).toFixed(1)} ms |`);
    console.log('');
    console.log('| in Chromium (desk page, Organize tab), 10 runs | median | slowest |');
    console.log('| --- | --- | --- |');
    row('wall chart opened: route → 2,000 cards drawn (request included)', opened);
    row('of which until the answer arrived (GET …/col-big)', request);
    row('drawing: answer arrived → JSON parsed, 2,000 cards drawn, next frame', draw);
    // The load average says how far the machine was shared while the figures were taken.
    console.log('');
    console.log(`answer of GET …/col-big?view=chart: ${(bytes / 1024).toFixed(0)} KB of JSON`);
    console.log(`load average (1 min) at the end: ${loadavg()[0].toFixed(2)}`);
  } finally {
    await browser.close();
    await app.close();
    await node.close();
  }
}
