// Sign-in and password forms. Each form keeps one error line that is always in the page and
// marked aria-live, so a screen reader announces what went wrong when the text changes.
import type { InputHTMLAttributes, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../shared/http.js';
import { changePassword, type Session, signIn } from './api.js';
import type { Flash } from './app-state.js';
import { focusSoon } from './controls.js';
import { FlashLine, Frame } from './frame.js';
import { errorMessage, t } from './i18n.js';

export const MIN_PASSWORD_LENGTH = 12;

/** What is wrong with a form, and the field to go back to. */
export interface FormProblem {
  text: () => string;
  field?: string | undefined;
}

/** The sign-in form's own checks, before anything is sent. */
export function checkSignIn(username: string, password: string): FormProblem | null {
  if (!username.trim()) return { text: () => t('desk.signin.missing_username'), field: 'username' };
  if (!password) return { text: () => t('desk.signin.missing_password'), field: 'password' };
  return null;
}

/** The password form's own checks: a current password, a long enough new one, typed twice. */
export function checkPasswordChange(
  current: string | null,
  next: string,
  repeat: string,
): FormProblem | null {
  if (current === '') return { text: () => t('desk.password.missing_current'), field: 'current_password' };
  if (Array.from(next).length < MIN_PASSWORD_LENGTH) {
    return {
      text: () => t('desk.error.password_too_short', { min: MIN_PASSWORD_LENGTH }),
      field: 'new_password',
    };
  }
  if (next !== repeat) return { text: () => t('desk.error.password_mismatch'), field: 'repeat_password' };
  return null;
}

interface InputSpec {
  id: string;
  label: string;
  hint?: string;
  attrs: InputHTMLAttributes;
}

/** Labelled inputs, an error line and a submit button that says when it is working. */
function PlainForm(props: {
  name: string;
  fields: InputSpec[];
  problem: FormProblem | null;
  busy: boolean;
  submit: string;
  busyLabel: string;
  onSubmit: (values: Record<string, string>) => void;
  children?: JSX.Element | null;
}): JSX.Element {
  const errorId = `${props.name}-error`;
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const values: Record<string, string> = {};
        for (const f of props.fields) {
          const input = e.currentTarget.elements.namedItem(f.id);
          values[f.id] = input instanceof HTMLInputElement ? input.value : '';
        }
        props.onSubmit(values);
      }}
    >
      {props.fields.map((f) => (
        <div class="field" key={f.id}>
          <label for={f.id}>{f.label}</label>
          {f.hint ? (
            <p class="hint" id={`${f.id}-hint`}>
              {f.hint}
            </p>
          ) : null}
          <input
            id={f.id}
            name={f.id}
            required
            aria-describedby={f.hint ? `${f.id}-hint ${errorId}` : errorId}
            aria-invalid={props.problem?.field === f.id ? 'true' : undefined}
            {...f.attrs}
          />
        </div>
      ))}
      <p class="form-error" id={errorId} aria-live="assertive">
        {props.problem ? props.problem.text() : ''}
      </p>
      <button type="submit" class="primary" disabled={props.busy}>
        {props.busy ? props.busyLabel : props.submit}
      </button>
      {props.children}
    </form>
  );
}

/** Show a problem and take the user to the field it is about. */
function useProblem(): [FormProblem | null, (p: FormProblem | null) => void] {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  return [
    problem,
    (p) => {
      setProblem(p);
      if (p?.field) focusSoon(p.field);
    },
  ];
}

