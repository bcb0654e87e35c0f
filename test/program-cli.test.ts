// `tilshi program show` on a desk folder: the public view of the inventory, counts below the
// threshold withheld, collectives' demands counted, no collective named. `tilshi program
// ballots`: a printable sheet (PDF or HTML) of one-time codes whose hashes alone the desk keeps.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotCodeHash, normalizeBallotCode } from '../src/core/ballot-code.js';
import { writeAudit } from '../src/desk/audit.js';
import { initDeskNode } from '../src/desk/desk-node.js';
import { openNode } from '../src/node/node.js';
import { createCollective } from '../src/organize/commands.js';
import { attachOrganize } from '../src/organize/context.js';
import { createPlank, setPlankStatus } from '../src/program/commands.js';
import { openVote } from '../src/program/votes.js';
import { programOn } from '../src/server/routes/program.js';
import { requireBuiltCli, tilshi } from './support/cli.js';
import { buildDeskCodedEvent, TEST_ADMIN_PASSWORD, TEST_PASSPHRASE, tempDir } from './support/node.js';

const unlock = { TILSHI_DESK_PASSPHRASE: TEST_PASSPHRASE };
const data = tempDir();
let collectiveId: string;
let voteId: string;

beforeAll(async () => {
  requireBuiltCli();
  await initDeskNode({
    dataDir: data.dir,
    desk: true,
    passphrase: TEST_PASSPHRASE,
    adminPassword: TEST_ADMIN_PASSWORD,
  });
  const node = await openNode({ dataDir: data.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
  try {
    const events = [1, 2, 3].map((i) =>
      buildDeskCodedEvent(node.deskKey!, { id: `evt-cli-${i}`, date: `2022-01-0${i}`, demands: ['wages'] }),
    );
    events.push(buildDeskCodedEvent(node.deskKey!, { id: 'evt-cli-4', demands: ['pensions'] }));
    expect((await node.ingest.submit(events)).every((a) => a.ok)).toBe(true);
    const org = attachOrganize(node, writeAudit);
    collectiveId = createCollective(
      org,
      { username: 'admin', role: 'admin' },
      { name: 'Secret Smelter', units: [], demands: [{ code: 'wages' }] },
    ).id;
    const program = programOn(node);
    const admin = { username: 'admin', role: 'admin' } as const;
    const plank = createPlank(program, admin, { text: { ru: 'Поднять зарплату', kk: '', en: '' } });
    setPlankStatus(program, admin, plank.id, { prev: [plank.version], status: 'put_to_vote' });
    voteId = openVote(program, admin, {
      planks: [plank.id],
      collectives: [collectiveId],
      quorum: 0.5,
      title: { ru: 'Собрание смены' },
    }).id;
  } finally {
    await node.close();
  }
}, 60_000);
afterAll(() => data.remove());

describe('tilshi program show', () => {
  it('prints the public inventory as JSON with counts below 3 withheld', async () => {
    const res = await tilshi(['program', 'show', '--json', '--data', data.dir], unlock);
    expect(res.code).toBe(0);
    const view = JSON.parse(res.stdout);
    expect(view.threshold).toBe(3);
    expect(view.published).toBeNull();
    const wages = view.demands.find((d: { key: string }) => d.key === 'wages');
    expect(wages.support).toMatchObject({ events: 3, collectives: null });
    const pensions = view.demands.find((d: { key: string }) => d.key === 'pensions');
    expect(pensions.support).toMatchObject({ events: null, first_seen: null });
    expect(res.stdout).not.toContain('Secret Smelter');
  });

  it('prints text in the language asked, and refuses an unknown sub-verb', async () => {
    const res = await tilshi(['program', 'show', '--data', data.dir], unlock);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('no program published yet');
    expect(res.stdout).toMatch(/wages\s+economic\s+events\s+3\s+collectives\s+<3/);
    const bad = await tilshi(['program', 'frobnicate', '--data', data.dir], unlock);
    expect(bad.code).not.toBe(0);
  });
});

describe('tilshi program ballots', () => {
  const sign = { ...unlock, TILSHI_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD };
  const args = (more: string[]) => [
    'program',
    'ballots',
    '--collective',
    collectiveId,
    '--as',
    'admin',
    '--url',
    'https://tilshi.example',
    '--data',
    data.dir,
    ...more,
  ];

  it('writes an HTML sheet of one-time codes, each with its QR link, whose hashes alone the desk keeps', async () => {
    const file = join(data.dir, 'ballots.html');
    const res = await tilshi(args(['--count', '12', '--html', file]), sign);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toContain(`12 ballot codes for collective ${collectiveId} in vote ${voteId}`);
    expect(statSync(file).mode & 0o077).toBe(0);
    const html = readFileSync(file, 'utf8');
    const codes = [...html.matchAll(/<p class="code">([0-9A-Z-]{19})<\/p>/g)].map((m) => m[1]!);
    expect(new Set(codes).size).toBe(12);
    expect(html.match(/<svg class="qr"/g)).toHaveLength(12);
    expect(html).toContain('Собрание смены');
    expect(html).toContain('https://tilshi.example/vote');
    // The QR's label is the code; the link carries it in the fragment only.
    expect(html).toContain(`aria-label="${codes[0]}"`);
    const node = await openNode({ dataDir: data.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 });
    try {
      const stored = JSON.stringify(
        node.db.prepare("SELECT content FROM org_records WHERE type = 'ballot_codes'").all(),
      );
      for (const code of codes) {
        expect(stored).not.toContain(normalizeBallotCode(code));
        expect(stored).toContain(ballotCodeHash(normalizeBallotCode(code)!));
      }
      const audit = node.db
        .prepare("SELECT actor, details FROM audit_log WHERE action = 'program.vote.codes'")
        .all() as { actor: string; details: string }[];
      expect(audit).toEqual([{ actor: 'admin', details: expect.stringContaining('"count":12') }]);
    } finally {
      await node.close();
    }
  });

  it('writes a PDF of A4 pages, eight ballots a page', async () => {
    const file = join(data.dir, 'ballots.pdf');
    const res = await tilshi(args(['--count', '9', '--pdf', file]), sign);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    const pdf = await PDFDocument.load(readFileSync(file));
    expect(pdf.getPageCount()).toBe(2);
    const { width, height } = pdf.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });

  it('refuses a wrong command line, a wrong password and a collective in no open vote', async () => {
    expect((await tilshi(args(['--count', '0', '--html', 'x.html']), sign)).code).not.toBe(0);
    expect((await tilshi(args(['--count', '2']), sign)).code).not.toBe(0);
    const both = await tilshi(args(['--count', '2', '--html', 'a.html', '--pdf', 'b.pdf']), sign);
    expect(both.code).not.toBe(0);
    const wrong = await tilshi(args(['--count', '2', '--html', join(data.dir, 'w.html')]), {
      ...unlock,
      TILSHI_ADMIN_PASSWORD: 'not the password',
    });
    expect(wrong.code).not.toBe(0);
    const none = await tilshi(
      [
        'program',
        'ballots',
        '--collective',
        'col-none',
        '--count',
        '2',
        '--html',
        join(data.dir, 'n.html'),
        '--as',
        'admin',
        '--url',
        'https://tilshi.example',
        '--data',
        data.dir,
      ],
      sign,
    );
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('no open vote');
  });

  it('never writes over a sheet, and says what address the QR codes need', async () => {
    const file = join(data.dir, 'ballots.html');
    const before = readFileSync(file, 'utf8');
    const again = await tilshi(args(['--count', '1', '--html', file]), sign);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists and may hold codes already handed out');
    expect(readFileSync(file, 'utf8')).toBe(before);
    const noUrl = args(['--count', '1', '--html', join(data.dir, 'u.html')]).filter(
      (a, i, all) => a !== '--url' && all[i - 1] !== '--url',
    );
    const missing = await tilshi(noUrl, sign);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('add --url http://ADDRESS:PORT');
    const bad = await tilshi([...noUrl, '--url', 'notaurl'], sign);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--url "notaurl" is not an http(s) address');
    const one = await tilshi(args(['--count', '1', '--html', join(data.dir, 'one.html')]), sign);
    expect(one.stdout).toContain('1 ballot code for collective');
    const help = await tilshi(['program', '--help']);
    expect(help.stdout).toContain('--url BASE');
    expect(help.stdout).toContain('never overwritten');
  });
});
