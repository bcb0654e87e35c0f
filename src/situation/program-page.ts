import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LANGS, type Lang, type PublishedPlank } from '../core/content.js';
import type { PublicProgramView } from '../core/program-view.js';
import type { Demand, DemandClass } from '../core/taxonomy.js';
import type { VoteOutcome, VoteResultContent, VoteTally } from '../core/vote-records.js';
import { DEMAND_LABELS } from './labels.js';
import { esc, page } from './learn-site.js';

/*
 * /program in the static mirror: the public program page (web/src/program/main.ts) as plain
 * HTML in each language, made from the same answer as `GET /api/v1/program`, so that it needs
 * no script and no node (it opens from the files themselves) and prints on one A4 page with the
 * page's own style sheets; the results of the closed votes follow, printed on a page of their
 * own. The few words it needs are here, in the three languages.
 */

/** The mirror's program pages, by language (each links to the others). */
export const PROGRAM_PAGES: Record<Lang, string> = {
  ru: 'program/ru.html',
  kk: 'program/kk.html',
  en: 'program/en.html',
};

const NATIVE: Record<Lang, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' };

const WORDS: Record<
  Lang,
  {
    title: string;
    planks: string;
    none: string;
    untranslated: string;
    status: Record<PublishedPlank['status'], string>;
    support: (e: string, c: string, r: string) => string;
    endorsed: (n: number | string) => string;
    among: string;
    published: (d: string) => string;
    demands: string;
    cols: [string, string, string, string, string, string];
    classes: Record<DemandClass, string>;
    withheld: (n: number) => string;
    ownWords: string;
    withheldWords: (n: number) => string;
    note: (n: number) => string;
    copy: (d: string) => string;
    back: string;
  }
> = {
  en: {
    title: 'Common program',
    planks: 'Planks of the program',
    none: 'No program has been adopted and published yet.',
    untranslated: '(not yet translated)',
    status: {
      put_to_vote: 'put to the vote',
      adopted: 'adopted',
      won: 'won',
      partly_won: 'partly won',
      lost: 'lost',
    },
    support: (e, c, r) => `Support: ${e} events, ${c} collectives, ${r} regions`,
    endorsed: (n) => `Collectives that endorsed the program: ${n}`,
    among: 'among them',
    published: (d) => `Published ${d}`,
    demands: 'Every demand and its support',
    cols: ['Demand', 'Class', 'Events', 'Collectives', 'Regions', 'First and last seen'],
    classes: { economic: 'Economic', labour: 'Labour', political: 'Political' },
    withheld: (n) => `fewer than ${n}`,
    ownWords: 'a demand in own words',
    withheldWords: (n) => `Demands in people’s own words withheld for too little support: ${n}`,
    note: (n) => `Counts below ${n} are not shown, so that no single collective can be singled out.`,
    copy: (d) => `A copy of the program made ${d}.`,
    back: 'Situation',
  },
  ru: {
    title: 'Общая программа',
    planks: 'Пункты программы',
    none: 'Программа ещё не принята и не опубликована.',
    untranslated: '(ещё не переведено)',
    status: {
      put_to_vote: 'на голосовании',
      adopted: 'принято',
      won: 'выиграно',
      partly_won: 'выиграно частично',
      lost: 'проиграно',
    },
    support: (e, c, r) => `Поддержка: событий ${e}, коллективов ${c}, регионов ${r}`,
    endorsed: (n) => `Программу поддержали коллективов: ${n}`,
    among: 'в том числе',
    published: (d) => `Опубликовано ${d}`,
    demands: 'Все требования и их поддержка',
    cols: ['Требование', 'Вид', 'События', 'Коллективы', 'Регионы', 'Когда звучало'],
    classes: { economic: 'Экономические', labour: 'Трудовые', political: 'Политические' },
    withheld: (n) => `меньше ${n}`,
    ownWords: 'требование своими словами',
    withheldWords: (n) => `Требований своими словами, скрытых из-за малой поддержки: ${n}`,
    note: (n) => `Числа меньше ${n} не показываются, чтобы нельзя было выделить отдельный коллектив.`,
    copy: (d) => `Копия программы от ${d}.`,
    back: 'Ситуация',
  },
  kk: {
    title: 'Ортақ бағдарлама',
    planks: 'Бағдарлама тармақтары',
    none: 'Бағдарлама әлі қабылданып, жарияланған жоқ.',
    untranslated: '(әлі аударылмаған)',
    status: {
      put_to_vote: 'дауысқа салынды',
      adopted: 'қабылданды',
      won: 'жеңіп алынды',
      partly_won: 'ішінара жеңіп алынды',
      lost: 'жеңілді',
    },
    support: (e, c, r) => `Қолдау: оқиғалар – ${e}, ұжымдар – ${c}, өңірлер – ${r}`,
    endorsed: (n) => `Бағдарламаны қолдаған ұжымдар: ${n}`,
    among: 'соның ішінде',
    published: (d) => `Жарияланған күні: ${d}`,
    demands: 'Барлық талаптар және оларды қолдау',
    cols: ['Талап', 'Түрі', 'Оқиғалар', 'Ұжымдар', 'Өңірлер', 'Қашан айтылды'],
    classes: { economic: 'Экономикалық', labour: 'Еңбек', political: 'Саяси' },
    withheld: (n) => `${n} санынан аз`,
    ownWords: 'өз сөзімен айтылған талап',
    withheldWords: (n) => `Қолдауы аз болғандықтан жасырылған өз сөзімен айтылған талаптар: ${n}`,
    note: (n) => `${n} санынан кіші сандар көрсетілмейді: жеке ұжымды бөліп көрсетуге болмайды.`,
    copy: (d) => `Бағдарламаның ${d} күнгі көшірмесі.`,
    back: 'Жағдай',
  },
};

