// Join requests (`#/organize/joins`): what people sent from /join, with their triage. Admins
// and editors see all and triage them (vouch, assign to an organizer for a collective,
// decline, reopen); an organizer sees those assigned to them and turns one into a person of
// their collective. Replies go back through the reply channel, sealed to the request's key.
// The collective is picked by its name among those the user may see (an editor sees none: the
// node gives editors counts only, so they name it by its id); the list comes a page at a time.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorLine, Field, LoadingLine, Time, useTitle, ViewHead } from '../controls.js';
import { type DeskContext, useDesk } from '../desk-context.js';
import { formatNumber, t } from '../i18n.js';
import { hashFor } from '../route.js';
import {
  type CollectiveSummary,
  type JoinStatusValue,
  type JoinView,
  joinReplyApi,
  joinStatusApi,
  joinToPersonApi,
  listCollectivesApi,
  listJoinsApi,
} from './organize-api.js';
import { matching, SearchPicker } from './picker.js';

/** The collectives the user may see (null while loading; none for an editor). */
type Collectives = CollectiveSummary[] | null;

/** A collective picked by name, or (for an editor, who sees none) named by its id. */
function CollectiveChoice(props: {
  id: string;
  collectives: Collectives | 'by-id';
  value: string;
  onChange: (id: string) => void;
}): JSX.Element {
  const { collectives, value } = props;
  if (collectives === 'by-id') {
    return (
      <Field
        id={props.id}
        label={t('desk.organize.join.collective_id')}
        hint={t('desk.organize.join.collective_id_hint')}
      >
        <input
          required
          maxLength={128}
          value={value}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      </Field>
    );
  }
  if (!collectives) return <LoadingLine />;
  const chosen = collectives.find((c) => c.id === value);
  const items = collectives.map((c) => ({
    id: c.id,
    label: c.name,
    detail: [c.settlement, t(`desk.organize.stage.${c.stage}`)].filter(Boolean).join(', '),
  }));
  return (
    <fieldset class="checks" id={`${props.id}-group`}>
      <legend>{t('desk.organize.join.collective')}</legend>
      <p id={`${props.id}-chosen`}>
        {chosen ? <strong>{chosen.name}</strong> : value ? value : t('desk.organize.join.no_collective')}
      </p>
      {collectives.length === 0 ? (
        <p class="muted">{t('desk.organize.join.none_visible')}</p>
      ) : (
        <SearchPicker
          id={props.id}
          label={t('desk.organize.join.find_collective')}
          action={t('desk.organize.picker.choose')}
          needsWords
          search={(q) => matching(items, q)}
          onPick={(item) => props.onChange(item.id)}
        />
      )}
    </fieldset>
  );
}

const STATUSES: readonly JoinStatusValue[] = ['new', 'vouched', 'assigned', 'joined', 'declined'];

/** Run one action on a request; on success say so and reload the list. */
function useAction(ctx: DeskContext, reload: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      ctx.announce(done);
      reload();
    } catch (err) {
      if (!ctx.signedOut(err)) setError(err);
    }
    setBusy(false);
  };
  return { error, busy, run };
}

