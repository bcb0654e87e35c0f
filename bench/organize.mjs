// Organizing: the wall chart of one collective (GET /api/v1/desk/collectives/:id as the query
// behind it) with 2,000 people and 20,000 assessments, and the counts over 500 collectives
// (`tilshi organize stats`). The records are written straight into the organize projection's
// tables (what sealing 22,000 records one by one would leave there), so that the figures are
// those of the reads.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAudit } from '../dist/desk/audit.js';
import { initNode } from '../dist/node/init.js';
import { openNode } from '../dist/node/node.js';
import { attachOrganize } from '../dist/organize/context.js';
import { getCollective, organizeStats } from '../dist/organize/queries.js';
import { insertRecord } from '../dist/organize/repository.js';

const PASS = 'organize benchmark passphrase';
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
    await initNode({ dataDir: dir, desk: true, passphrase: PASS, adminPassword: 'benchmark admin password' });
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