type VoteWords = {
  heading: string;
  intro: string;
  dates: (opened: string, closed: string) => string;
  counts: (codes: number, ballots: number, q: string, quorum: string) => string;
  met: string;
  notMet: string;
  withheld: (n: number) => string;
  per: string;
  collective: (n: number, codes: number, ballots: number, quorum: string) => string;
  choices: Record<keyof Omit<VoteTally, 'ballots'>, string>;
  outcomes: Record<VoteOutcome, string>;
  check: string;
  list: string;
};

/** The words of the votes' results (the node's page has them in web/i18n as `program.vote*`). */
const VOTE_WORDS: Record<Lang, VoteWords> = {
  en: {
    heading: 'Results of the votes',
    intro:
      'Collectives voted on planks with one-time codes linked to nobody. Collectives are numbered, never named.',
    dates: (o, c) => `Opened ${o}, closed ${c}.`,
    counts: (codes, ballots, q, quorum) =>
      `Codes issued: ${codes}, ballots counted: ${ballots}; quorum ${q}: ${quorum}.`,
    met: 'met',
    notMet: 'not met',
    withheld: (n) => `tally withheld: fewer than ${n} ballots`,
    per: 'Per collective',
    collective: (n, codes, ballots, quorum) =>
      `Collective ${n}: codes ${codes}, ballots ${ballots}, quorum ${quorum}`,
    choices: { agree: 'Agree', abstain: 'Abstain', disagree: 'Disagree', block: 'Block' },
    outcomes: { passed: 'Passed', rejected: 'Rejected', blocked: 'Blocked', no_quorum: 'No quorum' },
    check:
      'To check your ballot, put your code in capitals without dashes in place of the example, and find the fingerprint this prints under your collective in the published list:',
    list: 'the list of codes counted (JSON)',
  },
  ru: {
    heading: 'Итоги голосований',
    intro:
      'Коллективы голосовали по пунктам одноразовыми кодами, ни с кем не связанными. Коллективы пронумерованы, их названия не публикуются.',
    dates: (o, c) => `Открыто ${o}, закрыто ${c}.`,
    counts: (codes, ballots, q, quorum) =>
      `Выдано кодов: ${codes}, засчитано бюллетеней: ${ballots}; кворум ${q}: ${quorum}.`,
    met: 'есть',
    notMet: 'нет',
    withheld: (n) => `итог скрыт: бюллетеней меньше ${n}`,
    per: 'По коллективам',
    collective: (n, codes, ballots, quorum) =>
      `Коллектив № ${n}: кодов — ${codes}, бюллетеней — ${ballots}, кворум ${quorum}`,
    choices: { agree: 'За', abstain: 'Воздерживаюсь', disagree: 'Против', block: 'Блокирую' },
    outcomes: {
      passed: 'Принято',
      rejected: 'Отклонено',
      blocked: 'Заблокировано',
      no_quorum: 'Нет кворума',
    },
    check:
      'Чтобы проверить свой бюллетень, подставьте вместо примера свой код заглавными буквами без дефисов и найдите полученный отпечаток под номером своего коллектива в опубликованном списке:',
    list: 'список засчитанных кодов (JSON)',
  },
  kk: {
    heading: 'Дауыс беру қорытындылары',
    intro:
      'Ұжымдар тармақтар бойынша ешкіммен байланыспайтын бір реттік кодтармен дауыс берді. Ұжымдар нөмірленген, атаулары жарияланбайды.',
    dates: (o, c) => `Ашылған күні: ${o}, жабылған күні: ${c}.`,
    counts: (codes, ballots, q, quorum) =>
      `Берілген кодтар: ${codes}, есептелген бюллетеньдер: ${ballots}; кворум ${q}: ${quorum}.`,
    met: 'бар',
    notMet: 'жоқ',
    withheld: (n) => `қорытынды жасырылды: бюллетеньдер ${n} санынан аз`,
    per: 'Ұжымдар бойынша',
    collective: (n, codes, ballots, quorum) =>
      `№ ${n} ұжым: кодтар – ${codes}, бюллетеньдер – ${ballots}, кворум ${quorum}`,
    choices: { agree: 'Келісемін', abstain: 'Қалыс қаламын', disagree: 'Қарсымын', block: 'Бұғаттаймын' },
    outcomes: {
      passed: 'Қабылданды',
      rejected: 'Қабылданбады',
      blocked: 'Бұғатталды',
      no_quorum: 'Кворум жоқ',
    },
    check:
      'Бюллетеніңізді тексеру үшін мысалдың орнына кодыңызды бас әріптермен, сызықшасыз жазыңыз да, шыққан ізді жарияланған тізімнен өз ұжымыңыздың нөмірі астынан табыңыз:',
    list: 'есептелген кодтар тізімі (JSON)',
  },
};

