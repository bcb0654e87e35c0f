import type { SubEventType } from '../core/taxonomy.js';

/*
 * ACLED's event types and sub-event types (codebook of 2023) onto TAXONOMY.md. Demonstrations
 * and riots map one to one, as do arrests and agreements. The rest of ACLED's taxonomy (armed
 * clashes, remote violence, violence against civilians, most strategic developments) has no
 * place in a taxonomy of protest and labour; each still becomes the nearest code, by a fallback
 * stated here and in docs/situation.md, and the row's own ACLED types are kept with the event
 * (the ACLED record of acled.ts), so that the export gives them back unchanged.
 */

export interface AcledMapping {
  sub: SubEventType;
  /** Why the code is only the nearest one (a fallback), or undefined when ACLED's type maps exactly. */
  fallback?: string;
}

const EXACT: Readonly<Record<string, SubEventType>> = {
  'protests/peaceful protest': 'peaceful_protest',
  'protests/protest with intervention': 'protest_with_intervention',
  'protests/excessive force against protesters': 'excessive_force_against_protesters',
  'riots/violent demonstration': 'violent_demonstration',
  'riots/mob violence': 'mob_violence',
  'strategic developments/arrests': 'arrests',
  'strategic developments/agreement': 'concession',
};

/** Fallbacks by ACLED event type and sub-event type (a sub-event type of `*` stands for any). */
const FALLBACK: Readonly<Record<string, AcledMapping>> = {
  'battles/*': {
    sub: 'mob_violence',
    fallback: 'armed clashes are coded as clashes outside a demonstration',
  },
  'explosions/remote violence/*': {
    sub: 'mob_violence',
    fallback: 'remote violence (grenades, explosives, shelling) is coded as violence outside a demonstration',
  },
  'violence against civilians/attack': {
    sub: 'mob_violence',
    fallback: 'an attack on civilians by non-state actors is coded as violence outside a demonstration',
  },
  'violence against civilians/abduction/forced disappearance': {
    sub: 'arrests',
    fallback: 'an abduction or forced disappearance is coded as a detention',
  },
  'violence against civilians/sexual violence': {
    sub: 'mob_violence',
    fallback: 'sexual violence is coded as violence outside a demonstration',
  },
  'strategic developments/looting/property destruction': {
    sub: 'violent_demonstration',
    fallback: 'looting and destruction of property are coded as a violent demonstration',
  },
  'strategic developments/change to group/activity': {
    sub: 'dismissal',
    fallback:
      'a change to a group or its activity is coded as a change of officials unless the notes say more',
  },
  'strategic developments/disrupted weapons use': {
    sub: 'force_deployment',
    fallback: 'disrupted weapons use is coded as a deployment of forces',
  },
  'strategic developments/headquarters or base established': {
    sub: 'force_deployment',
    fallback: 'a base established is coded as a deployment of forces',
  },
  'strategic developments/non-violent transfer of territory': {
    sub: 'force_deployment',
    fallback: 'a transfer of territory is coded as a deployment of forces',
  },
  'strategic developments/other': {
    sub: 'emergency',
    fallback: 'other strategic developments are coded as an emergency measure unless the notes say more',
  },
  '*/*': { sub: 'mob_violence', fallback: 'an event type ACLED added after 2023 is coded as violence' },
};

/** What the notes of a strategic development say it was (ACLED codes these as Other or Change). */
const NOTES: [RegExp, SubEventType][] = [
  [/internet|mobile (network|data)|telecommunication|connection was (cut|blocked)/i, 'internet_shutdown'],
  [/state of emergency|curfew|emergency (rule|regime)/i, 'emergency'],
  [/troops|CSTO|peacekeep|deploy|military (was|were) sent|armou?red vehicles/i, 'force_deployment'],
  [/resign|dismiss|removed from (office|his post|her post)|sacked/i, 'dismissal'],
  [/lockout|locked out/i, 'lockout'],
];

/** Violence against civilians by state forces (inter 1) is force against the people, as ACLED coded it in January 2022. */
const STATE_ATTACK: AcledMapping = {
  sub: 'excessive_force_against_protesters',
  fallback: 'an attack on civilians by state forces is coded as excessive force against protesters',
};

/**
 * The taxonomy code of an ACLED row's types.
 * @example acledToSub('Battles', 'Armed clash', '', 1) // { sub: 'mob_violence', fallback: '…' }
 */
export function acledToSub(
  eventType: string,
  subType: string,
  notes: string,
  inter1: number | null,
): AcledMapping {
  const key = `${eventType}/${subType}`.trim().toLowerCase();
  const exact = EXACT[key];
  if (exact) return { sub: exact };
  const t = eventType.trim().toLowerCase();
  if (t === 'strategic developments' && /other|change to group/i.test(subType)) {
    const found = NOTES.find(([re]) => re.test(notes));
    if (found)
      return { sub: found[1], fallback: `coded from the notes of a strategic development (${subType})` };
  }
  if (key === 'violence against civilians/attack' && inter1 === 1) return STATE_ATTACK;
  return FALLBACK[key] ?? FALLBACK[`${t}/*`] ?? FALLBACK['*/*']!;
}

/** Every event and sub-event type of ACLED's codebook (for tests and the docs). */
export const ACLED_TYPES: readonly [string, string][] = [
  ['Battles', 'Armed clash'],
  ['Battles', 'Government regains territory'],
  ['Battles', 'Non-state actor overtakes territory'],
  ['Explosions/Remote violence', 'Chemical weapon'],
  ['Explosions/Remote violence', 'Air/drone strike'],
  ['Explosions/Remote violence', 'Suicide bomb'],
  ['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
  ['Explosions/Remote violence', 'Remote explosive/landmine/IED'],
  ['Explosions/Remote violence', 'Grenade'],
  ['Violence against civilians', 'Sexual violence'],
  ['Violence against civilians', 'Attack'],
  ['Violence against civilians', 'Abduction/forced disappearance'],
  ['Protests', 'Peaceful protest'],
  ['Protests', 'Protest with intervention'],
  ['Protests', 'Excessive force against protesters'],
  ['Riots', 'Violent demonstration'],
  ['Riots', 'Mob violence'],
  ['Strategic developments', 'Agreement'],
  ['Strategic developments', 'Arrests'],
  ['Strategic developments', 'Change to group/activity'],
  ['Strategic developments', 'Disrupted weapons use'],
  ['Strategic developments', 'Headquarters or base established'],
  ['Strategic developments', 'Looting/property destruction'],
  ['Strategic developments', 'Non-violent transfer of territory'],
  ['Strategic developments', 'Other'],
];
