import { describe, expect, it } from 'vitest';
import { groupDemandTexts } from './demand-groups.js';

describe('groupDemandTexts', () => {
  it('reads coded demands in three languages and groups the rest by shared stems', () => {
    const out = groupDemandTexts([
      'повысить зарплату на 30%',
      'жалақыны көтеру',
      'бесплатный автобус до вахты',
      'Бесплатный автобус на вахту!',
      'открыть детский сад при посёлке',
    ]);
    expect(out[0]!.codes).toEqual(['wages']);
    expect(out[1]!.codes).toEqual(['wages']);
    expect(out[2]!.codes).toEqual([]);
    expect(out[2]!.group).toMatch(/^text:/);
    expect(out[3]!.group).toBe(out[2]!.group);
    expect(out[4]!.group).not.toBe(out[2]!.group);
  });
});
