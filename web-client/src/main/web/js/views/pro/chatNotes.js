// Private notes on a chat, for the professionals in it and whoever holds it next (transfer, supervision).
// Never shown to the client: they are kept apart from the conversation (AddChatNote / ListChatNotes / ChatNotes).
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { clockTime, parseTime } from '../../format.js';
import { errorText } from '../errors.js';

export class ChatNotesPanel {
  #connection;
  #conversationId;
  #shown = '';

  constructor({ connection, conversationId, notes = [] }) {
    this.#connection = connection;
    this.#conversationId = conversationId;
    const inputId = uniqueId('note');
    const headingId = uniqueId('notes-title');
    this.list = h('ul', { class: 'chat-notes__list' });
    this.input = h('textarea', { id: inputId, rows: '2', dir: 'auto', class: 'chat-notes__input', 'aria-describedby': `${inputId}-hint` });
    this.error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    this.saveButton = h('button', { type: 'submit', class: 'btn btn--small btn--secondary' }, t('pro.notes.save'));
    const form = h(
      'form',
      { class: 'chat-notes__form', novalidate: true },
      h('label', { for: inputId }, t('pro.notes.label')),
      h('p', { class: 'muted', id: `${inputId}-hint` }, t('pro.notes.hint')),
      this.input,
      this.error,
      h('div', { class: 'actions' }, this.saveButton),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#add();
    });
    this.element = h(
      'details',
      { class: 'chat-notes', 'data-notes': conversationId },
      (this.summary = h('summary', { id: headingId })),
      this.list,
      form,
    );
    this.setNotes(notes);
  }

  /** The full list from ChatAssigned, a ListChatNotes answer or a ChatNotes push (same list, oldest first). */
  setNotes(notes = []) {
    const key = JSON.stringify(notes.map((n) => [n.authorName, n.text, n.createdAt]));
    if (key === this.#shown) return;
    const added = this.#shown && notes.length > JSON.parse(this.#shown).length;
    this.#shown = key;
    if (notes.length) this.element.open = true; // notes left by a colleague are read first; never closed for you
    this.summary.textContent = t('pro.notes.title', { n: notes.length });
    this.list.replaceChildren(
      ...(notes.length
        ? notes.map((note) => {
            const at = parseTime(note.createdAt);
            return h('li', {}, h('span', { class: 'muted' }, `${note.authorName || ''}${at ? ` · ${clockTime(at)}` : ''}`), h('p', { dir: 'auto' }, note.text));
          })
        : [h('li', { class: 'muted' }, t('pro.notes.none'))]),
    );
    if (added) announce(t('pro.notes.announceNew'));
  }

  async load() {
    try {
      const { payload } = await this.#connection.request({ listChatNotes: { conversationId: this.#conversationId } });
      this.setNotes(payload.notes || []);
    } catch {
      // the notes from the assignment stay; the next push or reload brings the rest
    }
  }

  async #add() {
    const text = this.input.value.trim();
    if (!text) {
      this.#showError(t('pro.notes.empty'));
      return;
    }
    this.saveButton.disabled = true;
    try {
      const { payload } = await this.#connection.request({ addChatNote: { conversationId: this.#conversationId, text } });
      this.#shown = '';
      this.setNotes(payload.notes || []);
      this.input.value = '';
      this.#showError('');
      announce(t('pro.notes.saved'));
    } catch (err) {
      this.#showError(err?.code === 'TOO_LARGE' ? t('pro.notes.tooLong') : errorText(err));
    } finally {
      this.saveButton.disabled = false;
      this.input.focus();
    }
  }

  #showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
  }
}
