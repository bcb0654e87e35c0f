import { describe, expect, it } from 'vitest';
import { parseRecordContent } from '../core/content.js';
import { Kind } from '../core/kinds.js';
import { type CollectiveRecord, PUBLIC_FIELDS, type PublicField } from '../core/organize-records.js';
import { buildCollective } from '../core/records.js';
import { generateKeyPair } from '../crypto/keys.js';
import { publicIdOf } from '../crypto/public-id.js';
import { buildProfile, headcountBand } from './profile.js';

// The public profile is built from the ticked fields and nothing else: for every combination of
// ticks, no value of an unticked field reaches the signed event.

const collective: CollectiveRecord = {
  type: 'collective',
  id: 'col-5ec12e7aa11ce0de',
  name: 'NAME-MARKER depot',
  enterprise: { name: 'ENTERPRISE-MARKER LLP', sector: 'transport' },
  settlement: 'SETTLEMENT-MARKER',
  admin1: 'ADMIN1-MARKER Region',
  sector: 'mining',
  stage: 'committee',
  stage_history: [
    { stage: 'contact', date: '2026-01-01' },
    { stage: 'committee', date: '2026-03-01' },
  ],
  headcount: 1234,
  units: [{ id: 'u1', name: 'UNIT-MARKER shop', kind: 'shop', size: 40 }],
  needs: 'NEEDS-MARKER lawyer',
  events: ['EVENTS-MARKER-1'],
  demands: [
    { code: 'wage_arrears', text: 'DEMAND-TEXT-MARKER' },
    { code: null, text: 'FREE-MARKER' },
  ],
  public: [],
  created_by: 'CREATOR-MARKER',
};

/** What each ticked field may put in the profile, as it appears in its JSON. */
const SHOWS: Record<PublicField, string[]> = {
  name: ['NAME-MARKER'],
  enterprise: ['ENTERPRISE-MARKER', 'transport'],
  settlement: ['SETTLEMENT-MARKER'],
  admin1: ['ADMIN1-MARKER'],
  sector: ['mining'],
  stage: ['committee'],
  headcount: ['1000-4999'],
  demands: ['wage_arrears'],
  events: ['EVENTS-MARKER-1'],
};
/** Never published, whatever is ticked. */
const NEVER = [
  'UNIT-MARKER',
  'NEEDS-MARKER',
  'DEMAND-TEXT-MARKER',
  'FREE-MARKER',
  'CREATOR-MARKER',
  '1234',
  'col-5ec12e7aa11ce0de',
];

const desk = generateKeyPair();

describe('public profile builder', () => {
  it('shows exactly the ticked fields, for every combination of ticks', () => {
    const publicId = publicIdOf(desk, collective.id);
    for (let mask = 0; mask < 1 << PUBLIC_FIELDS.length; mask++) {
      const ticked = PUBLIC_FIELDS.filter((_, i) => mask & (1 << i));
      const event = buildCollective(buildProfile(collective, ticked, publicId), {
        pubkey: desk.publicKey,
        createdAt: 1_760_000_000,
      });
      // The signed parts that carry data (id, pubkey and signature are hex of their own).
      const wire = JSON.stringify([event.content, event.tags]);
      for (const field of PUBLIC_FIELDS) {
        for (const value of SHOWS[field]) {
          if (ticked.includes(field)) expect(wire, `${field} ticked`).toContain(value);
          else expect(wire, `${field} not ticked (ticked: ${ticked.join(',')})`).not.toContain(value);
        }
      }
      for (const value of NEVER) expect(wire, value).not.toContain(value);
      // What is published passes the 30621 schema as any node checks it.
      expect(parseRecordContent(Kind.Collective, event).id).toBe(publicId);
    }
  });

  it('maps the stage to the form only when the stage is shown', () => {
    const publicId = publicIdOf(desk, collective.id);
    expect(buildProfile(collective, [], publicId)).toEqual({
      id: publicId,
      form: 'collective',
      enterprise: null,
      settlement: null,
      admin1: null,
      accepts_join_requests: false,
    });
    expect(buildProfile(collective, ['stage'], publicId)).toMatchObject({
      form: 'committee',
      stage: 'committee',
    });
    const contact = { ...collective, stage: 'contact' as const };
    expect(buildProfile(contact, ['stage'], publicId)).toMatchObject({
      form: 'collective',
      stage: 'contact',
    });
  });

  it('leaves out a ticked field that has nothing the taxonomy knows', () => {
    const bare: CollectiveRecord = {
      ...collective,
      enterprise: null,
      sector: 'not a sector code',
      headcount: null,
      demands: [{ code: null, text: 'only words' }],
      events: [],
    };
    const profile = buildProfile(
      bare,
      ['enterprise', 'sector', 'headcount', 'demands', 'events'],
      'collective-x',
    );
    expect(profile).toEqual({
      id: 'collective-x',
      form: 'collective',
      enterprise: null,
      settlement: null,
      admin1: null,
      accepts_join_requests: false,
    });
  });

  it('derives a public id that is stable per desk and names no private id', () => {
    const a = publicIdOf(desk, collective.id);
    expect(a).toBe(publicIdOf(desk, collective.id));
    expect(a).toMatch(/^collective-[0-9a-f]{24}$/);
    expect(a).not.toContain(collective.id.slice(4));
    expect(publicIdOf(desk, 'col-other')).not.toBe(a);
    expect(publicIdOf(generateKeyPair(), collective.id)).not.toBe(a);
  });

  it('publishes the headcount as a band', () => {
    expect([1, 49, 50, 249, 250, 999, 1000, 4999, 5000, 90_000].map(headcountBand)).toEqual([
      '1-49',
      '1-49',
      '50-249',
      '50-249',
      '250-999',
      '250-999',
      '1000-4999',
      '1000-4999',
      '5000+',
      '5000+',
    ]);
  });
});
