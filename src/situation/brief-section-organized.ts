import type { Lang } from '../core/content.js';
import type { BriefSection, BriefWriter } from './brief-writer.js';

/** The organized share: events of the period that collectives' public profiles list as theirs. */
function say(w: BriefWriter, lang: Lang): void {
  const o = w.facts.organized_share;
  if (o.led === 0) {
    w.say(
      {
        en: 'No event of the period is listed as led by a collective with a public profile.',
        ru: 'Ни одно событие периода не указано в открытых профилях коллективов как проведённое ими.',
        kk: 'Кезеңдегі оқиғалардың ешқайсысы ұжымдардың ашық профилінде өткізген оқиға ретінде көрсетілмеген.',
      }[lang],
    );
    return;
  }
  // Facts are taken in the order they appear in the text.
  const events = w.fact('organized_share.events');
  const led = w.fact('organized_share.led');
  const pct = w.fact('organized_share.led_pct');
  const names = w.list(
    'organized_share.collectives',
    o.collectives,
    (p) => `${w.fact(`${p}.name`)} (${w.fact(`${p}.events`)})`,
  );
  const rest =
    o.unnamed === 0
      ? ''
      : {
          en: `${names ? '; ' : ''}${w.fact('organized_share.unnamed')} more without a public name`,
          ru: `${names ? '; ' : ''}ещё ${w.fact('organized_share.unnamed')} — без открытого названия`,
          kk: `${names ? '; ' : ''}атауын көрсетпейтін тағы ${w.fact('organized_share.unnamed')} ұжым`,
        }[lang];
  w.say(
    {
      en: `Of ${events} events, ${led} (${pct} %) were led by collectives with a public profile: ${names}${rest}.`,
      ru: `Событий за период — ${events}; из них коллективы с открытым профилем провели ${led} (${pct} %): ${names}${rest}.`,
      kk: `Кезеңдегі оқиғалар – ${events}, оның ішінде ашық профилі бар ұжымдар өткізгендері – ${led} (${pct} %): ${names}${rest}.`,
    }[lang],
  );
}

export const organizedShare: BriefSection = {
  id: 'collectives',
  heading: { en: 'Collectives', ru: 'Коллективы', kk: 'Ұжымдар' },
  shown: (facts) => facts.organized_share.events > 0,
  render: { en: (w) => say(w, 'en'), ru: (w) => say(w, 'ru'), kk: (w) => say(w, 'kk') },
};
