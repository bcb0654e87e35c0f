// Picking one thing by searching for it (a collective, a coded event, a person): a search box,
// and what matches as a list of buttons. Keyboard: type, Tab to a result, Enter; Enter in the
// box takes the only match. Nobody has to know or type an id.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorLine, Field } from '../controls.js';
import { formatNumber, t } from '../i18n.js';

export interface PickItem {
  id: string;
  label: string;
  detail?: string;
}

const SHOWN = 8;

export function SearchPicker(props: {
  id: string;
  label: string;
  hint?: string;
  /** What matches the words typed (an empty box: the first few, or none when `needsWords`). */
  search: (q: string) => PickItem[] | Promise<PickItem[]>;
  /** The word on each result's button ("Choose", "Link"). */
  action: string;
  onPick: (item: PickItem) => void;
  needsWords?: boolean;
  /** Milliseconds to wait for a pause in the typing (a search over the network: 200). */
  delay?: number;
}): JSX.Element {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PickItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(0);
  useEffect(() => {
    const words = q.trim();
    if (props.needsWords && !words) {
      setFound(null);
      return;
    }
    const n = ++asked.current;
    const timer = setTimeout(
      () => {
        Promise.resolve(props.search(words)).then(
          (items) => {
            if (n !== asked.current) return;
            setFound(items.slice(0, SHOWN));
            setError(null);
          },
          (err: unknown) => n === asked.current && setError(err),
        );
      },
      words ? (props.delay ?? 0) : 0,
    );
    return () => clearTimeout(timer);
  }, [q]);
  const pick = (item: PickItem) => {
    props.onPick(item);
    setQ('');
  };
  return (
    <div class="stack" id={`${props.id}-picker`}>
      <Field id={props.id} label={props.label} hint={props.hint}>
        <input
          type="search"
          autoComplete="off"
          maxLength={100}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            if (found?.length === 1) pick(found[0]!);
          }}
        />
      </Field>
      {error ? <ErrorLine error={error} /> : null}
      {found ? (
        <>
          <p class="muted" role="status">
            {found.length === 0
              ? t('desk.organize.picker.none')
              : t('desk.organize.picker.found', { n: formatNumber(found.length) })}
          </p>
          <ul class="items" id={`${props.id}-results`}>
            {found.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  aria-label={`${props.action}: ${item.label}${item.detail ? `, ${item.detail}` : ''}`}
                  onClick={() => pick(item)}
                >
                  {props.action}
                </button>{' '}
                <strong>{item.label}</strong>
                {item.detail ? <span class="muted">{` · ${item.detail}`}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** Items whose label or detail holds every word typed (case does not matter). */
export function matching(items: readonly PickItem[], q: string): PickItem[] {
  const words = q.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((item) => {
    const text = `${item.label} ${item.detail ?? ''}`.toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  });
}
