import type { Lang } from '../core/content.js';
import type { ProgramSupportFacts } from './brief-facts.js';

/**
 * The brief's short program-support section in one language (empty when nothing is published).
 * Counts withheld below the threshold are said as "fewer than N", never as 0.
 *
 * @example programSupportText(programSupportFacts(content, 'en'), 'en')
 */
export function programSupportText(f: ProgramSupportFacts, lang: Lang): string {
  if (!f.published) return '';
  const n = (x: number | null) => (x === null ? PROGRAM_WORDS[lang].fewer(f.threshold ?? 1) : String(x));
  const w = PROGRAM_WORDS[lang];
  const top = f.top.map((p) => `«${p.text}» (${w.support(n(p.events), n(p.collectives))})`).join('; ');
  return [w.head(f.planks, f.won, f.endorsements), top ? `${w.top}: ${top}.` : ''].filter(Boolean).join(' ');
}

const PROGRAM_WORDS: Record<
  Lang,
  {
    head: (planks: number, won: number, endorsed: number) => string;
    top: string;
    support: (events: string, collectives: string) => string;
    fewer: (n: number) => string;
  }
> = {
  en: {
    head: (p, w, e) =>
      `The common program has ${p} plank(s), ${w} won in whole or part; ${e} collective(s) endorsed it.`,
    top: 'Best supported',
    support: (ev, c) => `events: ${ev}, collectives: ${c}`,
    fewer: (n) => `fewer than ${n}`,
  },
  ru: {
    head: (p, w, e) =>
      `В общей программе пунктов: ${p}, выиграно полностью или частично: ${w}; её поддержали коллективов: ${e}.`,
    top: 'Больше всего поддержки',
    support: (ev, c) => `событий: ${ev}, коллективов: ${c}`,
    fewer: (n) => `меньше ${n}`,
  },
  kk: {
    head: (p, w, e) =>
      `Ортақ бағдарламада ${p} тармақ бар, толық не ішінара жеңіп алынғаны: ${w}; оны қолдаған ұжымдар: ${e}.`,
    top: 'Ең көп қолдау тапқаны',
    support: (ev, c) => `оқиға: ${ev}, ұжым: ${c}`,
    fewer: (n) => `${n}-ден аз`,
  },
};
