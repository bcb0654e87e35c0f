import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as taxonomy from './taxonomy.js';
import * as codes from './taxonomy-codes.js';

describe('the taxonomy code lists as plain data', () => {
  it('import nothing, so the browser takes them without zod', () => {
    const source = readFileSync(new URL('./taxonomy-codes.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(|\bimport\(/);
  });

  it('are what the zod enums of taxonomy.ts accept, one list for both', () => {
    expect(taxonomy.EVENT_TYPES).toBe(codes.EVENT_TYPES);
    for (const code of codes.SUB_EVENT_TYPES) expect(taxonomy.SubEventTypeSchema.parse(code)).toBe(code);
    expect(taxonomy.SubEventTypeSchema.options).toEqual([...codes.SUB_EVENT_TYPES]);
    expect(taxonomy.DemandSchema.options).toEqual([...codes.DEMANDS]);
    expect(taxonomy.TacticSchema.options).toEqual([...codes.TACTICS]);
    expect(taxonomy.ActorRoleSchema.options).toEqual([...codes.ACTOR_ROLES]);
    expect(taxonomy.SectorSchema.options).toEqual([...codes.SECTORS]);
    expect(taxonomy.StateResponseSchema.options).toEqual([...codes.STATE_RESPONSES]);
    expect(taxonomy.OrganizationSchema.options).toEqual([...codes.ORGANIZATIONS]);
    expect(taxonomy.VerificationStatusSchema.options).toEqual([...codes.VERIFICATION_STATUSES]);
    expect([...taxonomy.PUBLISHABLE_VERIFICATION]).toEqual([...codes.PUBLISHABLE_VERIFICATIONS]);
  });

  it('derive the maps from the grouped lists', () => {
    expect(codes.SUB_EVENT_TYPE_TO_EVENT_TYPE.walkout).toBe('labour_action');
    expect(codes.DEMAND_CLASS.release_detainees).toBe('political');
    expect(Object.keys(codes.DEMAND_CLASS)).toEqual([...codes.DEMANDS]);
  });
});
