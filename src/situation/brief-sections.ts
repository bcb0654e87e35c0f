import type { Lang } from '../core/content.js';
import { programSupport } from './brief-program.js';
import { organizedShare } from './brief-section-organized.js';
import {
  type BriefSection,
  type BriefWriter,
  demandLabel,
  enPlural,
  factAt,
  ruPlural,
  ruPrepositional,
} from './brief-writer.js';
import { regionName } from './labels.js';

/*
 * The brief's sections, in the order they are said. Each has a heading per language (null: an
 * opening paragraph without one), says whether it is shown for these facts, and writes its
 * sentences in each language. A new section is one more entry in BRIEF_SECTIONS (a file of its
 * own is fine: export the section, import it here); its figures go through `w.fact` so that the
 * tests can check them, and a sentence passed with `{ lead: true }` joins the summary.
 */

export type { BriefSection } from './brief-writer.js';

const always = () => true;

/** A figure some events report: "N (K of M events report it)", or the words for "no data". */
function reported(
  w: BriefWriter,
  path: string,
  knownPath: string,
  noData: string,
  of: (k: () => string, m: () => string) => string,
): string {
  if (factAt(w.facts, path) === null) return noData;
  // The words decide the order of K and M; the tokens are written in text order.
  const figure = w.fact(path);
  return `${figure} (${of(
    () => w.fact(knownPath),
    () => w.fact('scale.events'),
  )})`;
}

/** A region as the brief's language names it (no digits, so not a fact token). */
const region = (w: BriefWriter, prefix: string, lang: Lang) =>
  regionName(factAt(w.facts, `${prefix}.admin1`) as string, lang);

const period: BriefSection = {
  id: 'period',
  heading: null,
  shown: always,
  render: {
    en: (w) => {
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
    },
    ru: (w) => {
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
    },
    kk: (w) => {
      const f = w.facts;
      const range = () => `${w.fact('period.from')} – ${w.fact('period.to')}`;
      if (f.period.hours !== null) {
        const hours = w.fact('period.hours');
        w.say(`Кезең: соңғы ${hours} сағат (${range()}).`);
      } else {
        const r = range();
        w.say(`Кезең: ${r} (${w.fact('period.days')} күн).`);
      }
    },
  },
};

