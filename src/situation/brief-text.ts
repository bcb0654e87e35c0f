import type { Lang } from '../core/content.js';
import type { Demand } from '../core/taxonomy.js';
import type { BriefFacts, ProgramSupportFacts } from './brief-facts.js';
import { DEMAND_LABELS } from './labels.js';

/*
 * The brief's text, rendered from its facts in Russian, Kazakh or English. Every number (and
 * every date or name that might hold digits) goes through `Writer.fact`, which records the
 * path of the fact it came from: the tests check each one against `facts`.
 */

/** A value in the text and the fact it came from ('scale.events', 'who.enterprises.0.count'). */
export interface BriefToken {
  path: string;
  text: string;
}

export interface RenderedBrief {
  text: string;
  tokens: BriefToken[];
}

/** Read a fact by its dotted path. */
export function factAt(facts: BriefFacts, path: string): unknown {
  let value: unknown = facts;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null)?.[key];
  return value;
}

/** A signed figure: +12, −12 (minus sign), 0. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}

class Writer {
  readonly tokens: BriefToken[] = [];
  readonly sentences: string[] = [];

  constructor(readonly facts: BriefFacts) {}

  /** A fact as it appears in the text; `sign` writes + or − before a change. */
  fact(path: string, sign = false): string {
    const value = factAt(this.facts, path);
    const text = sign && typeof value === 'number' ? signed(value) : String(value);
    this.tokens.push({ path, text });
    return text;
  }

  num(path: string): number {
    return factAt(this.facts, path) as number;
  }

  say(sentence: string): void {
    this.sentences.push(sentence);
  }

  list<T>(path: string, items: T[], item: (prefix: string, x: T) => string): string {
    return items.map((x, i) => item(`${path}.${i}`, x)).join(', ');
  }
}

const RU_PLURAL = new Intl.PluralRules('ru');
const EN_PLURAL = new Intl.PluralRules('en');

/** Russian plural form for a count: 1 событие, 2 события, 5 событий, 21 событие, 11 событий. */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const form = RU_PLURAL.select(n);
  return form === 'one' ? one : form === 'few' ? few : many;
}

/** Russian prepositional after "в N": в 1 пункте, в 21 пункте, but в 2/5/11 пунктах. */
function ruPrepositional(n: number, singular: string, plural: string): string {
  return RU_PLURAL.select(n) === 'one' ? singular : plural;
}

const enPlural = (n: number, one: string, many: string) => (EN_PLURAL.select(n) === 'one' ? one : many);

function demandLabel(w: Writer, prefix: string, lang: Lang): string {
  const code = factAt(w.facts, `${prefix}.demand`) as Demand;
  return DEMAND_LABELS[code]?.[lang] ?? code.replaceAll('_', ' ');
}

