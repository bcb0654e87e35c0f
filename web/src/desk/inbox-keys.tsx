// The inbox's keyboard: triage without the mouse. j/k move between reports, x selects, n marks
// as noise, a goes to attaching (the report selected), e opens its event (or codes its
// cluster), ? shows the keys. Keys typed into a text field are the field's, not shortcuts.
import type { Signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { focusSoon, keepFocus } from './controls.js';
import { type DeskContext, useDesk } from './desk-context.js';
import { t } from './i18n.js';
import type { ReportList } from './report-list-state.js';
import { hashFor } from './route.js';

/** The keys, in the order the help lists them, with what each does. */
export const TRIAGE_KEYS = [
  ['j', 'desk.keys.next'],
  ['k', 'desk.keys.previous'],
  ['x', 'desk.keys.select'],
  ['n', 'desk.keys.noise'],
  ['a', 'desk.keys.attach'],
  ['e', 'desk.keys.event'],
  ['?', 'desk.keys.help'],
] as const;

/** Fields that take typed letters: j, k and the others are text there. */
const TYPING = 'textarea, select, [contenteditable], input:not([type="checkbox"]):not([type="radio"])';

const focusReport = (id: string) => focusSoon(`report-${id}`);

/** What a key does; false: the key is not a shortcut here. */
function triage(key: string, list: ReportList, ctx: DeskContext, help: Signal<boolean>): boolean {
  switch (key) {
    case 'j':
    case 'k': {
      const id = list.move(key === 'j' ? 1 : -1);
      if (id) focusReport(id);
      return true;
    }
    case 'x': {
      const here = list.currentReport() ?? (list.move(1) ? list.currentReport() : null);
      if (here && ctx.canEdit) list.toggle(here.id, !list.selected.value.has(here.id));
      return true;
    }
    case 'n': {
      const ids = list.targets();
      if (ctx.canEdit && ids.length > 0 && !list.busy.value)
        void list.markNoise('noise', ids).then(() => keepFocus(list.current.value));
      return true;
    }
    case 'a': {
      if (!ctx.canEdit) return true;
      const here = list.currentReport();
      if (list.selected.value.size === 0 && here) list.toggle(here.id, true);
      focusSoon('attach-find');
      return true;
    }
    case 'e': {
      const here = list.currentReport();
      if (here?.event_id) ctx.go(hashFor(`event/${encodeURIComponent(here.event_id)}`));
      else if (here?.cluster && ctx.canEdit) ctx.go(hashFor('event/new', { cluster: here.cluster }));
      return true;
    }
    case '?':
      help.value = !help.value;
      if (help.value) focusSoon('shortcuts-heading');
      return true;
    case 'Escape':
      if (!help.value) return false;
      hideHelp(help);
      return true;
    default:
      return false;
  }
}

/**
 * Hide the keys. Focus moves to the button that shows them (outside the panel) before the panel
 * goes, so it never falls to the page's body in between.
 */
function hideHelp(help: Signal<boolean>): void {
  document.getElementById('shortcuts-open')?.focus();
  help.value = false;
}

/** Listen for the triage keys while the list's view is open. */
export function useTriageKeys(list: ReportList, help: Signal<boolean>): void {
  const ctx = useDesk();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest(TYPING)) return;
      if (triage(e.key, list, ctx, help)) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [list, ctx, help]);
}

/** The keys, shown with `?` or the button beside the heading; Escape or the button hides them. */
export function ShortcutsHelp({ help }: { help: Signal<boolean> }): JSX.Element | null {
  if (!help.value) return null;
  return (
    <section class="shortcuts panel" id="shortcuts" aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading" tabIndex={-1}>
        {t('desk.keys.title')}
      </h2>
      <dl class="facts">
        {TRIAGE_KEYS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(what)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={() => hideHelp(help)}>
        {t('desk.keys.close')}
      </button>
    </section>
  );
}
