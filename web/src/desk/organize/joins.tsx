// Join requests (`#/organize/joins`): what people sent from /join, with their triage. Admins
// and editors see all and triage them (vouch, assign to an organizer for a collective,
// decline, reopen); an organizer sees those assigned to them and turns one into a person of
// their collective. Replies go back through the reply channel, sealed to the request's key.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorLine, Field, LoadingLine, Time, useTitle, ViewHead } from '../controls.js';
import { type DeskContext, useDesk } from '../desk-context.js';
import { t } from '../i18n.js';
import { hashFor } from '../route.js';
import {
  type JoinStatusValue,
  type JoinView,
  joinReplyApi,
  joinStatusApi,
  joinToPersonApi,
  listJoinsApi,
} from './organize-api.js';

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

function Triage({ join, reload }: { join: JoinView; reload: () => void }): JSX.Element {
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
          <Field id={`${id}-collective`} label={t('desk.organize.join.collective')}>
            <input
              required
              maxLength={128}
              value={collective}
              onInput={(e) => setCollective(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" disabled={busy}>
            {t('desk.organize.join.assign')}
          </button>
        </form>
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
    </div>
  );
}

function ToPerson({ join, reload }: { join: JoinView; reload: () => void }): JSX.Element {
  const ctx = useDesk();
  const { error, busy, run } = useAction(ctx, reload);
  const [unit, setUnit] = useState('');
  const [copy, setCopy] = useState(false);
  const id = `join-${join.id.slice(0, 12)}-person`;
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void run(
          () => joinToPersonApi(ctx.session.csrf_token, join.id, { unit: unit.trim(), copy_contact: copy }),
          t('desk.organize.join.done.person', { name: join.pseudonym }),
        );
      }}
    >
      <Field id={`${id}-unit`} label={t('desk.organize.join.unit')} hint={t('desk.organize.join.unit_hint')}>
        <input required maxLength={200} value={unit} onInput={(e) => setUnit(e.currentTarget.value)} />
      </Field>
      {join.contact ? (
        <label class="check">
          <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.currentTarget.checked)} />{' '}
          {t('desk.organize.join.copy_contact')}
        </label>
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
      <button type="submit" class="primary" disabled={busy}>
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

function JoinItem({ join, reload }: { join: JoinView; reload: () => void }): JSX.Element {
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
      {triages ? <Triage join={join} reload={reload} /> : null}
      {mayMakePerson ? <ToPerson join={join} reload={reload} /> : null}
      {join.status !== 'declined' ? <Reply join={join} reload={reload} /> : null}
    </li>
  );
}

export function JoinRequests(): JSX.Element {
  const ctx = useDesk();
  const [status, setStatus] = useState<JoinStatusValue | ''>('new');
  const [joins, setJoins] = useState<JoinView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useTitle(t('desk.organize.join.title'));
  useEffect(() => {
    let live = true;
    listJoinsApi(status).then(
      (list) => live && setJoins(list),
      (err: unknown) => live && !ctx.signedOut(err) && setError(err),
    );
    return () => {
      live = false;
    };
  }, [status, tick]);
  const reload = () => setTick((n) => n + 1);
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
      {error ? <ErrorLine error={error} /> : null}
      {!joins && !error ? <LoadingLine /> : null}
      {joins && joins.length === 0 ? <p class="muted">{t('desk.organize.join.empty')}</p> : null}
      {joins ? (
        <ul class="items" id="join-list">
          {joins.map((j) => (
            <JoinItem key={`${j.id}-${j.version ?? ''}`} join={j} reload={reload} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
