import { describe, expect, it } from 'vitest';
import {
  ACLED_INTER_CODE,
  ACTOR_ROLES,
  DEMAND_CLASS,
  DEMANDS,
  DemandSchema,
  demandClasses,
  EVENT_TYPES,
  EventTypeSchema,
  GeoPrecisionSchema,
  isSubEventTypeOf,
  SECTORS,
  STATE_RESPONSES,
  SUB_EVENT_TYPE_TO_EVENT_TYPE,
  SUB_EVENT_TYPES,
  SUB_EVENT_TYPES_BY_EVENT_TYPE,
  SubEventTypeSchema,
  sizeCategory,
  TACTICS,
  TimePrecisionSchema,
  VerificationStatusSchema,
} from './taxonomy.js';

describe('event types', () => {
  it('map every sub-event type to the event type of TAXONOMY.md', () => {
    expect(SUB_EVENT_TYPES).toHaveLength(16);
    expect(SUB_EVENT_TYPE_TO_EVENT_TYPE).toMatchObject({
      peaceful_protest: 'protest',
      excessive_force_against_protesters: 'protest',
      mob_violence: 'riot',
      strike: 'labour_action',
      lockout: 'labour_action',
      internet_shutdown: 'state_measure',
      force_deployment: 'state_measure',
    });
    for (const type of EVENT_TYPES) {
      for (const sub of SUB_EVENT_TYPES_BY_EVENT_TYPE[type])
        expect(SUB_EVENT_TYPE_TO_EVENT_TYPE[sub]).toBe(type);
    }
  });

  it('tell whether a sub-event type belongs to an event type', () => {
    expect(isSubEventTypeOf('strike', 'labour_action')).toBe(true);
    expect(isSubEventTypeOf('strike', 'protest')).toBe(false);
  });

  it('reject codes that are not in the taxonomy', () => {
    expect(EventTypeSchema.safeParse('demonstration').success).toBe(false);
    expect(SubEventTypeSchema.safeParse('road_blockade').success).toBe(false);
    expect(EventTypeSchema.safeParse('riot').success).toBe(true);
  });
});

describe('demands', () => {
  it('have one class each, as in TAXONOMY.md', () => {
    expect(DEMANDS).toHaveLength(24);
    expect(new Set(DEMANDS).size).toBe(DEMANDS.length);
    expect(DEMAND_CLASS.wage_arrears).toBe('economic');
    expect(DEMAND_CLASS.nationalization).toBe('economic');
    expect(DEMAND_CLASS.reinstatement).toBe('labour');
    expect(DEMAND_CLASS.release_detainees).toBe('political');
    expect(DEMAND_CLASS.local_official_dismissal).toBe('political');
  });

  it('give the distinct classes of a list, in report order', () => {
    expect(demandClasses(['release_detainees', 'wages', 'fuel_prices'])).toEqual(['economic', 'political']);
    expect(demandClasses(['union_rights'])).toEqual(['labour']);
    expect(demandClasses([])).toEqual([]);
  });

  it('reject unknown codes', () => {
    expect(DemandSchema.safeParse('lower_taxes').success).toBe(false);
  });
});

describe('code lists', () => {
  it('hold the lists of TAXONOMY.md without duplicates', () => {
    for (const [list, length] of [
      [TACTICS, 7],
      [ACTOR_ROLES, 13],
      [SECTORS, 13],
      [STATE_RESPONSES, 13],
    ] as const) {
      expect(list).toHaveLength(length);
      expect(new Set(list).size).toBe(length);
    }
    expect(VerificationStatusSchema.options).toEqual([
      'unverified',
      'corroborated',
      'verified',
      'disputed',
      'false',
    ]);
  });

  it('map actor roles to ACLED inter codes', () => {
    expect(ACLED_INTER_CODE.state_forces).toBe(1);
    expect(ACLED_INTER_CODE.local_authorities).toBe(1);
    expect(ACLED_INTER_CODE.rioters).toBe(5);
    expect(ACLED_INTER_CODE.workers).toBe(6);
    expect(ACLED_INTER_CODE.collective).toBe(6);
    expect(ACLED_INTER_CODE.foreign_forces).toBe(8);
    expect(ACLED_INTER_CODE.employer).toBeNull();
  });
});

describe('size and precision', () => {
  it('put crowd sizes in ACLED-style categories', () => {
    expect(sizeCategory(null)).toBe(0);
    expect(sizeCategory(undefined)).toBe(0);
    expect(sizeCategory(0)).toBe(0);
    expect(sizeCategory(1)).toBe(1);
    expect(sizeCategory(99)).toBe(1);
    expect(sizeCategory(100)).toBe(2);
    expect(sizeCategory(999)).toBe(2);
    expect(sizeCategory(1_000)).toBe(3);
    expect(sizeCategory(9_999)).toBe(3);
    expect(sizeCategory(10_000)).toBe(4);
  });

  it('take the conservative figure of a range', () => {
    expect(sizeCategory({ low: 800, high: 2_000 })).toBe(2);
  });

  it('accept precisions 1 to 3 only', () => {
    expect(GeoPrecisionSchema.safeParse(3).success).toBe(true);
    expect(GeoPrecisionSchema.safeParse(0).success).toBe(false);
    expect(TimePrecisionSchema.safeParse(4).success).toBe(false);
    expect(TimePrecisionSchema.safeParse('1').success).toBe(false);
  });
});
