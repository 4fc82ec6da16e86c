// The professional's login form.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { readSession, writeSession } from '../../storage.js';

const LAST_ORGANISATION = 'pro.organisation';

/** onLogin(organisation, username, password) resolves on success or throws an ApiError. */
export function loginView({ onLogin, notice = '' }) {
  const organisation = field({
    label: t('pro.login.organisation'),
    hint: t('pro.login.organisationHint'),
    input: h('input', { type: 'text', name: 'organisation', autocomplete: 'organization', required: true, spellcheck: 'false', autocapitalize: 'none' }),
  });
  organisation.input.value = readSession(LAST_ORGANISATION) || '';
  const username = field({
    label: t('pro.login.username'),
    input: h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, spellcheck: 'false', autocapitalize: 'none' }),
  });
  const password = field({
    label: t('pro.login.password'),
    input: h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true }),
  });
  const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--wide' }, t('pro.login.submit'));
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    organisation.wrapper,
    username.wrapper,
    password.wrapper,
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const values = [organisation, username, password].map((f) => {
      f.setError(null);
      return f.input.value.trim();
    });
    const missing = [organisation, username, password].find((f, i) => !values[i]);
    if (missing) {
      missing.setError(t('pro.login.required'));
      missing.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      writeSession(LAST_ORGANISATION, values[0]);
      await onLogin(values[0], values[1], password.input.value);
    } catch (err) {
      error.textContent = err?.code === 'UNAUTHENTICATED' ? t('pro.login.failed') : err?.code === 'NETWORK' ? t('error.NETWORK') : t('error.generic');
      error.hidden = false;
      password.input.value = '';
      password.input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'card login' },
    h('h1', {}, t('pro.login.title')),
    notice ? h('p', { class: 'notice notice--info', role: 'status' }, notice) : null,
    form,
  );
}