function renderEn(w: Writer): void {
  const f = w.facts;
  const range = () => `${w.fact('period.from')} – ${w.fact('period.to')}`;
  if (f.period.hours !== null) {
    const h = w.num('period.hours');
    const hours = w.fact('period.hours');
    w.say(`Period: the last ${hours} ${enPlural(h, 'hour', 'hours')} (${range()}).`);
  } else {
    const r = range();
    w.say(`Period: ${r} (${w.fact('period.days')} ${enPlural(f.period.days, 'day', 'days')}).`);
  }
  const events = f.scale.events;
  const prev = f.scale.previous_events;
  if (events === 0) {
    w.say('No events were recorded.');
    if (prev > 0)
      w.say(
        `The previous period of the same length had ${w.fact('scale.previous_events')} ${enPlural(prev, 'event', 'events')}.`,
      );
    return;
  }
  let scale = `${w.fact('scale.events')} ${enPlural(events, 'event', 'events')}`;
  if (f.scale.settlements > 0)
    scale += ` in ${w.fact('scale.settlements')} ${enPlural(f.scale.settlements, 'settlement', 'settlements')}`;
  scale += ` across ${w.fact('scale.regions')} ${enPlural(f.scale.regions, 'region', 'regions')}`;
  w.say(`${scale}.`);
  if (f.scale.participants > 0) w.say(`At least ${w.fact('scale.participants')} people took part.`);
  if (prev > 0 && f.scale.change_pct !== null) {
    w.say(
      `The previous period of the same length had ${w.fact('scale.previous_events')} ${enPlural(prev, 'event', 'events')} (change: ${w.fact('scale.change_pct', true)} %).`,
    );
  } else w.say('The previous period of the same length had none.');
  if (f.scale.top_regions.length > 0)
    w.say(
      `Most events: ${w.list('scale.top_regions', f.scale.top_regions, (p) => `${w.fact(`${p}.admin1`)} (${w.fact(`${p}.count`)})`)}.`,
    );
  if (f.who.worker_actions > 0) {
    w.say(
      `Workers took part in ${w.fact('who.worker_actions')} ${enPlural(f.who.worker_actions, 'event', 'events')}, among them ${w.fact('who.labour_actions')} ${enPlural(f.who.labour_actions, 'strike or other labour action', 'strikes and other labour actions')}.`,
    );
  }
  if (f.who.enterprises.length > 0)
    w.say(
      `Enterprises named: ${w.list('who.enterprises', f.who.enterprises, (p) => `${w.fact(`${p}.name`)} (${w.fact(`${p}.count`)})`)}.`,
    );
  if (f.demands.events_with_demands > 0) {
    w.say(
      `Demands were raised at ${w.fact('demands.events_with_demands')} ${enPlural(f.demands.events_with_demands, 'event', 'events')}: economic at ${w.fact('demands.economic_pct')} %, labour at ${w.fact('demands.labour_pct')} %, political at ${w.fact('demands.political_pct')} % of them.`,
    );
    w.say(
      `Most frequent: ${w.list('demands.top', f.demands.top, (p) => `${demandLabel(w, p, 'en')} (${w.fact(`${p}.count`)})`)}.`,
    );
  } else w.say('No demands were recorded.');
  w.say(
    `State response: concessions ${w.fact('state.concessions')}, repression (arrests, dispersal, force) ${w.fact('state.repression')}, internet shutdowns ${w.fact('state.shutdowns')}.`,
  );
  if (f.state.detained > 0 || f.state.fatalities > 0)
    w.say(`Detained: ${w.fact('state.detained')}. Killed: ${w.fact('state.fatalities')}.`);
  const o = f.organization;
  if (o.organized_pct !== null) {
    let s = `Organized actions: ${w.fact('organization.organized')}, spontaneous: ${w.fact('organization.spontaneous')} (organized share ${w.fact('organization.organized_pct')} %`;
    if (o.previous_organized_pct !== null && o.change_pts !== null)
      s += `; previous period ${w.fact('organization.previous_organized_pct')} %, change ${w.fact('organization.change_pts', true)} points`;
    w.say(`${s}).`);
  } else w.say('Whether the actions were organized is not known.');
}