const scale: BriefSection = {
  id: 'scale',
  heading: { en: 'Scale', ru: 'Масштаб', kk: 'Ауқымы' },
  shown: always,
  render: {
    en: (w) => {
      const f = w.facts;
      const events = f.scale.events;
      const prev = f.scale.previous_events;
      if (events === 0) {
        w.say('No events were recorded.', { lead: true });
        if (prev > 0)
          w.say(
            `The previous period of the same length had ${w.fact('scale.previous_events')} ${enPlural(prev, 'event', 'events')}.`,
            { lead: true },
          );
        return;
      }
      let scale = `${w.fact('scale.events')} ${enPlural(events, 'event', 'events')}`;
      if (f.scale.settlements > 0)
        scale += ` in ${w.fact('scale.settlements')} ${enPlural(f.scale.settlements, 'settlement', 'settlements')}`;
      scale += ` across ${w.fact('scale.regions')} ${enPlural(f.scale.regions, 'region', 'regions')}`;
      w.say(`${scale}.`, { lead: true });
      if (f.scale.participants !== null)
        w.say(
          `At least ${reported(w, 'scale.participants', 'scale.participants_known', '', (k, m) => `${k()} of ${m()} events report a size`)} people took part.`,
        );
      if (prev > 0 && f.scale.change_pct !== null) {
        w.say(
          `The previous period of the same length had ${w.fact('scale.previous_events')} ${enPlural(prev, 'event', 'events')} (change: ${w.fact('scale.change_pct', true)} %).`,
          { lead: true },
        );
      } else w.say('The previous period of the same length had none.', { lead: true });
      if (f.scale.top_regions.length > 0)
        w.say(
          `Most events: ${w.list('scale.top_regions', f.scale.top_regions, (p) => `${region(w, p, 'en')} (${w.fact(`${p}.count`)})`)}.`,
        );
    },
    ru: (w) => {
      const f = w.facts;
      const events = f.scale.events;
      const prev = f.scale.previous_events;
      if (events === 0) {
        w.say('Событий не зафиксировано.', { lead: true });
        if (prev > 0)
          w.say(
            `В предыдущем периоде такой же длины — ${w.fact('scale.previous_events')} ${ruPlural(prev, 'событие', 'события', 'событий')}.`,
            { lead: true },
          );
        return;
      }
      let scale = `Зафиксировано ${w.fact('scale.events')} ${ruPlural(events, 'событие', 'события', 'событий')}`;
      const s = f.scale.settlements;
      if (s > 0)
        scale += ` в ${w.fact('scale.settlements')} ${ruPrepositional(s, 'населённом пункте', 'населённых пунктах')}`;
      scale += ` (регионов: ${w.fact('scale.regions')})`;
      w.say(`${scale}.`, { lead: true });
      if (f.scale.participants !== null)
        w.say(
          `Участников — не менее ${reported(w, 'scale.participants', 'scale.participants_known', '', (k, m) => `численность известна для ${k()} из ${m()} событий`)}.`,
        );
      if (prev > 0 && f.scale.change_pct !== null) {
        w.say(
          `В предыдущем периоде такой же длины — ${w.fact('scale.previous_events')} ${ruPlural(prev, 'событие', 'события', 'событий')} (изменение: ${w.fact('scale.change_pct', true)} %).`,
          { lead: true },
        );
      } else w.say('В предыдущем периоде такой же длины событий не было.', { lead: true });
      if (f.scale.top_regions.length > 0)
        w.say(
          `Больше всего событий: ${w.list('scale.top_regions', f.scale.top_regions, (p) => `${region(w, p, 'ru')} (${w.fact(`${p}.count`)})`)}.`,
        );
    },
    kk: (w) => {
      const f = w.facts;
      const events = f.scale.events;
      const prev = f.scale.previous_events;
      if (events === 0) {
        w.say('Оқиғалар тіркелмеген.', { lead: true });
        if (prev > 0)
          w.say(`Алдыңғы осындай кезеңде – ${w.fact('scale.previous_events')} оқиға.`, { lead: true });
        return;
      }
      const head = `${w.fact('scale.events')} оқиға тіркелді: `;
      const parts = [];
      if (f.scale.settlements > 0) parts.push(`${w.fact('scale.settlements')} елді мекен`);
      parts.push(`${w.fact('scale.regions')} өңір`);
      w.say(`${head}${parts.join(', ')}.`, { lead: true });
      if (f.scale.participants !== null)
        w.say(
          `Қатысушылар саны – кемінде ${reported(w, 'scale.participants', 'scale.participants_known', '', (k, m) => `${m()} оқиғаның ${k()} оқиғасында саны белгілі`)}.`,
        );
      if (prev > 0 && f.scale.change_pct !== null) {
        w.say(
          `Алдыңғы осындай кезеңде – ${w.fact('scale.previous_events')} оқиға (өзгеріс: ${w.fact('scale.change_pct', true)} %).`,
          { lead: true },
        );
      } else w.say('Алдыңғы осындай кезеңде оқиға болмаған.', { lead: true });
      if (f.scale.top_regions.length > 0)
        w.say(
          `Оқиғалар ең көп болған өңірлер: ${w.list('scale.top_regions', f.scale.top_regions, (p) => `${region(w, p, 'kk')} (${w.fact(`${p}.count`)})`)}.`,
        );
    },
  },
};

const who: BriefSection = {
  id: 'who',
  heading: { en: 'Who took part', ru: 'Кто участвовал', kk: 'Кімдер қатысты' },
  shown: (f) => f.scale.events > 0 && (f.who.worker_actions > 0 || f.who.enterprises.length > 0),
  render: {
    en: (w) => {
      const f = w.facts;
      if (f.who.worker_actions > 0) {
        w.say(
          `Workers took part in ${w.fact('who.worker_actions')} ${enPlural(f.who.worker_actions, 'event', 'events')}, among them ${w.fact('who.labour_actions')} ${enPlural(f.who.labour_actions, 'strike or other labour action', 'strikes and other labour actions')}.`,
        );
      }
      if (f.who.enterprises.length > 0)
        w.say(
          `Enterprises named: ${w.list('who.enterprises', f.who.enterprises, (p) => `${w.fact(`${p}.name`)} (${w.fact(`${p}.count`)})`)}.`,
        );
    },
    ru: (w) => {
      const f = w.facts;
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
    },
    kk: (w) => {
      const f = w.facts;
      if (f.who.worker_actions > 0) {
        w.say(
          `Жұмысшылар қатысқан оқиғалар – ${w.fact('who.worker_actions')}, оның ішінде ереуілдер мен басқа да еңбек акциялары – ${w.fact('who.labour_actions')}.`,
        );
      }
      if (f.who.enterprises.length > 0)
        w.say(
          `Аталған кәсіпорындар: ${w.list('who.enterprises', f.who.enterprises, (p) => `${w.fact(`${p}.name`)} (${w.fact(`${p}.count`)})`)}.`,
        );
    },
  },
};

