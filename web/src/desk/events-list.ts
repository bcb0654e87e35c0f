// The desk's coded events, newest first, a page at a time; each opens in the event form.
import { h } from '../shared/dom.js';
import { formatDay, t } from '../shared/i18n.js';
import { codeLabel } from './codes.js';
import { type EventSummary, listEvents } from './desk-api.js';
import { button, type DeskContext, type DeskView, errorLine, hashFor, time } from './ui.js';

export class EventsView implements DeskView {
  private events: EventSummary[] = [];
  private next: string | null = null;
  private loading = true;
  private error: unknown = null;

  constructor(private ctx: DeskContext) {
    void this.load(false);
  }

  title(): string {
    return t('desk.events.title');
  }

  private async load(more: boolean): Promise<void> {
    this.loading = true;
    this.ctx.redraw();
    try {
      const page = await listEvents(more ? this.next : null);
      this.events = more ? [...this.events, ...page.items] : page.items;
      this.next = page.next;
      this.error = null;
    } catch (error) {
      if (this.ctx.signedOut(error)) return;
      this.error = error;
    }
    this.loading = false;
    this.ctx.redraw();
  }

  private item(e: EventSummary): HTMLElement {
    const c = e.content;
    const place = [c.location?.settlement, c.location?.admin1].filter(Boolean).join(', ');
    return h(
      'li',
      { class: 'event-item' },
      h(
        'p',
        { class: 'report-meta' },
        h('a', { href: hashFor(`event/${encodeURIComponent(e.id)}`) }, h('strong', null, e.id)),
        e.conflict ? h('span', { class: 'chip noise' }, t('desk.events.conflict')) : null,
        h(
          'span',
          { class: `chip verification-${c.verification}` },
          codeLabel('verification', c.verification),
        ),
      ),
      h(
        'p',
        null,
        `${codeLabel('event_type', c.event_type)} · ${codeLabel('sub_event_type', c.sub_event_type)} · ${formatDay(c.date)}`,
        place ? ` · ${place}` : '',
      ),
      h('p', { class: 'muted' }, t('desk.events.saved_at'), ' ', time(e.created_at)),
    );
  }

  render(): HTMLElement {
    return h(
      'div',
      { class: 'view events' },
      h(
        'div',
        { class: 'view-head' },
        h('h1', { tabindex: '-1' }, this.title()),
        this.ctx.canEdit
          ? h(
              'a',
              { href: hashFor('event/new'), class: 'button-link primary', id: 'new-event' },
              t('desk.events.new'),
            )
          : null,
      ),
      this.error ? errorLine(this.error) : null,
      !this.loading && this.events.length === 0 && !this.error
        ? h('p', { class: 'muted' }, t('desk.events.empty'))
        : null,
      h(
        'ol',
        { class: 'items events-list', 'aria-busy': this.loading ? 'true' : 'false' },
        this.events.map((e) => this.item(e)),
      ),
      this.next
        ? button(t('desk.inbox.more'), () => void this.load(true), {
            disabled: this.loading,
            id: 'events-more',
          })
        : null,
      this.loading ? h('p', { class: 'muted', role: 'status' }, t('common.loading')) : null,
    );
  }
}
