// Sign-in and password forms. Each form keeps one error line that is always in the page and
// marked aria-live, so a screen reader announces what went wrong when the text changes.
import { type Attrs, h } from '../shared/dom.js';
import { ApiError, errorText } from '../shared/http.js';
import { langSwitcher, t } from '../shared/i18n.js';
import { changePassword, type Session, signIn } from './api.js';

export const MIN_PASSWORD_LENGTH = 12;

/** A labelled input; it names the form's error line so the error is read out with the field. */
function field(form: string, id: string, label: string, attrs: Attrs, hint?: string): HTMLElement {
  const describedBy = hint ? `${id}-hint ${form}-error` : `${form}-error`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('input', { id, name: id, required: true, 'aria-describedby': describedBy, ...attrs }),
  );
}

interface FormParts {
  form: HTMLFormElement;
  submit: HTMLButtonElement;
  showError: (text: string, fieldName?: string) => void;
  setBusy: (busy: boolean) => void;
}

/** A form with labelled fields, an error line and a submit button that says when it is working. */
function buildForm(name: string, fields: HTMLElement[], submitLabel: string, busyLabel: string): FormParts {
  const errorLine = h('p', { class: 'form-error', id: `${name}-error`, 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const form = h('form', { class: 'stack', novalidate: true }, fields, errorLine, submit);
  return {
    form,
    submit,
    showError(text, fieldName) {
      errorLine.textContent = text;
      for (const input of Array.from(form.querySelectorAll('input'))) {
        if (input.name === fieldName) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
      if (fieldName) form.querySelector<HTMLInputElement>(`input[name="${fieldName}"]`)?.focus();
    },
    setBusy(busy) {
      submit.disabled = busy;
      submit.textContent = busy ? busyLabel : submitLabel;
    },
  };
}

function value(form: HTMLFormElement, name: string): string {
  return form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value ?? '';
}

/** The sign-in page. `onSignedIn` also gets the password, for a forced change right after. */
export function signInView(onSignedIn: (session: Session, password: string) => void): HTMLElement {
  const parts = buildForm(
    'signin',
    [
      field('signin', 'username', t('desk.signin.username'), {
        autocomplete: 'username',
        autocapitalize: 'none',
        spellcheck: 'false',
      }),
      field('signin', 'password', t('desk.signin.password'), {
        type: 'password',
        autocomplete: 'current-password',
      }),
    ],
    t('desk.signin.submit'),
    t('desk.signin.busy'),
  );
  parts.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const username = value(parts.form, 'username').trim();
    const password = value(parts.form, 'password');
    if (!username) return parts.showError(t('desk.signin.missing_username'), 'username');
    if (!password) return parts.showError(t('desk.signin.missing_password'), 'password');
    parts.setBusy(true);
    try {
      onSignedIn(await signIn(username, password), password);
    } catch (error) {
      parts.setBusy(false);
      const code = error instanceof ApiError ? error.code : '';
      parts.showError(errorText(error, 'desk'), code === 'bad_credentials' ? 'password' : undefined);
    }
  });
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'top' }, h('p', { class: 'brand' }, t('desk.brand')), langSwitcher()),
    h('main', { class: 'narrow' }, h('h1', { tabindex: '-1' }, t('desk.signin.title')), parts.form),
  );
}

export interface PasswordViewOptions {
  forced: boolean;
  csrf: string;
  /** The password just used to sign in; when known we do not ask for it a second time. */
  knownCurrent: string | null;
  onDone: () => void;
  onCancel: () => void;
  onSignOut: () => void;
}

/** Change the password: forced after a one-time password, or chosen from the desk. */
export function passwordView(options: PasswordViewOptions): HTMLElement {
  const fields: HTMLElement[] = [];
  if (options.knownCurrent === null) {
    fields.push(
      field('password', 'current_password', t('desk.password.current'), {
        type: 'password',
        autocomplete: 'current-password',
      }),
    );
  }
  fields.push(
    field(
      'password',
      'new_password',
      t('desk.password.new'),
      { type: 'password', autocomplete: 'new-password', minlength: MIN_PASSWORD_LENGTH },
      t('desk.password.hint', { min: MIN_PASSWORD_LENGTH }),
    ),
    field('password', 'repeat_password', t('desk.password.repeat'), {
      type: 'password',
      autocomplete: 'new-password',
      minlength: MIN_PASSWORD_LENGTH,
    }),
  );
  const parts = buildForm('password', fields, t('desk.password.submit'), t('desk.password.busy'));
  parts.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const current = options.knownCurrent ?? value(parts.form, 'current_password');
    const next = value(parts.form, 'new_password');
    if (!current) return parts.showError(t('desk.password.missing_current'), 'current_password');
    if (Array.from(next).length < MIN_PASSWORD_LENGTH) {
      return parts.showError(
        t('desk.error.password_too_short', { min: MIN_PASSWORD_LENGTH }),
        'new_password',
      );
    }
    if (next !== value(parts.form, 'repeat_password')) {
      return parts.showError(t('desk.error.password_mismatch'), 'repeat_password');
    }
    parts.setBusy(true);
    try {
      await changePassword(options.csrf, current, next);
      options.onDone();
    } catch (error) {
      parts.setBusy(false);
      const code = error instanceof ApiError ? error.code : '';
      if (code === 'bad_credentials') {
        parts.showError(
          t('desk.password.wrong_current'),
          options.knownCurrent === null ? 'current_password' : undefined,
        );
      } else {
        parts.showError(errorText(error, 'desk'), code === 'weak_password' ? 'new_password' : undefined);
      }
    }
  });

  const leave = h('button', { type: 'button' }, options.forced ? t('desk.signout') : t('common.cancel'));
  leave.addEventListener('click', options.forced ? options.onSignOut : options.onCancel);
  parts.form.appendChild(leave);

  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'top' }, h('p', { class: 'brand' }, t('desk.brand')), langSwitcher()),
    h(
      'main',
      { class: 'narrow' },
      h(
        'h1',
        { tabindex: '-1' },
        options.forced ? t('desk.password.forced_title') : t('desk.password.title'),
      ),
      options.forced ? h('p', { class: 'notice', role: 'note' }, t('desk.password.forced_intro')) : null,
      parts.form,
    ),
  );
}