function Triage(props: {
  join: JoinView;
  reload: () => void;
  collectives: Collectives | 'by-id';
}): JSX.Element {
  const { join, reload } = props;
  const ctx = useDesk();
  const { error, busy, run } = useAction(ctx, reload);
  const [organizer, setOrganizer] = useState(join.organizer ?? '');
  const [collective, setCollective] = useState(join.collective_id ?? '');
  const csrf = ctx.session.csrf_token;
  const set = (status: JoinStatusValue, extra = {}) =>
    run(
      () => joinStatusApi(csrf, join.id, { status, ...extra }),
      t('desk.organize.join.done.status', { status: t(`desk.organize.join.status.${status}`) }),
    );
  const id = `join-${join.id.slice(0, 12)}`;
  return (
    <div class="stack">
      <div class="actions">
        {join.status === 'new' ? (
          <button type="button" disabled={busy} onClick={() => void set('vouched')}>
            {t('desk.organize.join.vouch')}
          </button>
        ) : null}
        {join.status === 'declined' || join.status === 'vouched' ? (
          <button type="button" disabled={busy} onClick={() => void set('new')}>
            {t('desk.organize.join.reopen')}
          </button>
        ) : null}
        {join.status !== 'joined' && join.status !== 'declined' ? (
          <button type="button" class="danger" disabled={busy} onClick={() => void set('declined')}>
            {t('desk.organize.join.decline')}
          </button>
        ) : null}
      </div>
      {join.status !== 'joined' && join.status !== 'declined' ? (
        <form
          class="pair"
          onSubmit={(e) => {
            e.preventDefault();
            if (!collective.trim()) return;
            void set('assigned', { organizer: organizer.trim(), collective: collective.trim() });
          }}
        >
          <Field id={`${id}-organizer`} label={t('desk.organize.join.organizer')}>
            <input
              required
              maxLength={64}
              value={organizer}
              onInput={(e) => setOrganizer(e.currentTarget.value)}
            />
          </Field>
          <CollectiveChoice
            id={`${id}-collective`}
            collectives={props.collectives}
            value={collective}
            onChange={setCollective}
          />
          <button type="submit" disabled={busy || !collective.trim()}>
            {t('desk.organize.join.assign')}
          </button>
        </form>
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
    </div>
  );
}

function ToPerson(props: { join: JoinView; reload: () => void; collectives: Collectives }): JSX.Element {
  const { join, reload, collectives } = props;
  const ctx = useDesk();
  const { error, busy, run } = useAction(ctx, reload);
  const [collective, setCollective] = useState(join.collective_id ?? '');
  const [unit, setUnit] = useState('');
  const [copy, setCopy] = useState(false);
  const id = `join-${join.id.slice(0, 12)}-person`;
  const units = collectives?.find((c) => c.id === collective)?.units ?? null;
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        const chosenUnit = unit || units?.[0]?.id || '';
        if (!collective || !chosenUnit.trim()) return;
        void run(
          () =>
            joinToPersonApi(ctx.session.csrf_token, join.id, {
              unit: chosenUnit.trim(),
              ...(collective !== join.collective_id ? { collective } : {}),
              copy_contact: copy,
            }),
          t('desk.organize.join.done.person', { name: join.pseudonym }),
        );
      }}
    >
      <CollectiveChoice
        id={`${id}-collective`}
        collectives={collectives}
        value={collective}
        onChange={(next) => {
          setCollective(next);
          setUnit('');
        }}
      />
      {units ? (
        <Field id={`${id}-unit`} label={t('desk.organize.join.unit')}>
          <select value={unit || units[0]?.id} onChange={(e) => setUnit(e.currentTarget.value)}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <Field
          id={`${id}-unit`}
          label={t('desk.organize.join.unit')}
          hint={t('desk.organize.join.unit_hint')}
        >
          <input required maxLength={200} value={unit} onInput={(e) => setUnit(e.currentTarget.value)} />
        </Field>
      )}
      {join.contact ? (
        <label class="check">
          <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.currentTarget.checked)} />{' '}
          {t('desk.organize.join.copy_contact')}
        </label>
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
      <button type="submit" class="primary" disabled={busy || !collective}>
        {t('desk.organize.join.to_person')}
      </button>
    </form>
  );
}

function Reply({ join, reload }: { join: JoinView; reload: () => void }): JSX.Element {
  const ctx = useDesk();
  const { error, busy, run } = useAction(ctx, reload);
  const [text, setText] = useState('');
  const id = `join-${join.id.slice(0, 12)}-reply`;
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await joinReplyApi(ctx.session.csrf_token, join.id, text.trim());
          setText('');
        }, t('desk.organize.join.done.reply'));
      }}
    >
      <Field id={id} label={t('desk.organize.join.reply')}>
        <textarea
          required
          rows={2}
          maxLength={5_000}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </Field>
      {error ? <ErrorLine error={error} /> : null}
      <button type="submit" disabled={busy}>
        {t('desk.organize.join.send_reply')}
      </button>
    </form>
  );
}

