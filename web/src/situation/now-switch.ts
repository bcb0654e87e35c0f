/**
 * The "now" switch: the last 24 hours, the last 7 days, or all time, as radio buttons (arrow
 * keys move between them, as for any radio group). The choice lives in the address (`#period=`).
 */
import { h } from '../shared/dom.js';
import { formatNumber, t } from '../shared/i18n.js';
import { NOW_PERIODS, type NowPeriod, type Options } from './api.js';

/**
 * The view the page opens on: 24 h if events happened in the last 24 hours, else 7 days if
 * any, else all time.
 * @example openingPeriod({ now: { '24h': { events: 0 }, '7d': { events: 3 } } }) // '7d'
 */
export function openingPeriod(options: Pick<Options, 'now'> | null): NowPeriod {
  if ((options?.now['24h']?.events ?? 0) > 0) return '24h';
  if ((options?.now['7d']?.events ?? 0) > 0) return '7d';
  return 'all';
}

/** The switch; `selected` '' when dates are chosen instead (no radio is then checked). */
export function nowSwitch(
  selected: '' | NowPeriod,
  options: Options | null,
  onPick: (period: NowPeriod) => void,
  disabled = false,
): HTMLElement {
  return h(
    'fieldset',
    { class: 'now-switch' },
    h('legend', null, t('situation.now.label')),
    NOW_PERIODS.map((p) => {
      const input = h('input', {
        type: 'radio',
        name: 'now-period',
        id: `now-${p}`,
        value: p,
        checked: p === selected,
        disabled,
      });
      input.addEventListener('change', () => {
        if (input.checked) onPick(p);
      });
      const events = p === 'all' ? undefined : options?.now[p]?.events;
      return h(
        'label',
        { class: 'now-option', for: `now-${p}` },
        input,
        h('span', null, t(`situation.now.${p}`)),
        events !== undefined
          ? h('span', { class: 'now-count muted small' }, ` (${formatNumber(events)})`)
          : null,
      );
    }),
  );
}
