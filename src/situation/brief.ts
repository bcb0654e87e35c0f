import { z } from 'zod';
import { LANGS, type Lang } from '../core/content.js';
import type { Db } from '../store/db.js';
import { type BriefFacts, computeBriefFacts } from './brief-facts.js';
import { renderBrief } from './brief-text.js';
import { isDay, NOW_PERIODS, type NowPeriod, nowPeriod } from './period.js';
import { dateRange, parseQuery } from './query.js';

/** The days of a "now" view, exactly as the situation query takes them (all: first to last event day). */
function periodDays(db: Db, period: NowPeriod | undefined, now: Date): { from?: string; to?: string } {
  if (!period) return {};
  if (period !== 'all') return nowPeriod(period, now);
  const range = dateRange(db);
  return range.min && range.max ? { from: range.min, to: range.max } : nowPeriod('24h', now);
}

export interface BriefRequest {
  lang: Lang;
  from?: string | undefined;
  to?: string | undefined;
  hours?: number | undefined;
  /** The page's "now" view: the same days as `GET /api/v1/situation?period=`. */
  period?: NowPeriod | undefined;
}

/** The longest period a brief covers in hours (a year of them). */
export const BRIEF_MAX_DAYS = 366;
/**
 * The longest period of days: the brief sums rollups of whole years, so a long period costs
 * no more than a short one; the page asks for the very period it shows, all time included.
 */
export const BRIEF_MAX_DATE_DAYS = 100 * 366;

const day = (name: string) =>
  z
    .string()
    .max(10)
    .refine(isDay, { message: `${name} must be a date YYYY-MM-DD`, params: { code: 'invalid_date' } });

const BriefQuerySchema = z
  .strictObject({
    lang: z
      .string()
      .refine((l) => (LANGS as readonly string[]).includes(l), {
        message: `lang must be one of ${LANGS.join(', ')}`,
        params: { code: 'invalid_lang' },
      })
      .optional(),
    hours: z
      .string()
      .refine((h) => /^\d{1,5}$/.test(h) && Number(h) >= 1 && Number(h) <= BRIEF_MAX_DAYS * 24, {
        message: `hours must be a whole number 1-${BRIEF_MAX_DAYS * 24}`,
        params: { code: 'invalid_hours' },
      })
      .optional(),
    from: day('from').optional(),
    to: day('to').optional(),
    period: z
      .string()
      .max(8)
      .refine((p) => (NOW_PERIODS as readonly string[]).includes(p), {
        message: `period must be one of ${NOW_PERIODS.join(', ')}`,
        params: { code: 'invalid_period' },
      })
      .optional(),
  })
  .superRefine((q, ctx) => {
    const issue = (message: string, code: string) =>
      ctx.addIssue({ code: 'custom', message, params: { code }, path: ['from'] });
    if (q.period && (q.from || q.to || q.hours))
      issue('give period, hours, or from and to: one of them', 'invalid_period');
    else if ((q.from === undefined) !== (q.to === undefined))
      issue('give both from and to, or neither', 'invalid_period');
    else if (q.from && q.hours) issue('give hours, or from and to, not both', 'invalid_period');
    else if (q.from && q.to && q.from > q.to) issue('from must not be after to', 'invalid_period');
    else if (q.from && q.to && daysBetweenSafe(q.from, q.to) > BRIEF_MAX_DATE_DAYS)
      issue(`a brief covers at most ${BRIEF_MAX_DATE_DAYS} days`, 'invalid_period');
  });

function daysBetweenSafe(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000 + 1;
}

/**
 * Check a brief's query (`lang`, `hours` or `from` + `to`). Throws ValidationError with a stable
 * code: `invalid_lang`, `invalid_hours`, `invalid_date`, `invalid_period`, `unknown_parameter`.
 *
 * @example parseBriefRequest({ lang: 'ru', hours: '24' }) // { lang: 'ru', hours: 24 }
 */
export function parseBriefRequest(raw: unknown): BriefRequest {
  const q = parseQuery(BriefQuerySchema, raw);
  return {
    lang: (q.lang ?? 'en') as Lang,
    ...(q.period
      ? { period: q.period as NowPeriod }
      : q.from
        ? { from: q.from, to: q.to }
        : { hours: q.hours ? Number(q.hours) : 24 }),
  };
}

/** The brief as the API answers it: plain text, markdown with headings, a summary, the facts. */
export interface SituationBrief {
  text: string;
  markdown: string;
  summary: string;
  facts: BriefFacts;
}

/**
 * The situation brief: facts over the period, and a short text made only from them.
 *
 * @example situationBrief(node.db, { lang: 'kk', hours: 24 }) // { text, markdown, summary, facts }
 */
export function situationBrief(db: Db, request: BriefRequest, now?: Date): SituationBrief {
  const { period, ...rest } = request;
  const facts = computeBriefFacts(db, {
    ...rest,
    ...periodDays(db, period, now ?? new Date()),
    ...(now ? { now } : {}),
  });
  const { text, markdown, summary } = renderBrief(facts, request.lang);
  return { text, markdown, summary, facts };
}
