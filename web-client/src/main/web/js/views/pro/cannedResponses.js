// Canned responses ("standaardantwoorden") for the professional: the set (the organisation's shared ones and
// the professional's own, loaded once per visit), the composer tools ("/code" + Enter, and a picker), and the
// page where they are managed (/pro/responses: own ones by everyone, shared ones by org-admins).
import { h, field, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { Emitter } from '../../emitter.js';
import { openDialog, confirmDialog } from '../../dialog.js';
import { expandShortCode, filterResponses } from '../../canned.js';
import { errorText } from '../errors.js';

/** The responses this professional can use, kept fresh for every composer. */
export class CannedSet extends Emitter {
  #connection;
  responses = [];

  constructor(connection) {
    super();
    this.#connection = connection;
  }

  async load() {
    const { payload } = await this.#connection.request({ listCannedResponses: {} });
    this.responses = payload.responses || [];
    this.emit('change');
    return this.responses;
  }
}

/** Gives a chat's composer the canned responses: "/code" + Enter, and a button that opens the picker. */
export function attachCannedResponses(chat, canned) {
  chat.beforeSend = (textarea) => {
    const expanded = expandShortCode(textarea.value, textarea.selectionStart ?? textarea.value.length, canned.responses);
    if (!expanded) return false;
    textarea.value = expanded.value;
    textarea.setSelectionRange(expanded.cursor, expanded.cursor);
    textarea.dispatchEvent(new Event('input'));
    announce(t('pro.canned.inserted', { title: expanded.response.title }));
    return true;
  };
  // After the dialog's own close (which gives focus back to the button), so the cursor ends in the composer.
  const insert = (response) => response && setTimeout(() => chat.insertText(response.text), 0);
  const hintId = uniqueId('canned-hint');
  const button = h(
    'button',
    { type: 'button', class: 'btn btn--small btn--secondary', 'aria-describedby': hintId, onclick: () => pickCannedResponse(canned).then(insert) },
    t('pro.canned.pick'),
  );
  chat.addComposerTools(button, h('span', { class: 'muted chat__tools-hint', id: hintId }, t('pro.canned.hint')));
}

/** The picker: a filter and the responses as buttons; resolves with the chosen one (undefined when closed). */
export async function pickCannedResponse(canned) {
  if (!canned.responses.length) {
    try {
      await canned.load();
    } catch {
      // shown as an empty list with the reason below
    }
  }
  const filter = h('input', { type: 'search', autocomplete: 'off' });
  const list = h('ul', { class: 'canned-list' });
  let chosen;
  let closeDialog = null;
  const render = () => {
    const shown = filterResponses(canned.responses, filter.value);
    list.replaceChildren(
      ...(shown.length
        ? shown.map((r) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', class: 'canned-list__item', 'data-code': r.code, onclick: () => ((chosen = r), closeDialog?.('chosen')) },
                h('span', { class: 'canned-list__title' }, r.title),
                h('span', { class: 'muted' }, ` /${r.code} · ${t(r.shared ? 'pro.canned.shared' : 'pro.canned.own')}`),
                h('span', { class: 'canned-list__text', dir: 'auto' }, r.text),
              ),
            ),
          )
        : [h('li', { class: 'muted' }, t(canned.responses.length ? 'pro.canned.noMatch' : 'pro.canned.none'))]),
    );
  };
  filter.addEventListener('input', render);
  render();
  const { wrapper } = field({ label: t('pro.canned.filter'), input: filter });
  const answer = await openDialog({
    title: t('pro.canned.pickTitle'),
    body: [wrapper, list, h('p', {}, h('a', { href: '/pro/responses', 'data-link': '', onclick: () => closeDialog?.() }, t('pro.canned.manage')))],
    actions: [{ label: t('common.cancel'), value: undefined }],
    onOpen: (dialog, close) => (closeDialog = close),
  });
  return answer === 'chosen' ? chosen : undefined;
}

/** /pro/responses: the own responses, and the shared ones (editable by org-admins). */
export class CannedResponsesView {
  #session;
  #canned;

  constructor({ session, canned }) {
    this.#session = session;
    this.#canned = canned;
    this.status = h('p', { class: 'muted', role: 'status' });
    this.own = h('div');
    this.shared = h('div');
    this.formArea = h('div');
    this.element = h(
      'section',
      { class: 'card' },
      h('h1', {}, t('pro.canned.title')),
      h('p', {}, t('pro.canned.intro')),
      this.status,
      h('h2', {}, t('pro.canned.ownTitle')),
      this.own,
      h('h2', {}, t('pro.canned.sharedTitle')),
      this.shared,
      this.formArea,
    );
    this.#off = canned.on('change', () => this.#render());
  }

  #off;

