import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSPHRASE, tempDir } from '../../test/support/node.js';
import type { CodedEventContent } from '../core/content.js';
import { type DeskNode, initDeskNode, openDeskNode } from '../desk/desk-node.js';
import { ACLED_COLUMNS } from './acled.js';
import { splitNotes } from './acled-record.js';
import { ACLED_TYPES } from './acled-types.js';
import { csvLine, parseCsv } from './csv.js';
import { exportEventsText, publishedEvents } from './export.js';
import { importAcled } from './import-acled.js';

/*
 * ACLED in and out without loss: a CSV in ACLED's own column set with every case of issue 16
 * (locations that are also admin1 names, a region written two ways, every ACLED event and
 * sub-event type, admin2, source scale, civilian targeting, interaction and actor order),
 * imported twice, exported, imported into another desk and exported again.
 */

const row = (v: Partial<Record<(typeof ACLED_COLUMNS)[number], string>>) =>
  csvLine(ACLED_COLUMNS.map((c) => v[c] ?? ''));
const base = {
  event_date: '05 January 2022',
  year: '2022',
  time_precision: '1',
  country: 'Kazakhstan',
  iso: '398',
  region: 'Caucasus and Central Asia',
  geo_precision: '1',
  source: 'Vlast.kz',
  source_scale: 'National',
  fatalities: '0',
  timestamp: '1642000000',
};

const places = [
  ['KAZ2001', 'Almaty', 'Almaty', 'Almaty'],
  ['KAZ2002', 'Nur-Sultan', 'Nur-Sultan', 'Astana'],
  ['KAZ2003', 'Aktobe', 'Aktobe', 'Aktobe'],
  ['KAZ2004', 'Kyzylorda', 'Kyzylorda', 'Kyzylorda'],
] as const;

const CSV = [
  csvLine(ACLED_COLUMNS),
  ...places.map(([id, admin1, location]) =>
    row({
      ...base,
      event_id_cnty: id,
      disorder_type: 'Demonstrations',
      event_type: 'Protests',
      sub_event_type: 'Peaceful protest',
      actor1: 'Protesters (Kazakhstan)',
      inter1: 'Protesters',
      interaction: 'Protesters only',
      admin1,
      location,
      notes: `On 5 January 2022, residents rallied in ${location}.`,
      tags: 'crowd size=hundreds',
    }),
  ),
  row({
    ...base,
    event_id_cnty: 'KAZ2005',
    event_type: 'Protests',
    sub_event_type: 'Protest with intervention',
    actor1: 'Protesters (Kazakhstan)',
    assoc_actor_1: 'Labor Group (Kazakhstan); Oil Workers (Kazakhstan)',
    inter1: 'Protesters',
    actor2: 'Police Forces of Kazakhstan (2019-)',
    assoc_actor_2: 'National Guard of Kazakhstan',
    inter2: 'State forces',
    interaction: 'State forces-Protesters',
    admin1: 'Mangystau',
    admin2: 'Zhanaozen',
    location: 'Zhanaozen',
    latitude: '43.3412',
    longitude: '52.8619',
    source_scale: 'National-International',
    notes: 'Police dispersed the rally.',
  }),
  row({
    ...base,
    event_id_cnty: 'KAZ2006',
    event_type: 'Protests',
    sub_event_type: 'Peaceful protest',
    actor1: 'Protesters (Kazakhstan)',
    inter1: 'Protesters',
    admin1: 'Mangystau Region',
    location: 'Mangystau',
    geo_precision: '3',
    notes: 'Rallies across the region.',
  }),
  ...ACLED_TYPES.map(([eventType, subType], i) =>
    row({
      ...base,
      event_id_cnty: `KAZ3${String(i).padStart(3, '0')}`,
      event_type: eventType,
      sub_event_type: subType,
      actor1: i % 2 ? 'Military Forces of Kazakhstan (2019-)' : 'Unidentified Armed Group (Kazakhstan)',
      inter1: i % 2 ? 'State forces' : 'Political militia',
      actor2: 'Civilians (Kazakhstan)',
      inter2: 'Civilians',
      interaction: i % 2 ? 'State forces-Civilians' : 'Political militia-Civilians',
      civilian_targeting: eventType === 'Violence against civilians' ? 'Civilian targeting' : '',
      admin1: 'Almaty',
      admin2: 'Medeu District',
      location: 'Almaty',
      notes: `${eventType} / ${subType}.`,
    }),
  ),
].join('');