const demands: BriefSection = {
  id: 'demands',
  heading: { en: 'Demands', ru: 'Требования', kk: 'Талаптар' },
  render: {
    en: (w) => {
      const f = w.facts;
      if (f.demands.events_with_demands > 0) {
        w.say(
          `Demands were raised at ${w.fact('demands.events_with_demands')} ${enPlural(f.demands.events_with_demands, 'event', 'events')}: economic at ${w.fact('demands.economic_pct')} %, labour at ${w.fact('demands.labour_pct')} %, political at ${w.fact('demands.political_pct')} % of them.`,
        );
        w.say(
          `Most frequent: ${w.list('demands.top', f.demands.top, (p) => `${demandLabel(w, p, 'en')} (${w.fact(`${p}.count`)})`)}.`,
        );
      } else w.say('No demands were recorded.');
    },
    ru: (w) => {
      const f = w.facts;
      const dm = f.demands.events_with_demands;
      if (dm > 0) {
        w.say(
          `Требования выдвигались в ${w.fact('demands.events_with_demands')} ${ruPrepositional(dm, 'событии', 'событиях')}: экономические — в ${w.fact('demands.economic_pct')} % из них, трудовые — в ${w.fact('demands.labour_pct')} %, политические — в ${w.fact('demands.political_pct')} %.`,
        );
        w.say(
          `Чаще всего требовали: ${w.list('demands.top', f.demands.top, (p) => `${demandLabel(w, p, 'ru')} (${w.fact(`${p}.count`)})`)}.`,
        );
      } else w.say('Требования не зафиксированы.');
    },
    kk: (w) => {
      const f = w.facts;
      if (f.demands.events_with_demands > 0) {
        w.say(
          `Талап қойылған оқиғалар – ${w.fact('demands.events_with_demands')}: олардың ішінде экономикалық талаптар – ${w.fact('demands.economic_pct')} %, еңбек талаптары – ${w.fact('demands.labour_pct')} %, саяси талаптар – ${w.fact('demands.political_pct')} %.`,
        );
        w.say(
          `Ең жиі талаптар: ${w.list('demands.top', f.demands.top, (p) => `${demandLabel(w, p, 'kk')} (${w.fact(`${p}.count`)})`)}.`,
        );
      } else w.say('Талаптар тіркелмеген.');
    },
  },
};

