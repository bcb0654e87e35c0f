// The wall chart: one column per unit, a card per person coloured by their latest assessment
// (1 leads others … 5 opposed), and at the head of each column its coverage: share assessed,
// share of 1–2s, majority reached or not. Cards are buttons: Tab reaches them, Enter picks one.
import type { JSX } from 'preact';
import { formatNumber, t } from '../i18n.js';
import type { Coverage, PersonView } from './organize-api.js';

export const percent = (share: number) => `${Math.round(share * 100)}%`;

function levelLabel(level: number | null): string {
  return level === null ? t('desk.organize.level.none') : t(`desk.organize.level.${level}`);
}

/** A person's card: few elements (a wall chart holds thousands), its name read out with the level. */
function Card(props: { person: PersonView; picked: boolean; onPick: (id: string) => void }): JSX.Element {
  const p = props.person;
  return (
    <li>
      <button
        type="button"
        class={`org-card level-${p.level ?? 'none'}${p.conflict ? ' conflicted' : ''}`}
        aria-pressed={props.picked ? 'true' : 'false'}
        aria-label={`${p.pseudonym}, ${levelLabel(p.level)}${p.conflict ? `, ${t('desk.organize.conflict.short')}` : ''}`}
        data-person={p.id}
        onClick={() => props.onPick(p.id)}
      >
        <b>{p.level ?? '–'}</b>
        <span class="org-name">{p.pseudonym}</span>
        {p.conflict ? <span class="chip noise">{t('desk.organize.conflict.short')}</span> : null}
      </button>
    </li>
  );
}

function Column(props: {
  unit: Coverage;
  people: PersonView[];
  picked: string | null;
  onPick: (id: string) => void;
}): JSX.Element {
  const u = props.unit;
  return (
    <section class="org-column" aria-labelledby={`unit-${u.unit}`} data-unit={u.unit}>
      <h3 id={`unit-${u.unit}`}>{u.name}</h3>
      <dl class="org-coverage">
        <div>
          <dt>{t('desk.organize.coverage.people')}</dt>
          <dd>{`${formatNumber(u.people)} / ${formatNumber(u.size)}`}</dd>
        </div>
        <div>
          <dt>{t('desk.organize.coverage.assessed')}</dt>
          <dd data-share="assessed">{percent(u.share_assessed)}</dd>
        </div>
        <div>
          <dt>{t('desk.organize.coverage.ones_and_twos')}</dt>
          <dd data-share="ones-and-twos">{percent(u.share_ones_and_twos)}</dd>
        </div>
      </dl>
      <p class={`chip ${u.majority ? 'strong majority' : 'noise'}`} data-majority={String(u.majority)}>
        {u.majority ? t('desk.organize.coverage.majority') : t('desk.organize.coverage.no_majority')}
      </p>
      <ul class="org-cards">
        {props.people.map((p) => (
          <Card key={p.id} person={p} picked={p.id === props.picked} onPick={props.onPick} />
        ))}
      </ul>
    </section>
  );
}

/** Units as columns, people as cards; people of a unit the collective no longer lists go last. */
export function WallChart(props: {
  coverage: Coverage[];
  people: PersonView[];
  picked: string | null;
  onPick: (id: string) => void;
}): JSX.Element {
  const byUnit = new Map<string, PersonView[]>();
  for (const p of props.people) {
    const list = byUnit.get(p.unit);
    if (list) list.push(p);
    else byUnit.set(p.unit, [p]);
  }
  for (const list of byUnit.values()) list.sort((a, b) => (a.level ?? 9) - (b.level ?? 9));
  return (
    <div class="org-wall" id="wall-chart">
      <div class="org-legend" aria-hidden="true">
        {[1, 2, 3, 4, 5].map((level) => (
          <span key={level} class={`org-card level-${level}`}>
            {`${level} ${t(`desk.organize.level.${level}`)}`}
          </span>
        ))}
      </div>
      <div class="org-columns">
        {props.coverage.map((u) => (
          <Column
            key={u.unit}
            unit={u}
            people={byUnit.get(u.unit) ?? []}
            picked={props.picked}
            onPick={props.onPick}
          />
        ))}
      </div>
    </div>
  );
}