function renderRu(w: Writer): void {
  const f = w.facts;
  const range = () => `${w.fact('period.from')} — ${w.fact('period.to')}`;
  if (f.period.hours !== null) {
    const h = w.num('period.hours');
    const hours = w.fact('period.hours');
    w.say(`Период: ${hours} ${ruPlural(h, 'час', 'часа', 'часов')} (${range()}).`);
  } else {
    const d = f.period.days;
    const r = range();
    w.say(`Период: ${r} (${w.fact('period.days')} ${ruPlural(d, 'день', 'дня', 'дней')}).`);
  }
  const events = f.scale.events;
  const prev = f.scale.previous_events;
  if (events === 0) {
    w.say('Событий не зафиксировано.');
    if (prev > 0)
      w.say(
        `В предыдущем периоде такой же длины — ${w.fact('scale.previous_events')} ${ruPlural(prev, 'событие', 'события', 'событий')}.`,
      );
    return;
  }
  let scale = `Зафиксировано ${w.fact('scale.events')} ${ruPlural(events, 'событие', 'события', 'событий')}`;
  const s = f.scale.settlements;
  if (s > 0)
    scale += ` в ${w.fact('scale.settlements')} ${ruPrepositional(s, 'населённом пункте', 'населённых пунктах')}`;
  scale += ` (регионов: ${w.fact('scale.regions')})`;
  w.say(`${scale}.`);
  if (f.scale.participants > 0) w.say(`Участников — не менее ${w.fact('scale.participants')}.`);
  if (prev > 0 && f.scale.change_pct !== null) {
    w.say(
      `В предыдущем периоде такой же длины — ${w.fact('scale.previous_events')} ${ruPlural(prev, 'событие', 'события', 'событий')} (изменение: ${w.fact('scale.change_pct', true)} %).`,
    );
  } else w.say('В предыдущем периоде такой же длины событий не было.');
  if (f.scale.top_regions.length > 0)
    w.say(
      `Больше всего событий: ${w.list('scale.top_regions', f.scale.top_regions, (p) => `${w.fact(`${p}.admin1`)} (${w.fact(`${p}.count`)})`)}.`,
    );
  const wk = f.who.worker_actions;
  if (wk > 0) {
    w.say(
      `Рабочие участвовали в ${w.fact('who.worker_actions')} ${ruPrepositional(wk, 'событии', 'событиях')}; забастовок и других трудовых акций — ${w.fact('who.labour_actions')}.`,
    );
  }
  if (f.who.enterprises.length > 0)
    w.say(
      `Названные предприятия: ${w.list('who.enterprises', f.who.enterprises, (p) => `${w.fact(`${p}.name`)} (${w.fact(`${p}.count`)})`)}.`,
    );
  const dm = f.demands.events_with_demands;
  if (dm > 0) {
    w.say(
      `Требования выдвигались в ${w.fact('demands.events_with_demands')} ${ruPrepositional(dm, 'событии', 'событиях')}: экономические — в ${w.fact('demands.economic_pct')} % из них, трудовые — в ${w.fact('demands.labour_pct')} %, политические — в ${w.fact('demands.political_pct')} %.`,
    );
    w.say(
      `Чаще всего требовали: ${w.list('demands.top', f.demands.top, (p) => `${demandLabel(w, p, 'ru')} (${w.fact(`${p}.count`)})`)}.`,
    );
  } else w.say('Требования не зафиксированы.');
  w.say(
    `Ответ государства: уступки — ${w.fact('state.concessions')}, репрессии (задержания, разгоны, применение силы) — ${w.fact('state.repression')}, отключения интернета — ${w.fact('state.shutdowns')}.`,
  );
  if (f.state.detained > 0 || f.state.fatalities > 0)
    w.say(`Задержанных — ${w.fact('state.detained')}, погибших — ${w.fact('state.fatalities')}.`);
  const o = f.organization;
  if (o.organized_pct !== null) {
    let t = `Организованных действий — ${w.fact('organization.organized')}, стихийных — ${w.fact('organization.spontaneous')} (доля организованных — ${w.fact('organization.organized_pct')} %`;
    if (o.previous_organized_pct !== null && o.change_pts !== null)
      t += `; в предыдущем периоде — ${w.fact('organization.previous_organized_pct')} %, изменение: ${w.fact('organization.change_pts', true)} п. п.`;
    w.say(`${t}).`);
  } else w.say('Сведений о том, организованы ли действия, нет.');
}