let a: DeskNode;
let b: DeskNode;
const dirs = [tempDir('tilshi-acled-a-'), tempDir('tilshi-acled-b-')];

beforeAll(async () => {
  const nodes: DeskNode[] = [];
  for (const [k, d] of dirs.entries()) {
    await initDeskNode({
      dataDir: d.dir,
      desk: true,
      passphrase: TEST_PASSPHRASE,
      adminPassword: `${k}`.repeat(16),
    });
    nodes.push(await openDeskNode({ dataDir: d.dir, passphrase: TEST_PASSPHRASE, verifyThreads: 0 }));
  }
  [a, b] = nodes as [DeskNode, DeskNode];
}, 30_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  for (const d of dirs) d.remove();
});

const byId = (node: DeskNode) => new Map([...publishedEvents(node.db)].map((e) => [e.id, e]));

describe('ACLED in and out', () => {
  it('imports every row, every ACLED type to a code or a stated fallback', async () => {
    const result = await importAcled(a, CSV);
    expect(result.skipped).toEqual([]);
    expect(result.stored).toBe(6 + ACLED_TYPES.length);
    const events = byId(a);
    ACLED_TYPES.forEach(([eventType, subType], i) => {
      const e = events.get(`KAZ3${String(i).padStart(3, '0')}`)!;
      const exact = ['Protests', 'Riots'].includes(eventType) || ['Arrests', 'Agreement'].includes(subType);
      expect(splitNotes(e.notes).acled?.fallback !== undefined, `${eventType} / ${subType}`).toBe(!exact);
    });
    expect(events.get('KAZ3000')).toMatchObject({ event_type: 'riot', sub_event_type: 'mob_violence' });
  });

  it('keeps the settlement of a location that is also the admin1 name, with a place on the map', () => {
    const events = byId(a);
    for (const [id, , , settlement] of places) {
      const e = events.get(id) as CodedEventContent;
      expect(e.location.settlement, id).toBe(settlement);
      expect(e.location.lat, id).not.toBeNull();
    }
  });

  it('reads "Mangystau" and "Mangystau Region" as one region', () => {
    const events = byId(a);
    expect(events.get('KAZ2005')?.location.admin1).toBe('Mangystau Region');
    expect(events.get('KAZ2006')?.location).toMatchObject({ settlement: null, admin1: 'Mangystau Region' });
  });

  it('importing twice changes nothing', async () => {
    const before = exportEventsText(a.db, 'acled-csv');
    const again = await importAcled(a, CSV);
    expect(again).toMatchObject({ stored: 0, updated: 0, unchanged: 6 + ACLED_TYPES.length, skipped: [] });
    expect(exportEventsText(a.db, 'acled-csv')).toBe(before);
  });

  it('gives back admin2, source scale, civilian targeting, interaction, types and actor order', () => {
    const exported = parseCsv(exportEventsText(a.db, 'acled-csv'));
    const header = exported[0]!;
    const original = parseCsv(CSV);
    const col = (r: string[], name: string) => r[header.indexOf(name)] ?? '';
    const ocol = (r: string[], name: string) => r[original[0]!.indexOf(name)] ?? '';
    const out = new Map(exported.slice(1).map((r) => [col(r, 'event_id_cnty'), r]));
    for (const o of original.slice(1)) {
      const r = out.get(ocol(o, 'event_id_cnty'))!;
      for (const name of ACLED_COLUMNS) {
        if (name === 'event_date' || name === 'latitude' || name === 'longitude') continue;
        expect(col(r, name), `${ocol(o, 'event_id_cnty')} ${name}`).toBe(ocol(o, name));
      }
    }
  });

  it('an export imports into another desk and exports the same again', async () => {
    const csv = exportEventsText(a.db, 'acled-csv');
    const result = await importAcled(b, csv);
    expect(result).toMatchObject({ stored: 6 + ACLED_TYPES.length, skipped: [] });
    expect(exportEventsText(b.db, 'acled-csv')).toBe(csv);
    const [ea, eb] = [byId(a), byId(b)];
    for (const [id, e] of ea) expect(eb.get(id), id).toEqual(e);
    expect((await importAcled(b, csv)).unchanged).toBe(6 + ACLED_TYPES.length);
  });
});
