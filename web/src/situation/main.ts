// The public page of a node: what the desk has published. The map, the timeline and the
// brief come later; the page says so rather than pretending.
import type { NostrEvent } from '../../../src/core/event.js';
import { h, replace } from '../shared/dom.js';
import { api, errorText } from '../shared/http.js';
import { formatDateTime, formatDay, has, initI18n, langSwitcher, onLangChange, t } from '../shared/i18n.js';

type Latest =
  | { state: 'loading' }
  | { state: 'ok'; events: NostrEvent[] }
  | { state: 'error'; error: unknown };

const CODED_EVENT = 30620;
const ARTICLE = 30023;

const root = document.getElementById('app')!;
let latest: Latest = { state: 'loading' };

function tag(event: NostrEvent, name: string): string | undefined {
  return event.tags.find((tg) => tg[0] === name)?.[1];
}

/** One line of the list, from content that came over the network and may be malformed. */
function describe(event: NostrEvent): { label: string; title: string; when: string } {
  if (event.kind === CODED_EVENT) {
    let content: { event_type?: unknown; date?: unknown; location?: { settlement?: unknown } } = {};
    try {
      content = JSON.parse(event.content) ?? {};
    } catch {
      // Shown with what the tags say.
    }
    const type = typeof content.event_type === 'string' ? content.event_type : tag(event, 't');
    const typeKey = `situation.event_type.${type}`;
    const settlement = typeof content.location?.settlement === 'string' ? content.location.settlement : '';
    const day = typeof content.date === 'string' ? content.date : tag(event, 'date');
    return {
      label: t('situation.kind.event'),
      title: [type && has(typeKey) ? t(typeKey) : type || t('situation.kind.event'), settlement]
        .filter(Boolean)
        .join(' — '),
      when: day ? formatDay(day) : formatDateTime(event.created_at),
    };
  }
  const topics = event.tags.filter((tg) => tg[0] === 't').map((tg) => tg[1]);
  const label = topics.includes('brief')
    ? t('situation.kind.brief')
    : topics.includes('material')
      ? t('situation.kind.material')
      : t('situation.kind.news');
  const published = Number(tag(event, 'published_at'));
  return {
    label,
    title: tag(event, 'title') || t('situation.untitled'),
    when: formatDateTime(Number.isFinite(published) && published > 0 ? published : event.created_at),
  };
}

function latestList(): Node {
  if (latest.state === 'loading') return h('p', { class: 'muted' }, t('common.loading'));
  if (latest.state === 'error') {
    const retry = h('button', { type: 'button' }, t('common.retry'));
    retry.addEventListener('click', load);
    return h('div', null, h('p', { class: 'error' }, errorText(latest.error, 'situation')), retry);
  }
  if (latest.events.length === 0) return h('p', { class: 'muted' }, t('situation.latest.empty'));
  return h(
    'ul',
    { class: 'items' },
    latest.events.map((event) => {
      const { label, title, when } = describe(event);
      return h(
        'li',
        null,
        h('span', { class: 'item-label' }, label),
        h('strong', { class: 'item-title' }, title),
        h('span', { class: 'muted' }, when),
      );
    }),
  );
}

function render(): void {
  document.title = t('situation.title');
  replace(
    root,
    h('header', { class: 'top' }, h('p', { class: 'brand' }, t('common.brand')), langSwitcher()),
    h(
      'main',
      null,
      h('h1', null, t('situation.heading')),
      h('p', { class: 'notice', role: 'note' }, t('situation.not_built')),
      h(
        'section',
        {
          class: 'panel',
          'aria-labelledby': 'latest-heading',
          'aria-busy': latest.state === 'loading' ? 'true' : 'false',
        },
        h('h2', { id: 'latest-heading' }, t('situation.latest.heading')),
        latestList(),
      ),
      h('p', null, h('a', { href: '/report' }, t('situation.report_link'))),
    ),
  );
}

async function load(): Promise<void> {
  latest = { state: 'loading' };
  render();
  try {
    const body = await api<{ events: NostrEvent[] }>(
      `/api/v1/events?kinds=${CODED_EVENT},${ARTICLE}&limit=20`,
    );
    latest = { state: 'ok', events: Array.isArray(body.events) ? body.events : [] };
  } catch (error) {
    latest = { state: 'error', error };
  }
  render();
}

initI18n();
onLangChange(render);
void load();
