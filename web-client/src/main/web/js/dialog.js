// Modal dialogs on the native <dialog> element: showModal() makes the rest of the page inert (focus stays
// inside) and Escape closes it. We add: focus the first field, and give focus back to the opener.
import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * openDialog({title, body: Node|Node[], actions: [{label, primary, danger, onClick -> (false keeps open)}]})
 * Returns a promise that resolves with the value passed to close() (undefined on Escape/cancel).
 */
export function openDialog({ title, body, actions = [], onOpen = null }) {
  const opener = document.activeElement;
  const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
  let resolveResult;
  const result = new Promise((resolve) => (resolveResult = resolve));
  const close = (value) => {
    resolveResult(value);
    dialog.close();
  };
  const buttons = actions.map((action) =>
    h('button', {
      type: action.submit ? 'submit' : 'button',
      class: ['btn', action.primary && 'btn--primary', action.danger && 'btn--danger', !action.primary && !action.danger && 'btn--secondary'],
      text: action.label,
      onclick: async (event) => {
        if (action.submit) return; // handled by the form's submit
        event.preventDefault();
        const keepOpen = action.onClick ? (await action.onClick(close)) === false : false;
        if (!keepOpen) close(action.value);
      },
    }),
  );
  const form = h('form', { class: 'dialog__form', method: 'dialog', novalidate: true });
  form.append(
    h('h2', { id: titleId, class: 'dialog__title' }, title),
    h('div', { class: 'dialog__body' }, body),
    h('div', { class: 'dialog__actions' }, buttons),
  );
  const submitAction = actions.find((a) => a.submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!submitAction) return;
    const keepOpen = submitAction.onClick ? (await submitAction.onClick(close)) === false : false;
    if (!keepOpen) close(submitAction.value);
  });
  dialog.append(
    h('button', { type: 'button', class: 'dialog__close', 'aria-label': t('common.close'), onclick: () => close(undefined) }, '×'),
    form,
  );
  dialog.addEventListener('close', () => {
    resolveResult(undefined);
    dialog.remove();
    if (opener && document.contains(opener)) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('.dialog__body input, .dialog__body textarea, .dialog__body select') || buttons[0];
  first?.focus();
  onOpen?.(dialog, close);
  return result;
}

/** Yes/no question; resolves true when confirmed. */
export async function confirmDialog({ title, text, confirmLabel, danger = false }) {
  const answer = await openDialog({
    title,
    body: h('p', {}, text),
    actions: [
      { label: t('common.cancel'), value: false },
      { label: confirmLabel, value: true, primary: !danger, danger },
    ],
  });
  return answer === true;
}
