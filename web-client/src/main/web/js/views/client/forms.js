// Forms an inwoner fills in: joining the queue, and leaving a message when nobody can chat.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';

export const NICKNAME_MAX = 40;
export const QUESTION_MAX = 2000;
export const OFFLINE_TEXT_MAX = 4000;
export const CONTACT_MAX = 200;

/** How long a chat is kept with consent when the status does not say (the server's default retention_days). */
export const DEFAULT_RETENTION_DAYS = 30;

/** Radio buttons for "may we keep the conversation?", with a plain explanation that says for how long. */
export function consentFieldset(name, defaultConsent, retentionDays = DEFAULT_RETENTION_DAYS) {
  const yes = h('input', { type: 'radio', name, value: 'yes', id: `${name}-yes`, checked: defaultConsent });
  const no = h('input', { type: 'radio', name, value: 'no', id: `${name}-no`, checked: !defaultConsent });
  const fieldset = h(
    'fieldset',
    { class: 'field choice' },
    h('legend', { class: 'field__label' }, t('join.consent.legend')),
    h('p', { class: 'field__hint', id: `${name}-hint` }, t('join.consent.explain', { days: retentionDays || DEFAULT_RETENTION_DAYS })),
    h('div', { class: 'choice__option' }, yes, h('label', { for: yes.id }, t('join.consent.yes'))),
    h('div', { class: 'choice__option' }, no, h('label', { for: no.id }, t('join.consent.no'))),
  );
  fieldset.setAttribute('aria-describedby', `${name}-hint`);
  return { fieldset, value: () => yes.checked };
}

/**
 * The join form. onSubmit({nickname, firstQuestion, transcriptConsent, rememberVisit}) returns a promise; while it runs the
 * button is disabled. It may throw {field: 'nickname'|'firstQuestion'|null, message}.
 */
export function joinForm({ consentDefault, retentionDays, onSubmit }) {
  const nickname = field({
    label: t('join.nickname.label'),
    hint: t('join.nickname.hint'),
    input: h('input', { type: 'text', name: 'nickname', maxlength: String(NICKNAME_MAX), autocomplete: 'off', required: true, spellcheck: 'false' }),
  });
  const question = field({
    label: t('join.question.label'),
    optional: t('common.optional'),
    hint: t('join.question.hint'),
    input: h('textarea', { name: 'firstQuestion', rows: '4', maxlength: String(QUESTION_MAX) }),
  });
  const consent = consentFieldset('consent', consentDefault, retentionDays);
  // unticked by default: only with this box does the device keep a mark (no name, no id) to count returning visits
  const remember = h('input', { type: 'checkbox', name: 'rememberVisit', id: 'remember-visit', 'aria-describedby': 'remember-visit-hint' });
  const rememberField = h('div', { class: 'switch' }, remember, h('label', { for: remember.id }, t('join.remember.label')),
    h('p', { class: 'field__hint', id: 'remember-visit-hint' }, t('join.remember.hint')));
  const formError = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--wide' }, t('join.submit'));
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'join-title' },
    h('h2', { id: 'join-title' }, t('join.title')),
    h('p', {}, t('join.intro')),
    nickname.wrapper,
    question.wrapper,
    consent.fieldset,
    rememberField,
    formError,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    nickname.setError(null);
    question.setError(null);
    formError.hidden = true;
    const name = nickname.input.value.trim();
    if (!name) {
      nickname.setError(t('join.nickname.required'));
      nickname.input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('join.submitting');
    try {
      await onSubmit({ nickname: name, firstQuestion: question.input.value.trim(), transcriptConsent: consent.value(), rememberVisit: remember.checked });
    } catch (err) {
      const target = err?.field === 'nickname' ? nickname : err?.field === 'firstQuestion' ? question : null;
      if (target) {
        target.setError(err.message);
        target.input.focus();
      } else {
        formError.textContent = err?.message || t('error.generic');
        formError.hidden = false;
      }
    } finally {
      submit.disabled = false;
      submit.textContent = t('join.submit');
    }
  });
  return form;
}

/** Leave a message for later. onSubmit({nickname, text, contact}) returns a promise. */
/** @param {boolean} [o.open] the office hour is open (nobody free): we read it soon, not "when it opens again" */
export function offlineMessageForm({ onSubmit, headingLevel = 'h2', open = false }) {
  const nickname = field({
    label: t('offline.nickname.label'),
    optional: t('common.optional'),
    input: h('input', { type: 'text', name: 'nickname', maxlength: String(NICKNAME_MAX), autocomplete: 'off' }),
  });
  const text = field({
    label: t('offline.text.label'),
    input: h('textarea', { name: 'text', rows: '5', maxlength: String(OFFLINE_TEXT_MAX), required: true }),
  });
  const contact = field({
    label: t('offline.contact.label'),
    optional: t('common.optional'),
    hint: t('offline.contact.hint'),
    input: h('input', { type: 'text', name: 'contact', maxlength: String(CONTACT_MAX), autocomplete: 'off' }),
  });
  const formError = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--wide' }, t('offline.submit'));
  const titleId = `offline-title-${Math.random().toString(36).slice(2, 8)}`;
  const container = h('div', { class: 'offline' });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': titleId },
    h(headingLevel, { id: titleId }, t('offline.title')),
    h('p', {}, t(open ? 'offline.introOpen' : 'offline.intro')),
    nickname.wrapper,
    text.wrapper,
    contact.wrapper,
    formError,
    submit,
  );
  container.append(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    text.setError(null);
    formError.hidden = true;
    const body = text.input.value.trim();
    if (!body) {
      text.setError(t('offline.text.required'));
      text.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await onSubmit({ nickname: nickname.input.value.trim(), text: body, contact: contact.input.value.trim() });
      const thanks = h('div', { class: 'notice notice--success', role: 'status', tabindex: '-1' }, h('p', {}, t('offline.sent')));
      container.replaceChildren(thanks);
      thanks.focus();
    } catch (err) {
      formError.textContent = err?.message || t('error.generic');
      formError.hidden = false;
      submit.disabled = false;
    }
  });
  return container;
}