  mount() {
    this.status.textContent = t('common.loading');
    this.#canned.load().then(
      () => (this.status.textContent = ''),
      (err) => (this.status.textContent = errorText(err)),
    );
    this.#showForm(null);
  }

  dispose() {
    this.#off?.();
  }

  get #isAdmin() {
    return this.#session.isOrgAdmin;
  }

  #render() {
    const responses = this.#canned.responses;
    const item = (r) => {
      const editable = !r.shared || this.#isAdmin;
      return h(
        'li',
        { 'data-code': r.code },
        h('h3', { class: 'h3' }, r.title, h('span', { class: 'muted' }, ` /${r.code}`)),
        h('p', { class: 'canned-list__text', dir: 'auto' }, r.text),
        editable
          ? h(
              'div',
              { class: 'actions' },
              h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'aria-label': t('pro.canned.editNamed', { title: r.title }), onclick: () => this.#showForm(r, true) }, t('pro.canned.edit')),
              h('button', { type: 'button', class: 'btn btn--small btn--danger', 'aria-label': t('pro.canned.deleteNamed', { title: r.title }), onclick: () => this.#delete(r) }, t('pro.canned.delete')),
            )
          : null,
      );
    };
    const list = (items, empty) => (items.length ? h('ul', { class: 'canned-manage' }, items.map(item)) : h('p', { class: 'muted' }, empty));
    this.own.replaceChildren(list(responses.filter((r) => !r.shared), t('pro.canned.noneOwn')));
    this.shared.replaceChildren(list(responses.filter((r) => r.shared), t('pro.canned.noneShared')));
  }

  #showForm(existing, focus = false) {
    const code = h('input', { type: 'text', value: existing?.code || '', autocomplete: 'off', required: true, maxlength: '30', pattern: '[a-z0-9-]+', spellcheck: 'false' });
    const title = h('input', { type: 'text', value: existing?.title || '', autocomplete: 'off', required: true, maxlength: '80' });
    const text = h('textarea', { rows: '4', required: true, maxlength: '2000', dir: 'auto' });
    text.value = existing?.text || '';
    const codeField = field({ label: t('pro.canned.code'), input: code, hint: t('pro.canned.codeHint') });
    const titleField = field({ label: t('pro.canned.titleLabel'), input: title });
    const textField = field({ label: t('pro.canned.text'), input: text });
    const sharedBox = h('input', { type: 'checkbox', id: uniqueId('canned-shared'), checked: !!existing?.shared, disabled: !!existing });
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const parts = [codeField.wrapper, titleField.wrapper, textField.wrapper];
    if (this.#isAdmin) parts.push(h('div', { class: 'check' }, sharedBox, h('label', { for: sharedBox.id }, t('pro.canned.sharedLabel'))));
    const heading = h('h2', { tabindex: '-1' }, existing ? t('pro.canned.editTitle', { title: existing.title }) : t('pro.canned.newTitle'));
    const form = h(
      'form',
      { class: 'canned-form', novalidate: true },
      heading,
      parts,
      error,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn--primary' }, t('common.save')),
        existing ? h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => this.#showForm(null, true) }, t('common.cancel')) : null,
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      const wanted = {
        id: existing?.id || '',
        code: code.value.trim().toLowerCase(),
        title: title.value.trim(),
        text: text.value.trim(),
        shared: existing ? !!existing.shared : this.#isAdmin && sharedBox.checked,
      };
      codeField.setError(/^[a-z0-9-]{1,30}$/.test(wanted.code) ? '' : t('pro.canned.codeInvalid'));
      titleField.setError(wanted.title ? '' : t('pro.canned.required'));
      textField.setError(wanted.text ? '' : t('pro.canned.required'));
      const invalid = form.querySelector('[aria-invalid="true"]');
      if (invalid) {
        invalid.focus();
        return;
      }
      try {
        await this.#session.connection.request({ saveCannedResponse: { response: wanted } });
        announce(t('pro.canned.saved', { title: wanted.title }));
        await this.#canned.load();
        this.#showForm(null, true);
      } catch (err) {
        error.textContent = err?.code === 'CONFLICT' ? t('pro.canned.codeTaken', { code: wanted.code }) : errorText(err);
        error.hidden = false;
        error.focus?.();
      }
    });
    this.formArea.replaceChildren(form);
    if (focus) (existing ? code : heading).focus();
  }

  async #delete(response) {
    const ok = await confirmDialog({
      title: t('pro.canned.deleteTitle'),
      text: t('pro.canned.deleteText', { title: response.title }),
      confirmLabel: t('pro.canned.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await this.#session.connection.request({ deleteCannedResponse: { id: response.id } });
      announce(t('pro.canned.deleted', { title: response.title }));
      await this.#canned.load();
      this.element.querySelector('h1')?.focus();
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }
}