function renderKk(w: Writer): void {
  const f = w.facts;
  const range = () => `${w.fact('period.from')} – ${w.fact('period.to')}`;
  if (f.period.hours !== null) {
    const hours = w.fact('period.hours');
    w.say(`Кезең: соңғы ${hours} сағат (${range()}).`);
  } else {
    const r = range();
    w.say(`Кезең: ${r} (${w.fact('period.days')} күн).`);
  }
  const events = f.scale.events;
  const prev = f.scale.previous_events;
  if (events === 0) {
    w.say('Оқиғалар тіркелмеген.');
    if (prev > 0) w.say(`Алдыңғы осындай кезеңде – ${w.fact('scale.previous_events')} оқиға.`);
    return;
  }
  const head = `${w.fact('scale.events')} оқиға тіркелді: `;
  const parts = [];
  if (f.scale.settlements > 0) parts.push(`${w.fact('scale.settlements')} елді мекен`);
  parts.push(`${w.fact('scale.regions')} өңір`);
  w.say(`${head}${parts.join(', ')}.`);
  if (f.scale.participants > 0) w.say(`Қатысушылар саны – кемінде ${w.fact('scale.participants')}.`);
  if (prev > 0 && f.scale.change_pct !== null) {
    w.say(
      `Алдыңғы осындай кезеңде – ${w.fact('scale.previous_events')} оқиға (өзгеріс: ${w.fact('scale.change_pct', true)} %).`,
    );
  } else w.say('Алдыңғы осындай кезеңде оқиға болмаған.');
  if (f.scale.top_regions.length > 0)
    w.say(
      `Оқиғалар ең көп болған өңірлер: ${w.list('scale.top_regions', f.scale.top_regions, (p) => `${w.fact(`${p}.admin1`)} (${w.fact(`${p}.count`)})`)}.`,
    );
  if (f.who.worker_actions > 0) {
    w.say(
      `Жұмысшылар қатысқан оқиғалар – ${w.fact('who.worker_actions')}, оның ішінде ереуілдер мен басқа да еңбек акциялары – ${w.fact('who.labour_actions')}.`,
    );
  }
  if (f.who.enterprises.length > 0)
    w.say(
      `Аталған кәсіпорындар: ${w.list('who.enterprises', f.who.enterprises, (p) => `${w.fact(`${p}.name`)} (${w.fact(`${p}.count`)})`)}.`,
    );
  if (f.demands.events_with_demands > 0) {
    w.say(
      `Талап қойылған оқиғалар – ${w.fact('demands.events_with_demands')}: олардың ішінде экономикалық талаптар – ${w.fact('demands.economic_pct')} %, еңбек талаптары – ${w.fact('demands.labour_pct')} %, саяси талаптар – ${w.fact('demands.political_pct')} %.`,
    );
    w.say(
      `Ең жиі талаптар: ${w.list('demands.top', f.demands.top, (p) => `${demandLabel(w, p, 'kk')} (${w.fact(`${p}.count`)})`)}.`,
    );
  } else w.say('Талаптар тіркелмеген.');
  w.say(
    `Мемлекеттің жауабы: жеңілдіктер – ${w.fact('state.concessions')}, қуғын-сүргін (ұстау, тарату, күш қолдану) – ${w.fact('state.repression')}, интернетті өшіру – ${w.fact('state.shutdowns')}.`,
  );
  if (f.state.detained > 0 || f.state.fatalities > 0)
    w.say(`Ұсталғандар – ${w.fact('state.detained')}, қаза тапқандар – ${w.fact('state.fatalities')}.`);
  const o = f.organization;
  if (o.organized_pct !== null) {
    let t = `Ұйымдасқан әрекеттер – ${w.fact('organization.organized')}, стихиялық әрекеттер – ${w.fact('organization.spontaneous')} (ұйымдасқандардың үлесі – ${w.fact('organization.organized_pct')} %`;
    if (o.previous_organized_pct !== null && o.change_pts !== null)
      t += `; алдыңғы кезеңде – ${w.fact('organization.previous_organized_pct')} %, өзгеріс: ${w.fact('organization.change_pts', true)} пайыздық тармақ`;
    w.say(`${t}).`);
  } else w.say('Әрекеттердің ұйымдасқаны туралы мәлімет жоқ.');
}

const RENDERERS: Record<Lang, (w: Writer) => void> = { en: renderEn, ru: renderRu, kk: renderKk };

/**
 * The brief as text in one language, with the facts each figure came from.
 *
 * @example renderBrief(computeBriefFacts(db, { hours: 24 }), 'ru').text
 */
export function renderBrief(facts: BriefFacts, lang: Lang): RenderedBrief {
  const w = new Writer(facts);
  RENDERERS[lang](w);
  return { text: w.sentences.join(' '), tokens: w.tokens };
}

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
