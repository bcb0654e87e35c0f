// The report as the desk receives it (ReportContentSchema in src/core/content.ts): free text,
// and the optional hints. The schema's hints hold a place and an enterprise; what happened and
// how many people were there have no field of their own, so they travel as labelled lines of
// the text, where the desk (and its automatic coding) reads them like the rest.
import type { ReportContent, ReportHints } from '../../../src/core/content.js';
import type { Lang } from '../shared/i18n.js';

/** ReportContentSchema: text ≤ 5,000 characters; place and enterprise ≤ 200. */
export const LIMITS = { text: 5_000, hint: 200, body: 4_400 } as const;

export interface ReportForm {
  text: string;
  place?: string;
  enterprise?: string;
  what?: string;
  people?: string;
}

/** How the extra lines are labelled, in the reporter's language. */
export interface LineLabels {
  what: string;
  people: string;
}

function clean(value: string | undefined, max: number): string {
  return (value ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
}

/**
 * The content of a report, or null when there is nothing to send (no text and no hint).
 *
 * @example composeReport({ text: 'Стоим у ворот', people: '200' }, 'ru', labels) // { text: 'Стоим у ворот\n\nСколько людей: 200', channel: 'web', lang: 'ru' }
 */
export function composeReport(form: ReportForm, lang: Lang, labels: LineLabels): ReportContent | null {
  const body = form.text.trim().slice(0, LIMITS.body);
  const what = clean(form.what, LIMITS.hint);
  const people = clean(form.people, LIMITS.hint);
  const lines = [what && `${labels.what}: ${what}`, people && `${labels.people}: ${people}`].filter(Boolean);
  const text = [body, lines.join('\n')].filter(Boolean).join('\n\n');
  const hints: ReportHints = {};
  const place = clean(form.place, LIMITS.hint);
  const enterprise = clean(form.enterprise, LIMITS.hint);
  if (place) hints.place = place;
  if (enterprise) hints.enterprise = enterprise;
  const hasHints = place !== '' || enterprise !== '';
  if (!text && !hasHints) return null;
  return {
    // The schema needs some text; a report of hints alone still says where and what.
    text: (text || [place, enterprise].filter(Boolean).join(', ')).slice(0, LIMITS.text),
    channel: 'web',
    lang,
    ...(hasHints ? { hints } : {}),
  };
}
