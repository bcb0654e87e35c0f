import type { Lang } from '../core/content.js';
import type { Demand } from '../core/taxonomy.js';
import { type BriefSection, type BriefWriter, enPlural, factAt, ruPlural } from './brief-writer.js';
import { DEMAND_LABELS } from './labels.js';

/*
 * The brief's program section (docs/program.md): what the published program holds and how
 * much support its demands have, the share of economic and political demands month by month,
 * and which collectives endorsed it. Every figure goes through `w.fact`; a count the program
 * withheld below its threshold is said as "fewer than N", never as 0.
 */

/**
 * Kazakh ablative ending of a number written in digits, as the number is read: 3-тен, 2-ден,
 * 6-дан, 10-нан, 40-тан, 80-нен, 100-ден (by the sound of the last word of the numeral).
 */
export function kkAblative(n: number): string {
  const UNITS = ['', 'ден', 'ден', 'тен', 'тен', 'тен', 'дан', 'ден', 'ден', 'дан'];
  const TENS = ['', 'нан', 'дан', 'дан', 'тан', 'ден', 'тан', 'тен', 'нен', 'нан'];
  const a = Math.abs(Math.trunc(n));
  if (a === 0) return 'ден';
  if (a % 10) return UNITS[a % 10]!;
  if (a % 100) return TENS[(a % 100) / 10]!;
  if (a % 1000) return 'ден'; // жүз
  return 'нан'; // мың, миллион
}

const WORDS = {
  en: {
    fewer: (n: string) => `fewer than ${n}`,
    support: (e: string, c: string) => `events: ${e}, collectives: ${c}`,
  },
  ru: {
    fewer: (n: string) => `меньше ${n}`,
    support: (e: string, c: string) => `событий — ${e}, коллективов — ${c}`,
  },
  kk: {
    fewer: (n: string) => `${n}-${kkAblative(Number(n))} аз`,
    support: (e: string, c: string) => `оқиғалар – ${e}, ұжымдар – ${c}`,
  },
} as const;

/** A count of the published program: the figure, or "fewer than N" when it was withheld. */
function count(w: BriefWriter, path: string, lang: Lang): string {
  if (factAt(w.facts, path) === null) return WORDS[lang].fewer(w.fact('program.threshold'));
  return w.fact(path);
}

/** A demand's name: the taxonomy's label (no digits), or its own words (a fact: they may hold some). */
function demandName(w: BriefWriter, prefix: string, lang: Lang): string {
  const code = factAt(w.facts, `${prefix}.demand`) as Demand | null;
  if (code) return DEMAND_LABELS[code]?.[lang] ?? code.replaceAll('_', ' ');
  return `«${w.fact(`${prefix}.text`)}»`;
}

function published(w: BriefWriter, lang: Lang): void {
  const p = w.facts.program;
  if (p.published_on === null) {
    w.say(
      {
        en: 'The common program is not published yet.',
        ru: 'Общая программа ещё не опубликована.',
        kk: 'Ортақ бағдарлама әлі жарияланған жоқ.',
      }[lang],
    );
    return;
  }
  const day = w.fact('program.published_on');
  const planks = w.fact('program.planks');
  const won = w.fact('program.won');
  w.say(
    {
      en: `The common program, last published on ${day}, has ${planks} ${enPlural(p.planks, 'plank', 'planks')}; ${won} won in whole or in part.`,
      ru: `Общая программа (последняя публикация — ${day}): пунктов — ${planks}, выиграно полностью или частично — ${won}.`,
      kk: `Ортақ бағдарлама (соңғы рет ${day} жарияланды): тармақтар – ${planks}, толық не ішінара жеңіп алынғаны – ${won}.`,
    }[lang],
  );
  if (p.top.length > 0) {
    // Semicolons between the items: each holds commas of its own.
    const top = p.top
      .map((_, i) => {
        const prefix = `program.top.${i}`;
        const name = demandName(w, prefix, lang);
        const events = count(w, `${prefix}.events`, lang);
        const collectives = count(w, `${prefix}.collectives`, lang);
        return `${name} (${WORDS[lang].support(events, collectives)})`;
      })
      .join('; ');
    w.say(
      {
        en: `Its demands with the most support: ${top}.`,
        ru: `Требования программы с наибольшей поддержкой: ${top}.`,
        kk: `Бағдарламаның ең көп қолдау тапқан талаптары: ${top}.`,
      }[lang],
    );
  }
  if (p.endorsements === 0) {
    w.say(
      {
        en: 'No collective has endorsed it yet.',
        ru: 'Ни один коллектив её пока не поддержал.',
        kk: 'Әзірге бірде-бір ұжым оны қолдамады.',
      }[lang],
    );
    return;
  }
  const n = count(w, 'program.endorsements', lang);
  const names = w.list('program.endorsed_by', p.endorsed_by, (prefix) => w.fact(prefix));
  w.say(
    {
      en: `Collectives that endorsed it: ${n}${names ? `, among them ${names}` : ''}.`,
      ru: `Её поддержали коллективов: ${n}${names ? `, в том числе ${names}` : ''}.`,
      kk: `Оны қолдаған ұжымдар: ${n}${names ? `, соның ішінде ${names}` : ''}.`,
    }[lang],
  );
}

function share(w: BriefWriter, lang: Lang): void {
  if (w.facts.program.by_month.length === 0) return;
  const months = w.facts.program.by_month
    .map((m, i) => {
      const prefix = `program.by_month.${i}`;
      const month = w.fact(`${prefix}.month`);
      const economic = w.fact(`${prefix}.economic_pct`);
      const political = w.fact(`${prefix}.political_pct`);
      const events = w.fact(`${prefix}.events`);
      return {
        en: `${month}: economic ${economic} %, political ${political} % of ${events} ${enPlural(m.events, 'event', 'events')}`,
        ru: `${month}: экономические — ${economic} %, политические — ${political} % из ${events} ${ruPlural(m.events, 'события', 'событий', 'событий')}`,
        kk: `${month}: экономикалық – ${economic} %, саяси – ${political} %, барлығы ${events} оқиға`,
      }[lang];
    })
    .join('; ');
  w.say(
    {
      en: `Events naming a demand, by month: ${months}.`,
      ru: `События с требованиями по месяцам: ${months}.`,
      kk: `Талап қойылған оқиғалар айлар бойынша: ${months}.`,
    }[lang],
  );
}

function say(w: BriefWriter, lang: Lang): void {
  published(w, lang);
  share(w, lang);
}

export const programSupport: BriefSection = {
  id: 'program',
  heading: { en: 'Common program', ru: 'Общая программа', kk: 'Ортақ бағдарлама' },
  shown: (facts) => facts.program.published_on !== null || facts.program.by_month.length > 0,
  render: { en: (w) => say(w, 'en'), ru: (w) => say(w, 'ru'), kk: (w) => say(w, 'kk') },
};
