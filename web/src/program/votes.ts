// The results of the closed votes on the public program page (docs/program.md, "Votes"), as the
// desk published them (30623): per plank the overall tally and outcome, per collective —
// numbered, never named — its codes, ballots, quorum and tallies, a tally of too few ballots
// withheld ("fewer than N"); and a member's check of their own code, hashed on this page (the
// code is sent nowhere) and looked up in the published lists of codes counted.
import { ballotCodeHash, normalizeBallotCode } from '../../../src/core/ballot-code.js';
import type { VoteResultContent, VoteTally } from '../../../src/core/vote-records.js';
import { h } from '../shared/dom.js';
import { formatDay, formatNumber, lang, t } from '../shared/i18n.js';

const CHOICES = ['agree', 'abstain', 'disagree', 'block'] as const;

/** What the member typed and what the check found: kept across redraws (a change of language). */
const check = { typed: '', answer: '' as '' | 'bad' | 'no' | 'yes', vote: '', n: 0 };

/** Words in the page's language, else in the first language they have. */
export const textIn = (text: { ru?: string; kk?: string; en?: string }) =>
  text[lang()] || text.ru || text.kk || text.en || '';

const percent = (share: number) => `${formatNumber(Math.round(share * 1000) / 10)}%`;

function tallyLine(tally: VoteTally | null, outcome: string | null, threshold: number): string {
  if (!tally) return t('program.vote.withheld', { n: threshold });
  const parts = CHOICES.map((c) => `${t(`vote.choice.${c}`)}: ${formatNumber(tally[c])}`).join(' · ');
  return outcome ? `${parts} — ${t(`vote.outcome.${outcome}`)}` : parts;
}

/**
 * Where a code's hash was counted: the vote and the collective's number, or null.
 *
 * @example findCode(votes, ballotCodeHash('K3V9Q0ZD7M1XRTB4')) // { vote, n: 2 }
 */
export function findCode(
  votes: readonly VoteResultContent[],
  hash: string,
): { vote: VoteResultContent; n: number } | null {
  for (const vote of votes) {
    const c = vote.collectives.find((c) => c.used.includes(hash));
    if (c) return { vote, n: c.n };
  }
  return null;
}

function voteArticle(v: VoteResultContent): HTMLElement {
  const quorum = (met: boolean) => t(met ? 'program.vote.quorum_met' : 'program.vote.quorum_not_met');
  return h(
    'article',
    { class: 'vote', 'data-vote': v.id },
    h('h3', null, textIn(v.title)),
    h(
      'p',
      { class: 'muted' },
      `${t('program.vote.dates', { opened: formatDay(v.opened), closed: formatDay(v.closed) })} ${t(
        'program.vote.counts',
        {
          codes: formatNumber(v.codes),
          ballots: formatNumber(v.ballots),
          q: percent(v.quorum),
          quorum: quorum(v.quorum_met),
        },
      )}`,
    ),
    h(
      'ol',
      { class: 'vote-planks' },
      v.planks.map((p) =>
        h(
          'li',
          { 'data-plank': p.id, 'data-outcome': p.outcome ?? 'withheld' },
          h('strong', null, textIn(p.text)),
          h('div', { class: 'tally' }, tallyLine(p.tally, p.outcome, v.threshold)),
        ),
      ),
    ),
    h('p', { class: 'vote-per' }, t('program.vote.collectives')),
    h(
      'ul',
      { class: 'vote-collectives' },
      v.collectives.map((c) =>
        h(
          'li',
          { 'data-n': c.n },
          t('program.vote.collective', {
            n: c.n,
            codes: formatNumber(c.codes),
            ballots: formatNumber(c.ballots),
            quorum: quorum(c.quorum_met),
          }),
          h(
            'ol',
            { class: 'tally' },
            c.planks.map((p) => h('li', { 'data-plank': p.id }, tallyLine(p.tally, p.outcome, v.threshold))),
          ),
        ),
      ),
    ),
  );
}

function checkForm(votes: readonly VoteResultContent[], redraw: () => void): HTMLElement {
  const input = h('input', {
    id: 'vote-check-code',
    maxlength: 40,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: false,
    value: check.typed,
  });
  input.addEventListener('input', () => {
    check.typed = input.value;
  });
  const found = votes.find((v) => v.id === check.vote);
  const answer =
    check.answer === 'bad'
      ? t('program.vote.check.bad')
      : check.answer === 'no'
        ? t('program.vote.check.no')
        : check.answer === 'yes' && found
          ? t('program.vote.check.yes', { title: textIn(found.title), n: check.n })
          : '';
  const form = h(
    'form',
    { class: 'vote-check no-print', novalidate: true, 'aria-labelledby': 'vote-check-heading' },
    h('h3', { id: 'vote-check-heading' }, t('program.vote.check.heading')),
    h('p', { class: 'muted' }, t('program.vote.check.how')),
    h('label', { for: 'vote-check-code' }, t('program.vote.check.field')),
    ' ',
    input,
    ' ',
    h('button', { type: 'submit' }, t('program.vote.check.button')),
    h('p', { id: 'vote-check-answer', role: 'status', 'data-answer': check.answer }, answer),
    h(
      'p',
      { class: 'muted' },
      `${t('program.vote.check.also')} `,
      h('a', { href: '/vote' }, t('program.vote.check.vote_page')),
      ' · ',
      h('a', { href: '/api/v1/votes' }, t('program.vote.check.list')),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = normalizeBallotCode(input.value);
    check.typed = input.value;
    if (!code) {
      check.answer = 'bad';
    } else {
      const where = findCode(votes, ballotCodeHash(code));
      check.answer = where ? 'yes' : 'no';
      check.vote = where?.vote.id ?? '';
      check.n = where?.n ?? 0;
    }
    redraw();
    document.getElementById('vote-check-code')?.focus();
  });
  return form;
}

/** The section of vote results, or null when no vote has closed. It prints after the program. */
export function voteResults(votes: readonly VoteResultContent[], redraw: () => void): HTMLElement | null {
  if (votes.length === 0) return null;
  return h(
    'section',
    { class: 'vote-results', 'aria-labelledby': 'program-votes' },
    h('h2', { id: 'program-votes' }, t('program.votes.heading')),
    h('p', { class: 'muted' }, t('program.votes.intro')),
    votes.map(voteArticle),
    checkForm(votes, redraw),
  );
}
