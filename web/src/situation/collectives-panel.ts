// Organized collectives on the situation page: how many published a profile, by stage, per
// region. Counted only from public profiles (30621) by the node or a static mirror
// (`api/v1/situation/collectives`, docs/api.md), so what this shows any copy can show.
import type { CollectiveCounts } from '../../../src/situation/collectives.js';
import { h, replace } from '../shared/dom.js';
import { api, errorText } from '../shared/http.js';
import { formatNumber, t } from '../shared/i18n.js';
import { regionLabel } from './labels.js';

export const PANEL_STAGES = ['contact', 'initiative_group', 'committee', 'union', 'undisclosed'] as const;

/** The counts from the node, or from the mirror's file when the page runs from a mirror. */
export async function fetchCollectiveCounts(
  mirror: { collectives?: string } | null,
): Promise<CollectiveCounts | null> {
  if (mirror) {
    // A mirror made before collectives were counted has no such file: the panel stays hidden.
    if (!mirror.collectives) return null;
    const res = await fetch(mirror.collectives, { credentials: 'same-origin' });
    return res.ok ? normalizeCounts(await res.json()) : null;
  }
  return normalizeCounts(await api<unknown>('/api/v1/situation/collectives'));
}

/** An answer read defensively: a region without counts counts 0. */
export function normalizeCounts(raw: unknown): CollectiveCounts {
  const r = (raw ?? {}) as Partial<CollectiveCounts>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const regions = Array.isArray(r.by_region) ? r.by_region : [];
  return {
    collectives: num(r.collectives),
    by_stage: Object.fromEntries(
      PANEL_STAGES.map((s) => [s, num(r.by_stage?.[s])]),
    ) as CollectiveCounts['by_stage'],
    by_region: regions.map((x) => ({
      admin1: typeof x?.admin1 === 'string' ? x.admin1 : null,
      total: num(x?.total),
      ...(Object.fromEntries(PANEL_STAGES.map((s) => [s, num(x?.[s])])) as CollectiveCounts['by_stage']),
    })),
  };
}

/** The panel: a section whose body is redrawn on each answer and each change of language. */
export class CollectivesPanel {
  readonly element = h('section', {
    class: 'panel panel-collectives',
    'aria-labelledby': 's-collectives',
    id: 'collectives',
  });
  private counts: CollectiveCounts | null = null;
  private error: unknown = null;

  async load(mirror: { collectives?: string } | null): Promise<void> {
    try {
      this.counts = await fetchCollectiveCounts(mirror);
      this.error = null;
    } catch (error) {
      this.error = error;
    }
    this.render();
  }

  render(): void {
    const c = this.counts;
    if (!c && !this.error) {
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    const head = h('h2', { id: 's-collectives' }, t('situation.collectives.heading'));
    if (!c) {
      replace(this.element, head, h('p', { class: 'status' }, errorText(this.error, 'situation')));
      return;
    }
    const hint = h('p', { class: 'muted small' }, t('situation.collectives.hint'));
    if (c.collectives === 0) {
      replace(this.element, head, hint, h('p', { class: 'muted' }, t('situation.collectives.empty')));
      return;
    }
    // Stages no profile shows are left out, so the table fits a phone.
    const stages = PANEL_STAGES.filter((s) => c.by_stage[s] > 0);
    const row = (name: string, counts: CollectiveCounts['by_stage'], total: number) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, name),
        ...stages.map((s) => h('td', { class: 'num' }, formatNumber(counts[s] ?? 0))),
        h('td', { class: 'num' }, formatNumber(total)),
      );
    const table = h(
      'table',
      { class: 'collectives-table', id: 'collectives-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('situation.collectives.region')),
          ...stages.map((s) =>
            h('th', { scope: 'col', class: 'num' }, t(`situation.collectives.stage.${s}`)),
          ),
          h('th', { scope: 'col', class: 'num' }, t('situation.collectives.total')),
        ),
      ),
      h(
        'tbody',
        null,
        ...c.by_region.map((r) =>
          row(r.admin1 ? regionLabel(r.admin1) : t('situation.collectives.no_region'), r, r.total),
        ),
      ),
      h('tfoot', null, row(t('situation.collectives.total'), c.by_stage, c.collectives)),
    );
    replace(
      this.element,
      head,
      hint,
      h(
        'div',
        { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 's-collectives' },
        table,
      ),
    );
  }
}