function JoinItem(props: { join: JoinView; reload: () => void; collectives: Collectives }): JSX.Element {
  const { join, reload, collectives } = props;
  const ctx = useDesk();
  const role = ctx.session.account.role;
  const triages = role === 'admin' || role === 'editor';
  const mayMakePerson =
    (role === 'admin' || role === 'organizer') && join.status !== 'joined' && join.status !== 'declined';
  return (
    <li class="panel" data-join={join.id} data-status={join.status}>
      <h2>{join.pseudonym}</h2>
      <p class="muted">
        <span class="chip">{t(`desk.organize.join.status.${join.status}`)}</span>{' '}
        {t(`desk.organize.join.want.${join.want}`)} · <Time at={join.createdAt} />
      </p>
      <dl class="facts">
        {[
          ['enterprise', join.enterprise],
          ['settlement', join.settlement],
          ['contact', join.contact],
          ['message', join.message],
          ['organizer', join.organizer],
        ]
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{t(`desk.organize.join.field.${k}`)}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {join.collective_id ? (
        <p>
          <a href={hashFor(`organize/${encodeURIComponent(join.collective_id)}`)}>
            {t('desk.organize.join.open_collective')}
          </a>
        </p>
      ) : null}
      {triages ? (
        <Triage join={join} reload={reload} collectives={role === 'editor' ? 'by-id' : collectives} />
      ) : null}
      {mayMakePerson ? <ToPerson join={join} reload={reload} collectives={collectives} /> : null}
      {join.status !== 'declined' ? <Reply join={join} reload={reload} /> : null}
    </li>
  );
}

/**
 * The requests under the filter, a page at a time: "Show more" adds the next page; after an
 * action the list is read again as far as it was shown, so the place is kept.
 */
function useJoinPages(status: JoinStatusValue | '') {
  const ctx = useDesk();
  const [joins, setJoins] = useState<JoinView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const asked = useRef(0);
  const load = async (keep: number, from: { list: JoinView[]; cursor: string | null } | null) => {
    const n = ++asked.current;
    setLoading(true);
    try {
      let list = from?.list ?? [];
      let cursor = from?.cursor ?? null;
      let count = total;
      do {
        const page = await listJoinsApi(status, cursor);
        list = [...list, ...page.joins];
        cursor = page.next;
        count = page.total;
      } while (cursor && list.length < keep);
      if (n !== asked.current) return;
      setJoins(list);
      setNext(cursor);
      setTotal(count);
      setError(null);
    } catch (err) {
      if (n === asked.current && !ctx.signedOut(err)) setError(err);
    }
    if (n === asked.current) setLoading(false);
  };
  useEffect(() => {
    setJoins(null);
    void load(0, null);
  }, [status]);
  return {
    joins,
    total,
    next,
    error,
    loading,
    more: () => void load(0, { list: joins ?? [], cursor: next }),
    reload: () => void load(joins?.length ?? 0, null),
  };
}

export function JoinRequests(): JSX.Element {
  const ctx = useDesk();
  const role = ctx.session.account.role;
  const [status, setStatus] = useState<JoinStatusValue | ''>('new');
  const [collectives, setCollectives] = useState<Collectives>(null);
  const pages = useJoinPages(status);
  const { joins } = pages;
  useTitle(t('desk.organize.join.title'));
  useEffect(() => {
    // The collectives an admin or organizer may see, for the pickers; an editor sees none.
    if (role !== 'admin' && role !== 'organizer') return;
    listCollectivesApi().then(setCollectives, (err: unknown) => {
      if (!ctx.signedOut(err)) setCollectives([]);
    });
  }, []);
  return (
    <div class="view organize">
      <ViewHead title={t('desk.organize.join.title')} />
      <p>
        <a href={hashFor('organize')}>{t('desk.organize.join.back')}</a>
      </p>
      <Field id="join-status-filter" label={t('desk.organize.join.filter')}>
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value as JoinStatusValue | '')}>
          <option value="">{t('desk.organize.join.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`desk.organize.join.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      {pages.error ? <ErrorLine error={pages.error} /> : null}
      {!joins && !pages.error ? <LoadingLine /> : null}
      {joins && joins.length === 0 ? <p class="muted">{t('desk.organize.join.empty')}</p> : null}
      {joins && joins.length > 0 ? (
        <p class="muted" id="join-count" role="status">
          {t('desk.organize.join.shown', {
            shown: formatNumber(joins.length),
            total: formatNumber(pages.total),
          })}
        </p>
      ) : null}
      {joins ? (
        <ul class="items" id="join-list">
          {joins.map((j) => (
            <JoinItem
              key={`${j.id}-${j.version ?? ''}`}
              join={j}
              reload={pages.reload}
              collectives={collectives}
            />
          ))}
        </ul>
      ) : null}
      {joins && pages.next ? (
        <button type="button" id="join-more" disabled={pages.loading} onClick={pages.more}>
          {t('desk.organize.join.more')}
        </button>
      ) : null}
    </div>
  );
}
