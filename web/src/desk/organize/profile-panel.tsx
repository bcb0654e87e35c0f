// A collective's public profile (30621), published only by consent: the organizer ticks what may
// be shown, sees exactly what would be published (the node builds the preview from the ticks),
// and publishes, updates or withdraws it. People, units, assessments and notes are never offered.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CollectiveContent } from '../../../../src/core/content.js';
import type { PublicField } from '../../../../src/core/organize-records.js';
import type { ProfileState } from '../../../../src/organize/profile.js';
import { api } from '../../shared/http.js';
import { CheckGroup, ErrorLine } from '../controls.js';
import { t } from '../i18n.js';
import { Failure } from './collective-parts.js';
import type { CollectiveState } from './collective-state.js';

/** The fields an organizer may tick, in the order the node publishes them. */
export const PROFILE_FIELDS: readonly PublicField[] = [
  'name',
  'enterprise',
  'settlement',
  'admin1',
  'sector',
  'stage',
  'headcount',
  'demands',
  'events',
];

const at = (id: string, rest = '') => `/api/v1/desk/collectives/${encodeURIComponent(id)}/profile${rest}`;

export function getProfileApi(id: string): Promise<ProfileState> {
  return api<ProfileState>(at(id));
}

export async function previewProfileApi(
  csrf: string,
  id: string,
  fields: string[],
): Promise<CollectiveContent> {
  return (
    await api<{ profile: CollectiveContent }>(at(id, '/preview'), { method: 'POST', csrf, body: { fields } })
  ).profile;
}

export function publishProfileApi(csrf: string, id: string, fields: string[]): Promise<ProfileState> {
  return api<ProfileState>(at(id), { method: 'POST', csrf, body: { fields } });
}

export function withdrawProfileApi(csrf: string, id: string): Promise<ProfileState> {
  return api<ProfileState>(at(id), { method: 'DELETE', csrf });
}

export function ProfilePanel({ state }: { state: CollectiveState }): JSX.Element {
  const [profile, setProfile] = useState<ProfileState | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const [preview, setPreview] = useState<CollectiveContent | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = async () => {
    try {
      const p = await getProfileApi(state.id);
      setProfile(p);
      setFields(p.fields);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    // Asked once the page is idle: the wall chart is what the organizer opened the page for.
    const run = () => void reload();
    if ('requestIdleCallback' in window) {
      const handle = window.requestIdleCallback(run, { timeout: 1000 });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = setTimeout(run, 200);
    return () => clearTimeout(timer);
  }, [state.id]);
  // The preview is the node's own build of the ticked fields: exactly what publishing signs.
  useEffect(() => {
    if (!profile) return;
    let live = true;
    previewProfileApi(state.csrf, state.id, fields).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [profile, fields.join(',')]);

  const toggle = (value: string, checked: boolean) =>
    setFields((now) => PROFILE_FIELDS.filter((f) => (f === value ? checked : now.includes(f))));
  const published = profile?.published ?? null;
  const publish = async (e: Event) => {
    e.preventDefault();
    const ok = await state.write(
      'profile',
      () => publishProfileApi(state.csrf, state.id, fields),
      t('desk.organize.profile.published'),
    );
    if (ok) await reload();
  };
  const withdraw = async () => {
    const ok = await state.write(
      'profile',
      () => withdrawProfileApi(state.csrf, state.id),
      t('desk.organize.profile.withdrawn'),
    );
    if (ok) await reload();
  };
  const busy = state.busy.value === 'profile';
  return (
    <form
      class="panel org-form"
      id="profile-form"
      aria-labelledby="profile-heading"
      onSubmit={(e) => void publish(e)}
    >
      <h2 id="profile-heading">{t('desk.organize.profile.heading')}</h2>
      <p class="hint">{t('desk.organize.profile.hint')}</p>
      <p id="profile-status" role="status">
        {published ? t('desk.organize.profile.status_published') : t('desk.organize.profile.status_none')}
      </p>
      <CheckGroup
        name="profile-field"
        idPrefix="profile-field"
        legend={t('desk.organize.profile.fields')}
        options={PROFILE_FIELDS.map((f) => ({ value: f, label: t(`desk.organize.profile.field.${f}`) }))}
        values={fields}
        onToggle={toggle}
      />
      <h3>{t('desk.organize.profile.preview')}</h3>
      <pre class="profile-preview" id="profile-preview">
        {preview ? JSON.stringify(preview, null, 2) : '…'}
      </pre>
      {error ? <ErrorLine error={error} id="profile-error" /> : null}
      <Failure state={state} form="profile" />
      <div class="actions">
        <button type="submit" id="profile-publish" disabled={busy || !profile}>
          {published ? t('desk.organize.profile.update') : t('desk.organize.profile.publish')}
        </button>
        {published ? (
          <button type="button" id="profile-withdraw" disabled={busy} onClick={() => void withdraw()}>
            {t('desk.organize.profile.withdraw')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
