import type { DemandsProgramContent, Lang, PublishedPlank } from '../core/content.js';

/*
 * The published program as a readable NIP-23 article in one language: its title, the planks in
 * order with their status and support, and who endorsed it. Markdown only (any NIP-23 reader
 * shows it); the figures are those of the 30622 record published beside it.
 */

const WORDS = {
  en: {
    intro:
      'The demands the collectives stand behind, drawn from the events and the collectives’ own demands.',
    status: {
      put_to_vote: 'put to the vote',
      adopted: 'adopted',
      won: 'won',
      partly_won: 'partly won',
      lost: 'lost',
    },
    support: 'Support',
    events: 'events',
    collectives: 'collectives',
    regions: 'regions',
    people: 'people',
    withheld: (n: number) => `fewer than ${n}`,
    endorsed: 'Endorsed by',
    endorsedCount: (n: number | null, t: number) =>
      n === null
        ? `Endorsed by fewer than ${t} collectives`
        : `Endorsed by ${n} ${n === 1 ? 'collective' : 'collectives'}`,
    among: 'among them',
    note: (n: number) =>
      `Counts below ${n} are not published, so that no single collective can be singled out.`,
    untranslated: '(not yet translated)',
  },
  ru: {
    intro: 'Требования, за которыми стоят коллективы: из событий и из требований самих коллективов.',
    status: {
      put_to_vote: 'на голосовании',
      adopted: 'принято',
      won: 'выиграно',
      partly_won: 'выиграно частично',
      lost: 'проиграно',
    },
    support: 'Поддержка',
    events: 'событий',
    collectives: 'коллективов',
    regions: 'регионов',
    people: 'человек',
    withheld: (n: number) => `меньше ${n}`,
    endorsed: 'Поддержали',
    endorsedCount: (n: number | null, t: number) => `Поддержали коллективы: ${n ?? `меньше ${t}`}`,
    among: 'в том числе',
    note: (n: number) => `Числа меньше ${n} не публикуются, чтобы нельзя было выделить отдельный коллектив.`,
    untranslated: '(ещё не переведено)',
  },
  kk: {
    intro: 'Ұжымдар қолдайтын талаптар: оқиғалардан және ұжымдардың өз талаптарынан.',
    status: {
      put_to_vote: 'дауысқа салынды',
      adopted: 'қабылданды',
      won: 'жеңіп алынды',
      partly_won: 'ішінара жеңіп алынды',
      lost: 'жеңілді',
    },
    support: 'Қолдау',
    events: 'оқиға',
    collectives: 'ұжым',
    regions: 'өңір',
    people: 'адам',
    withheld: (n: number) => `${n} санынан аз`,
    endorsed: 'Қолдағандар',
    endorsedCount: (n: number | null, t: number) => `Қолдаған ұжымдар: ${n ?? `${t} санынан аз`}`,
    among: 'соның ішінде',
    note: (n: number) => `${n} санынан кіші сандар жарияланбайды: жеке ұжымды бөліп көрсетуге болмайды.`,
    untranslated: '(әлі аударылмаған)',
  },
} as const;

/** A plank's text in the language, else the first language it has. */
export function plankText(p: PublishedPlank, lang: Lang): { text: string; translated: boolean } {
  const own = p.text[lang];
  if (own) return { text: own, translated: true };
  return { text: p.text.ru ?? p.text.kk ?? p.text.en ?? '', translated: false };
}

/** The article's markdown in one language. */
export function programMarkdown(content: DemandsProgramContent, lang: Lang, title: string): string {
  const w = WORDS[lang];
  const threshold = content.threshold ?? 1;
  const count = (n: number | null | undefined) => (n == null ? w.withheld(threshold) : String(n));
  const lines = [`# ${escapeMd(title)}`, '', w.intro, ''];
  (content.planks ?? []).forEach((p, i) => {
    const { text, translated } = plankText(p, lang);
    lines.push(
      `${i + 1}. **${escapeMd(text)}**${translated ? '' : ` ${w.untranslated}`} — *${w.status[p.status]}*`,
    );
    const s = p.support;
    const parts = [
      `${w.events}: ${count(s.events)}`,
      `${w.collectives}: ${count(s.collectives)}`,
      `${w.regions}: ${count(s.regions)}`,
    ];
    if (s.people !== undefined) parts.push(`${w.people}: ${count(s.people)}`);
    lines.push(`   ${w.support}: ${parts.join(', ')}.`);
  });
  const e = content.endorsements;
  if (e && e.count !== 0) {
    const named = e.named.map((n) => escapeMd(n.name));
    // All named: their names; some: how many, and the names of those that agreed to be named.
    lines.push(
      '',
      named.length === e.count
        ? `**${w.endorsed}:** ${named.join(', ')}.`
        : `**${w.endorsedCount(e.count, threshold)}**${named.length > 0 ? `, ${w.among}: ${named.join(', ')}` : ''}.`,
    );
  }
  lines.push('', `*${w.note(threshold)}*`, '');
  return lines.join('\n');
}

/** Markdown's own characters in text written by people are shown, not obeyed. */
const escapeMd = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\n+/g, ' ');