const state: BriefSection = {
  id: 'state',
  heading: { en: 'The authorities', ru: 'Власти', kk: 'Билік' },
  render: {
    en: (w) => {
      const f = w.facts;
      if (f.state.responses_known === 0) w.say('State response: no data (none is coded).', { lead: true });
      else
        w.say(
          `State response, coded for ${w.fact('state.responses_known')} of ${w.fact('scale.events')} events: concessions ${w.fact('state.concessions')}, repression (arrests, dispersal, force) ${w.fact('state.repression')}, internet shutdowns ${w.fact('state.shutdowns')}.`,
          { lead: true },
        );
      const of = (k: () => string, m: () => string) => `${k()} of ${m()} events report it`;
      w.say(
        `Detained: ${reported(w, 'state.detained', 'state.detained_known', 'no data', of)}. Killed: ${reported(w, 'state.fatalities', 'state.fatalities_known', 'no data', of)}.`,
      );
    },
    ru: (w) => {
      const f = w.facts;
      if (f.state.responses_known === 0)
        w.say('Ответ государства: нет данных (не закодирован ни для одного события).', { lead: true });
      else
        w.say(
          `Ответ государства (известен для ${w.fact('state.responses_known')} из ${w.fact('scale.events')} событий): уступки — ${w.fact('state.concessions')}, репрессии (задержания, разгоны, применение силы) — ${w.fact('state.repression')}, отключения интернета — ${w.fact('state.shutdowns')}.`,
          { lead: true },
        );
      const of = (k: () => string, m: () => string) => `сообщают ${k()} из ${m()} событий`;
      w.say(
        `Задержанных — ${reported(w, 'state.detained', 'state.detained_known', 'нет данных', of)}, погибших — ${reported(w, 'state.fatalities', 'state.fatalities_known', 'нет данных', of)}.`,
      );
    },
    kk: (w) => {
      const f = w.facts;
      if (f.state.responses_known === 0)
        w.say('Мемлекеттің жауабы: дерек жоқ (бірде-бір оқиға үшін кодталмаған).', { lead: true });
      else
        w.say(
          `Мемлекеттің жауабы (${w.fact('scale.events')} оқиғаның ${w.fact('state.responses_known')} оқиғасы үшін белгілі): жеңілдіктер – ${w.fact('state.concessions')}, қуғын-сүргін (ұстау, тарату, күш қолдану) – ${w.fact('state.repression')}, интернетті өшіру – ${w.fact('state.shutdowns')}.`,
          { lead: true },
        );
      const of = (k: () => string, m: () => string) => `${m()} оқиғаның ${k()} оқиғасы хабарлайды`;
      w.say(
        `Ұсталғандар – ${reported(w, 'state.detained', 'state.detained_known', 'дерек жоқ', of)}, қаза тапқандар – ${reported(w, 'state.fatalities', 'state.fatalities_known', 'дерек жоқ', of)}.`,
      );
    },
  },
};

const organization: BriefSection = {
  id: 'organization',
  heading: { en: 'Organization', ru: 'Организованность', kk: 'Ұйымдасу' },
  render: {
    en: (w) => {
      const o = w.facts.organization;
      if (o.organized_pct !== null) {
        let s = `Organized actions: ${w.fact('organization.organized')}, spontaneous: ${w.fact('organization.spontaneous')} (organized share ${w.fact('organization.organized_pct')} %`;
        if (o.previous_organized_pct !== null && o.change_pts !== null)
          s += `; previous period ${w.fact('organization.previous_organized_pct')} %, change ${w.fact('organization.change_pts', true)} points`;
        w.say(`${s}).`);
      } else w.say('Whether the actions were organized is not known.');
    },
    ru: (w) => {
      const o = w.facts.organization;
      if (o.organized_pct !== null) {
        let t = `Организованных действий — ${w.fact('organization.organized')}, стихийных — ${w.fact('organization.spontaneous')} (доля организованных — ${w.fact('organization.organized_pct')} %`;
        if (o.previous_organized_pct !== null && o.change_pts !== null)
          t += `; в предыдущем периоде — ${w.fact('organization.previous_organized_pct')} %, изменение: ${w.fact('organization.change_pts', true)} п. п.`;
        w.say(`${t}).`);
      } else w.say('Сведений о том, организованы ли действия, нет.');
    },
    kk: (w) => {
      const o = w.facts.organization;
      if (o.organized_pct !== null) {
        let t = `Ұйымдасқан әрекеттер – ${w.fact('organization.organized')}, стихиялық әрекеттер – ${w.fact('organization.spontaneous')} (ұйымдасқандардың үлесі – ${w.fact('organization.organized_pct')} %`;
        if (o.previous_organized_pct !== null && o.change_pts !== null)
          t += `; алдыңғы кезеңде – ${w.fact('organization.previous_organized_pct')} %, өзгеріс: ${w.fact('organization.change_pts', true)} пайыздық тармақ`;
        w.say(`${t}).`);
      } else w.say('Әрекеттердің ұйымдасқаны туралы мәлімет жоқ.');
    },
  },
};

/** The sections of every brief, in order. */
export const BRIEF_SECTIONS: readonly BriefSection[] = [
  period,
  scale,
  who,
  demands,
  state,
  organization,
  organizedShare,
  programSupport,
];
