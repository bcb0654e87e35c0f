// A view not yet on components, drawn into a host element: it keeps its own state and calls
// `redraw`, which builds its DOM again and puts focus, caret and scroll back. Used only while
// the desk moves to components, view by view.
import { type JSX, render } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { replace } from '../shared/dom.js';
import type { InboxReport } from './desk-api.js';
import { useDesk } from './desk-context.js';
import { lang, t } from './i18n.js';
import { type CardOptions, ReportCard } from './report-card.js';
import type { DeskView, DeskContext as LegacyContext } from './ui.js';

export function LegacyView({ make }: { make: (ctx: LegacyContext) => DeskView }): JSX.Element {
  const ctx = useDesk();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<DeskView | null>(null);
  // Read the language, so that a change of language draws the view again.
  lang();

  const draw = (keep: boolean) => {
    const el = host.current;
    if (!el || !view.current) return;
    const active = document.activeElement;
    const focused = keep && active && el.contains(active) ? active.id : undefined;
    const caret =
      active instanceof HTMLTextAreaElement ||
      (active instanceof HTMLInputElement && /^(text|search|url)$/.test(active.type))
        ? [active.selectionStart, active.selectionEnd]
        : null;
    const scroll = window.scrollY;
    document.title = `${view.current.title()} · ${t('desk.title')}`;
    replace(el, view.current.render());
    if (focused) {
      const next = document.getElementById(focused);
      next?.focus({ preventScroll: true });
      if (caret && (next instanceof HTMLInputElement || next instanceof HTMLTextAreaElement)) {
        try {
          next.setSelectionRange(caret[0] ?? null, caret[1] ?? null);
        } catch {
          // Some input types (date, number) have no caret.
        }
      }
    }
    if (keep) window.scrollTo(0, scroll);
  };

  useLayoutEffect(() => {
    if (!view.current) {
      view.current = make({
        get session() {
          return ctx.session;
        },
        get canEdit() {
          return ctx.canEdit;
        },
        go: (hash) => ctx.go(hash),
        announce: (text) => ctx.announce(text),
        signedOut: (error) => ctx.signedOut(error),
        redraw: () => draw(true),
      });
      draw(false);
    } else draw(true);
  });

  return <div class="legacy-view" ref={host} />;
}

/** A report card for a view not yet on components. */
export function reportCard(r: InboxReport, options: CardOptions = {}): HTMLElement {
  const host = document.createElement('div');
  render(<ReportCard report={r} {...options} />, host);
  return host;
}
