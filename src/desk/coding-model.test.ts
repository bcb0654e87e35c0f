import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDeskCodedEvent,
  buildWrap,
  postJson,
  startTestNode,
  type TestNode,
} from '../../test/support/node.js';
import { predict } from '../analysis/index.js';
import { buildCodedEventContent } from '../core/test-factories.js';
import { generateKeyPair } from '../crypto/keys.js';
import { collectDecisions, latestCodingModel } from './coding-model.js';
import { DeskCoder } from './desk-coder.js';
import { publishEvent } from './events.js';
import { setReportStatus } from './inbox.js';

/*
 * The model learns from the desk: ten reports of a phrasing that no rule and no corpus report
 * knows ("устроили день тишины", a stoppage), coded by an editor as a strike, and the eleventh
 * such report is suggested as a strike. It runs as a serving desk does: the node's own coder
 * retrains by itself (here after 10 decisions) and the desk queue's worker suggests with the
 * new model.
 */

const TOWNS = [
  'Аркалыке',
  'Лисаковске',
  'Степногорске',
  'Риддере',
  'Шахтинске',
  'Экибастузе',
  'Аксу',
  'Кентау',
  'Байконуре',
  'Темиртау',
];
const WHO = [
  'водители автобусов',
  'кочегары котельной',
  'медсёстры больницы',
  'дворники',
  'машинисты тепловозов',
  'операторы насосной',
  'учителя школы',
  'крановщики порта',
  'сварщики депо',
  'грузчики склада',
];
const phrasing = (i: number) => `В ${TOWNS[i]} ${WHO[i]} сегодня устроили день тишины.`;
const ELEVENTH = 'В Жаркенте электрики сегодня устроили день тишины.';

let t: TestNode;
let coder: DeskCoder;

async function report(text: string): Promise<{ id: string; suggestion: Record<string, unknown> }> {
  const wrap = buildWrap(t.node.deskPubkey!, { text, reporter: generateKeyPair() });
  const res = await postJson(`${t.url}/api/v1/events`, wrap);
  expect(res.status).toBe(200);
  await t.node.desk!.settled();
  const row = t.node.db.prepare('SELECT id, suggestion FROM proj_reports WHERE text = ?').get(text) as {
    id: string;
    suggestion: string;
  };
  return { id: row.id, suggestion: JSON.parse(row.suggestion) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await startTestNode({ retrainEvery: 10 });
  coder = t.node.coder!;
}, 30_000);
afterAll(async () => {
  await t.close();
});

describe('the coding model learns from the desk', () => {
  it('suggests a strike for the eleventh report of a phrasing the editors coded ten times', async () => {
    // Before: the phrasing means nothing to the rules or to the shipped model.
    const before = await report(phrasing(0));
    expect(before.suggestion.sub_event_type).not.toBe('strike');
    const ids = [before.id];
    for (let i = 1; i < 10; i++) ids.push((await report(phrasing(i))).id);
    expect(coder.currentVersion).toBeNull();

    // An editor publishes one event per town and attaches the report to it.
    for (let i = 0; i < 10; i++) {
      await publishEvent(t.node, {
        content: buildCodedEventContent({
          id: `evt-silence-${i}`,
          event_type: 'labour_action',
          sub_event_type: 'strike',
          tactics: [],
          demands: [],
          report_ids: [ids[i]!],
        }),
        actor: 'aigul',
      });
    }
    await coder.idle();
    expect(coder.currentVersion).not.toBeNull();
    expect(collectDecisions(t.node).filter((e) => e.sub === 'strike')).toHaveLength(10);

    const eleventh = await report(ELEVENTH);
    expect(eleventh.suggestion).toMatchObject({
      event_type: 'labour_action',
      sub_event_type: 'strike',
      settlement: 'Zharkent',
      noise: false,
    });
    expect((eleventh.suggestion.confidence as Record<string, number>).sub_event_type).toBeGreaterThan(0.5);
  }, 60_000);

  it('stores the model as desk records that another coder on the node reads back', () => {
    const found = latestCodingModel(t.node);
    expect(found?.version).toBe(coder.currentVersion);
    const p = predict(found!.model, { text: ELEVENTH, lang: 'ru' }).type;
    expect(p.get('strike')!).toBeGreaterThan(p.get('noise')!);
    const other = new DeskCoder();
    other.attach(t.node);
    expect(other.currentVersion).toBe(coder.currentVersion);
    other.detach();
  });

  it('does not retrain on decisions copied from another desk node (that node trains on them)', async () => {
    const version = coder.currentVersion;
    const copied = Array.from({ length: 12 }, (_, i) =>
      buildDeskCodedEvent(t.deskKey!, { id: `evt-copied-${i}` }, { createdAt: 1_700_000_000 + i }),
    );
    const results = await t.node.ingest.submit(copied, 'replicate');
    expect(results.every((r) => r.ok)).toBe(true);
    await coder.idle();
    expect(coder.currentVersion).toBe(version);
  });

  it('counts reports marked as noise as examples of noise', async () => {
    const spam = await report('Кредит без справок, одобрение за 5 минут, пишите в ватсап');
    setReportStatus(t.node, [spam.id], 'noise', 'aigul');
    expect(collectDecisions(t.node).filter((e) => e.sub === 'noise')).toHaveLength(1);
  });
});