const textOf = (text: { ru?: string; kk?: string; en?: string }, lang: Lang) =>
  text[lang] ?? text.ru ?? text.kk ?? text.en ?? '';

/** The results of the closed votes, printed after the program (on a page of their own). */
function voteResults(votes: readonly VoteResultContent[], lang: Lang): string {
  if (votes.length === 0) return '';
  const w = VOTE_WORDS[lang];
  const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
  const tally = (t: VoteTally | null, outcome: VoteOutcome | null, threshold: number) => {
    if (!t) return w.withheld(threshold);
    const parts = (['agree', 'abstain', 'disagree', 'block'] as const)
      .map((c) => `${w.choices[c]}: ${t[c]}`)
      .join(' · ');
    return outcome ? `${parts} — ${w.outcomes[outcome]}` : parts;
  };
  const articles = votes
    .map((v) => {
      const planks = v.planks
        .map(
          (p) =>
            `<li data-plank="${esc(p.id)}" data-outcome="${p.outcome ?? 'withheld'}"><strong>${esc(textOf(p.text, lang))}</strong><div class="tally">${tally(p.tally, p.outcome, v.threshold)}</div></li>`,
        )
        .join('');
      const collectives = v.collectives
        .map(
          (c) =>
            `<li data-n="${c.n}">${w.collective(c.n, c.codes, c.ballots, c.quorum_met ? w.met : w.notMet)}<ol class="tally">${c.planks
              .map((p) => `<li data-plank="${esc(p.id)}">${tally(p.tally, p.outcome, v.threshold)}</li>`)
              .join('')}</ol></li>`,
        )
        .join('');
      return `<article class="vote" data-vote="${esc(v.id)}"><h3>${esc(textOf(v.title, lang))}</h3><p class="muted">${w.dates(v.opened, v.closed)} ${w.counts(
        v.codes,
        v.ballots,
        percent(v.quorum),
        v.quorum_met ? w.met : w.notMet,
      )}</p><ol class="vote-planks">${planks}</ol><p class="vote-per">${w.per}</p><ul class="vote-collectives">${collectives}</ul></article>`;
    })
    .join('\n');
  return `<section class="vote-results" aria-labelledby="program-votes"><h2 id="program-votes">${w.heading}</h2>
<p class="muted">${w.intro}</p>
${articles}
<p class="muted vote-check">${w.check} <code>printf %s K3V9Q0ZD7M1XRTB4 | sha256sum</code> · <a href="../api/v1/program.json">${w.list}</a></p>
</section>`;
}

