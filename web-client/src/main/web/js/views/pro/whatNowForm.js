// The organisation's "what now" text (org-admins, on the management page): where a client can go after the chat
// or outside opening hours. Clients see it with the office hour's status (OfficeHourStatus.whatNow) next to the
// national numbers. GetWhatNow / SaveWhatNow.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { errorText } from '../errors.js';

export function whatNowForm({ session }) {
  const text = h('textarea', { name: 'whatNowText', rows: '4', dir: 'auto', maxlength: '1000' });
  const phone = h('input', { type: 'tel', name: 'whatNowPhone', autocomplete: 'off', maxlength: '30' });
  const website = h('input', { type: 'url', name: 'whatNowWebsite', autocomplete: 'off', maxlength: '200', placeholder: 'https://' });
  const textField = field({ label: t('pro.whatNow.text'), input: text, hint: t('pro.whatNow.textHint'), optional: t('common.optional') });
  const phoneField = field({ label: t('pro.whatNow.phone'), input: phone, optional: t('common.optional') });
  const websiteField = field({ label: t('pro.whatNow.website'), input: website, hint: t('pro.whatNow.websiteHint'), optional: t('common.optional') });
  const status = h('p', { role: 'status', class: 'muted' });
  const form = h(
    'form',
    { class: 'what-now-form', novalidate: true, 'aria-labelledby': 'what-now-title' },
    h('h2', { id: 'what-now-title' }, t('pro.whatNow.title')),
    h('p', {}, t('pro.whatNow.intro')),
    textField.wrapper,
    phoneField.wrapper,
    websiteField.wrapper,
    status,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn--primary' }, t('pro.whatNow.save'))),
  );
  session.connection.request({ getWhatNow: {} }).then(
    ({ payload }) => {
      text.value = payload.text || '';
      phone.value = payload.phone || '';
      website.value = payload.website || '';
    },
    (err) => (status.textContent = errorText(err)),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const wanted = { text: text.value.trim(), phone: phone.value.trim(), website: website.value.trim() };
    phoneField.setError(wanted.phone && !/^[0-9+()\- ]{3,30}$/.test(wanted.phone) ? t('pro.whatNow.phoneInvalid') : '');
    websiteField.setError(wanted.website && !/^https:\/\/[^\s/]+/.test(wanted.website) ? t('pro.whatNow.websiteInvalid') : '');
    const invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
      return;
    }
    try {
      await session.connection.request({ saveWhatNow: { whatNow: wanted } });
      status.textContent = t('pro.whatNow.saved');
      announce(status.textContent);
    } catch (err) {
      status.textContent = err?.code === 'INVALID_ARGUMENT' ? t('pro.whatNow.invalid') : errorText(err);
    }
  });
  return form;
}
