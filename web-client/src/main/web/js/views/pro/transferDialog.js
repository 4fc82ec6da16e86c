// Hand a chat to an on-duty colleague, or put it back in the queue (it keeps its place), with an internal note.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { openDialog } from '../../dialog.js';
import { errorText } from '../errors.js';

/**
 * @param {object} o
 * @param {string} o.nickname
 * @param {Array} o.colleagues OnDutyProfessional[] (without me)
 * @param {(toProfessionalId: string, note: string) => Promise} o.onSubmit
 * @returns {Promise<boolean>} true when transferred
 */
export async function openTransferDialog({ nickname, colleagues, onSubmit }) {
  const name = 'transfer-target';
  const option = (value, label, detail, checked = false) => {
    const id = `${name}-${value || 'queue'}`;
    return h(
      'div',
      { class: 'choice__option' },
      h('input', { type: 'radio', name, id, value, checked }),
      h('label', { for: id }, label, detail ? h('span', { class: 'muted' }, ` (${detail})`) : null),
    );
  };
  const options = [
    option('', t('pro.transfer.backToQueue'), t('pro.transfer.backToQueueDetail'), true),
    ...colleagues.map((c) =>
      option(c.professionalId, c.displayName, t('pro.transfer.load', { active: c.activeChats || 0, max: c.maxChats || 0 })),
    ),
  ];
  const note = h('textarea', { id: 'transfer-note', rows: '4', maxlength: '2000' });
  const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
  let transferred = false;
  await openDialog({
    title: t('pro.transfer.title', { name: nickname }),
    body: [
      h(
        'fieldset',
        { class: 'field choice' },
        h('legend', { class: 'field__label' }, t('pro.transfer.to')),
        options,
        colleagues.length ? null : h('p', { class: 'field__hint' }, t('pro.transfer.noColleagues')),
      ),
      h('div', { class: 'field' }, h('label', { for: 'transfer-note', class: 'field__label' }, t('pro.transfer.note')), h('p', { class: 'field__hint', id: 'transfer-note-hint' }, t('pro.transfer.noteHint')), note),
      error,
    ],
    onOpen: () => note.setAttribute('aria-describedby', 'transfer-note-hint'),
    actions: [
      { label: t('common.cancel') },
      {
        label: t('pro.transfer.submit'),
        primary: true,
        submit: true,
        onClick: async () => {
          const target = document.querySelector(`input[name="${name}"]:checked`)?.value || '';
          try {
            await onSubmit(target, note.value.trim());
            transferred = true;
            return true;
          } catch (err) {
            error.textContent = errorText(err, 'transfer');
            error.hidden = false;
            return false;
          }
        },
      },
    ],
  });
  return transferred;
}
