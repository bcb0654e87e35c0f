// The join request as the desk receives it (JoinRequestContentSchema in src/core/content.ts):
// trimmed, bounded, and null when a required field is missing, so the page never seals what the
// desk would refuse.
import type { JoinRequestContent, JoinWant } from '../../../src/core/content.js';
import type { Lang } from '../shared/i18n.js';

/** JOIN_LIMITS of src/core/content.ts (written out: importing it would carry zod along). */
export const LIMITS = { pseudonym: 100, place: 200, contact: 300, message: 4_000 } as const;

export interface JoinForm {
  pseudonym: string;
  enterprise: string;
  settlement: string;
  want: string;
  contact: string;
  message: string;
}

/** Which field is missing first, or null when the form can be sent. */
export type JoinProblem = 'pseudonym' | 'place' | 'want' | null;

const clean = (value: string, max: number) => value.replace(/\s+/g, ' ').trim().slice(0, max);
const WANTS: readonly string[] = ['join', 'start', 'help'];

/**
 * The content of a join request, or the first problem with the form.
 *
 * @example composeJoin({ pseudonym: 'Welder', enterprise: 'Foundry', settlement: '', want: 'join', contact: '', message: '' }, 'ru') // { content: { pseudonym: 'Welder', enterprise: 'Foundry', want: 'join', lang: 'ru' } }
 */
export function composeJoin(
  form: JoinForm,
  lang: Lang,
): { content: JoinRequestContent; problem: null } | { content: null; problem: Exclude<JoinProblem, null> } {
  const pseudonym = clean(form.pseudonym, LIMITS.pseudonym);
  const enterprise = clean(form.enterprise, LIMITS.place);
  const settlement = clean(form.settlement, LIMITS.place);
  const contact = clean(form.contact, LIMITS.contact);
  const message = form.message.trim().slice(0, LIMITS.message);
  if (!pseudonym) return { content: null, problem: 'pseudonym' };
  if (!enterprise && !settlement) return { content: null, problem: 'place' };
  if (!WANTS.includes(form.want)) return { content: null, problem: 'want' };
  return {
    problem: null,
    content: {
      pseudonym,
      ...(enterprise ? { enterprise } : {}),
      ...(settlement ? { settlement } : {}),
      want: form.want as JoinWant,
      ...(contact ? { contact } : {}),
      ...(message ? { message } : {}),
      lang,
    },
  };
}