/** The sign-in page. `onSignedIn` also gets the password, for a forced change right after. */
export function SignIn(props: {
  flash: Flash | null;
  onSignedIn: (session: Session, password: string) => void;
}): JSX.Element {
  const [problem, show] = useProblem();
  const [busy, setBusy] = useState(false);
  const submit = async ({ username = '', password = '' }: Record<string, string>) => {
    const wrong = checkSignIn(username, password);
    if (wrong) return show(wrong);
    setBusy(true);
    try {
      const session = await signIn(username.trim(), password);
      props.onSignedIn(session, password);
    } catch (error) {
      setBusy(false);
      const code = error instanceof ApiError ? error.code : '';
      show({ text: () => errorMessage(error), field: code === 'bad_credentials' ? 'password' : undefined });
    }
  };
  return (
    <Frame>
      <h1 tabIndex={-1}>{t('desk.signin.title')}</h1>
      <FlashLine flash={props.flash} />
      <PlainForm
        name="signin"
        problem={problem}
        busy={busy}
        submit={t('desk.signin.submit')}
        busyLabel={t('desk.signin.busy')}
        onSubmit={(values) => void submit(values)}
        fields={[
          {
            id: 'username',
            label: t('desk.signin.username'),
            attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: false },
          },
          {
            id: 'password',
            label: t('desk.signin.password'),
            attrs: { type: 'password', autocomplete: 'current-password' },
          },
        ]}
      />
    </Frame>
  );
}

export interface PasswordProps {
  forced: boolean;
  csrf: string;
  /**
   * The password just used to sign in; when known we do not ask for it a second time (nor after
   * a reload of a forced change: the node does not ask for a one-time password again).
   */
  knownCurrent: string | null;
  flash: Flash | null;
  onDone: () => void;
  onCancel: () => void;
  onSignOut: () => void;
}

/** Change the password: forced after a one-time password, or chosen from the desk. */
export function ChangePassword(props: PasswordProps): JSX.Element {
  const [problem, show] = useProblem();
  const [busy, setBusy] = useState(false);
  const fields: InputSpec[] = [];
  const askCurrent = props.knownCurrent === null && !props.forced;
  if (askCurrent) {
    fields.push({
      id: 'current_password',
      label: t('desk.password.current'),
      attrs: { type: 'password', autocomplete: 'current-password' },
    });
  }
  const newAttrs: InputHTMLAttributes = {
    type: 'password',
    autocomplete: 'new-password',
    minLength: MIN_PASSWORD_LENGTH,
  };
  fields.push(
    {
      id: 'new_password',
      label: t('desk.password.new'),
      hint: t('desk.password.hint', { min: MIN_PASSWORD_LENGTH }),
      attrs: newAttrs,
    },
    { id: 'repeat_password', label: t('desk.password.repeat'), attrs: newAttrs },
  );
  const submit = async (values: Record<string, string>) => {
    const current = askCurrent ? (values.current_password ?? '') : props.knownCurrent;
    const next = values.new_password ?? '';
    const wrong = checkPasswordChange(current, next, values.repeat_password ?? '');
    if (wrong) return show(wrong);
    setBusy(true);
    try {
      await changePassword(props.csrf, current, next);
      props.onDone();
    } catch (error) {
      setBusy(false);
      const code = error instanceof ApiError ? error.code : '';
      if (code === 'bad_credentials') {
        show({
          text: () => t('desk.password.wrong_current'),
          field: askCurrent ? 'current_password' : undefined,
        });
      } else {
        show({
          text: () => errorMessage(error),
          field: code === 'weak_password' ? 'new_password' : undefined,
        });
      }
    }
  };
  return (
    <Frame>
      <h1 tabIndex={-1}>{props.forced ? t('desk.password.forced_title') : t('desk.password.title')}</h1>
      <FlashLine flash={props.flash} />
      {props.forced ? (
        <p class="notice" role="note">
          {t('desk.password.forced_intro')}
        </p>
      ) : null}
      <PlainForm
        name="password"
        problem={problem}
        busy={busy}
        submit={t('desk.password.submit')}
        busyLabel={t('desk.password.busy')}
        onSubmit={(values) => void submit(values)}
        fields={fields}
      >
        <button type="button" onClick={props.forced ? props.onSignOut : props.onCancel}>
          {props.forced ? t('desk.signout') : t('common.cancel')}
        </button>
      </PlainForm>
    </Frame>
  );
}