/** The style sheets the node's /program page uses (content-hashed names in web/dist/assets). */
function styleSheets(webRoot: string): string[] {
  const dir = join(webRoot, 'assets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^(style|program)-[A-Z0-9]+\.css$/.test(f))
    .sort((a, b) => (a.startsWith('style') ? -1 : b.startsWith('style') ? 1 : 0));
}

function plankText(p: PublishedPlank, lang: Lang): { text: string; translated: boolean } {
  const own = p.text[lang];
  if (own) return { text: own, translated: true };
  return { text: p.text.ru ?? p.text.kk ?? p.text.en ?? '', translated: false };
}

function body(view: PublicProgramView, lang: Lang, generated: string): string {
  const w = WORDS[lang];
  const count = (n: number | null | undefined, th: number) => (n == null ? w.withheld(th) : String(n));
  const others = LANGS.map((l) =>
    l === lang
      ? `<span lang="${l}" aria-current="page">${NATIVE[l]}</span>`
      : `<a href="${l}.html" hreflang="${l}" lang="${l}">${NATIVE[l]}</a>`,
  ).join(' · ');
  const p = view.published?.content;
  const th = p?.threshold ?? view.threshold;
  const planks = p?.planks?.length
    ? `<section aria-labelledby="program-planks"><h2 id="program-planks">${w.planks}</h2><ol class="planks">${p.planks
        .map((plank) => {
          const { text, translated } = plankText(plank, lang);
          const s = plank.support;
          return `<li data-status="${plank.status}"><strong>${esc(text)}</strong>${
            translated ? '' : ` <span class="muted">${w.untranslated}</span>`
          } <span class="status status-${plank.status}">${w.status[plank.status]}</span><div class="support">${w.support(
            count(s.events, th),
            count(s.collectives, th),
            count(s.regions, th),
          )}</div></li>`;
        })
        .join('')}</ol>${
        p.endorsements && p.endorsements.count !== 0
          ? `<p class="endorsed">${w.endorsed(p.endorsements.count ?? w.withheld(view.threshold))}${
              p.endorsements.named.length > 0
                ? `${p.endorsements.named.length === p.endorsements.count ? ':' : `, ${w.among}:`} ${p.endorsements.named.map((n) => esc(n.name)).join(', ')}`
                : ''
            }</p>`
          : ''
      }<p class="muted">${w.published(new Date(view.published!.created_at * 1000).toISOString().slice(0, 10))}</p></section>`
    : `<p class="muted" id="program-none">${w.none}</p>`;
  const name = (d: PublicProgramView['demands'][number]) =>
    d.code ? (DEMAND_LABELS[d.code as Demand]?.[lang] ?? d.code) : esc(d.label ?? w.ownWords);
  const rows = view.demands
    .map((d) => {
      const s = d.support;
      const cells = [
        d.class ? w.classes[d.class] : '—',
        count(s.events, view.threshold),
        count(s.collectives, view.threshold),
        count(s.regions, view.threshold),
        s.first_seen && s.last_seen ? `${s.first_seen} – ${s.last_seen}` : '—',
      ];
      return `<tr data-key="${esc(d.key)}"><th scope="row">${name(d)}</th>${cells
        .map((c, i) => `<td${i > 0 && i < 4 ? ' class="num"' : ''}>${c}</td>`)
        .join('')}</tr>`;
    })
    .join('');
  return `<div id="app">
<header class="program-head"><h1>${w.title}</h1><p class="lang-switch">${others}</p></header>
${p?.title ? `<p class="lead">${esc(textOf(p.titles ?? {}, lang) || p.title)}</p>` : ''}
${planks}
<section aria-labelledby="program-demands" class="inventory"><h2 id="program-demands">${w.demands}</h2>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="program-demands"><table><thead><tr>${w.cols.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>
${view.withheld > 0 ? `<p class="muted">${w.withheldWords(view.withheld)}</p>` : ''}
<p class="muted">${w.note(view.threshold)}</p>
<p class="muted">${w.copy(generated)} <a class="no-print" href="../index.html">${w.back}</a></p>
</section>
${voteResults(view.votes ?? [], lang)}
</div>`;
}

/**
 * The mirror's program pages: one per language at PROGRAM_PAGES, and `program/index.html` (in
 * Russian) for servers that open a folder's index.
 *
 * @example for (const [path, html] of programPages(publicProgram(program), { webRoot })) write(path, html)
 */
export function programPages(
  view: PublicProgramView,
  options: { webRoot: string; generatedAt?: Date },
): Array<[string, string]> {
  const css = styleSheets(options.webRoot);
  const generated = (options.generatedAt ?? new Date()).toISOString().slice(0, 10);
  const files: Array<[string, string]> = LANGS.map((lang) => [
    PROGRAM_PAGES[lang],
    page(lang, `Tilshi — ${WORDS[lang].title}`, css, '../', body(view, lang, generated)),
  ]);
  files.push(['program/index.html', files[0]![1]]);
  return files;
}
