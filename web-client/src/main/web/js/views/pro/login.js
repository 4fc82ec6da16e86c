// The professional's login form.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { readSession, writeSession } from '../../storage.js';
import { totpKeyFigure, recoveryCodesBlock, plausibleCode } from './totpKey.js';

const LAST_ORGANISATION = 'pro.organisation';

/**
 * onLogin(organisation, username, password, code) resolves with the login answer or throws an ApiError; when the
 * server asks for a second factor (SECOND_FACTOR_REQUIRED, or SECOND_FACTOR_ENROLMENT_REQUIRED with the key to
 * add to an app) the form asks for the code and sends the same fields again with it. onSignedIn() once in (after
 * the recovery codes of a new enrolment were shown).
 */
export function loginView({ onLogin, onSignedIn = () => {}, notice = '' }) {
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
  const codeInput = h('input', { type: 'text', name: 'code', autocomplete: 'one-time-code', inputmode: 'text', spellcheck: 'false', autocapitalize: 'none' });
  const code = field({ label: t('pro.login.code'), hint: t('pro.login.codeHint'), input: codeInput });
  const secondFactor = h('div', { class: 'second-factor', hidden: true });
  const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--wide' }, t('pro.login.submit'));
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    organisation.wrapper,
    username.wrapper,
    password.wrapper,
    secondFactor,
    error,
    submit,
  );
  let askingCode = false;
  const askCode = (enrolment) => {
    askingCode = true;
    secondFactor.replaceChildren(
      h('p', { class: 'notice notice--info' }, t(enrolment ? 'pro.login.enrolIntro' : 'pro.login.codeIntro')),
      enrolment ? totpKeyFigure(enrolment) : null,
      code.wrapper,
    );
    secondFactor.hidden = false;
    codeInput.value = '';
    codeInput.focus();
  };
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
    code.setError(null);
    if (askingCode && !plausibleCode(codeInput.value)) {
      code.setError(t('pro.login.codeInvalid'));
      codeInput.focus();
      return;
    }
    submit.disabled = true;
    try {
      writeSession(LAST_ORGANISATION, values[0]);
      const result = await onLogin(values[0], values[1], password.input.value, askingCode ? codeInput.value.trim() : '');
      password.input.value = '';
      if (result?.recoveryCodes?.length) {
        showRecoveryCodes(form.parentElement, result.recoveryCodes, onSignedIn);
        return;
      }
      onSignedIn();
    } catch (err) {
      if (err?.code === 'SECOND_FACTOR_REQUIRED' || err?.code === 'SECOND_FACTOR_ENROLMENT_REQUIRED') {
        askCode(err.enrolment || null);
        return;
      }
      if (err?.code === 'SECOND_FACTOR_INVALID') {
        code.setError(t('pro.login.codeWrong'));
        codeInput.value = '';
        codeInput.focus();
        return;
      }
      error.textContent = err?.code === 'UNAUTHENTICATED' ? t('pro.login.failed') : err?.code === 'RATE_LIMITED' ? t('pro.login.throttled') : err?.code === 'NETWORK' ? t('error.NETWORK') : t('error.generic');
      error.hidden = false;
      password.input.value = '';
      askingCode = false;
      secondFactor.hidden = true;
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

/** After a login that confirmed an enrolment: the recovery codes, once, then on to the workspace. */
function showRecoveryCodes(card, codes, onSignedIn) {
  const next = h('button', { type: 'button', class: 'btn btn--primary', onclick: () => onSignedIn() }, t('pro.login.recoveryDone'));
  card.replaceChildren(h('h1', { tabindex: '-1' }, t('pro.login.enrolledTitle')), recoveryCodesBlock(codes), h('div', { class: 'actions' }, next));
  card.querySelector('h1').focus();
}
