// A private talk with a group member in the professional's workspace, next to the office-hour chats: the member's
// nickname and the group, video as in a chat, the messages, and "Gesprek beëindigen" (EndPrivateTalk). Same shape
// as ChatColumn (element, chat, nickname, supervising, update, render, dispose), so the workspace treats both alike.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { ChatPanel } from '../chat.js';
import { CallPanel } from '../call/callPanel.js';
import { errorText } from '../errors.js';

export class TalkColumn {
  #session;
  #talk;
  #roomName;
  #off = [];

  /**
   * @param {object} o
   * @param {import('../../proSession.js').ProSession} o.session
   * @param {object} o.talk the PrivateTalk (TALK_OPEN, mine)
   * @param {string} o.roomName the group's name
   * @param {(event) => void} o.onNewMessage
   */
  constructor({ session, talk, roomName, onNewMessage }) {
    this.#session = session;
    this.#talk = talk;
    this.#roomName = roomName;
    this.conversationId = talk.conversationId;
    this.talkId = talk.id;
    this.notes = null;
    this.chat = new ChatPanel({ hub: session.hub, conversationId: talk.conversationId, audience: 'pro' });
    this.chat.onNewMessage = onNewMessage;
    this.titleId = `chat-title-${talk.conversationId}`;
    this.title = h('h2', { id: this.titleId, dir: 'auto' });
    this.subtitle = h('p', { class: 'muted' });
    // Video is set up when the moderator starts it here: the group's "Privé en zorgen" page may hold a call in the
    // same conversation, and two call panels of one tab would both follow it.
    this.call = null;
    this.callSlot = h('div', {});
    this.error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    this.actions = h('div', { class: 'chat-panel__actions' });
    this.element = h(
      'section',
      { class: 'card chat-panel chat-panel--talk', 'aria-labelledby': this.titleId, 'data-talk': talk.id },
      h('div', { class: 'chat-panel__head' }, h('div', {}, this.title, this.subtitle), this.actions),
      this.error,
      this.callSlot,
      this.chat.element,
    );
    this.#off.push(this.chat.model.on('change', () => {
      if (this.chat.model.ended) this.call?.controller.conversationEnded(false);
    }));
    this.render();
  }

  get supervising() {
    return false;
  }

  get nickname() {
    return this.#talk.nickname || t('chat.someone');
  }

  update(talk) {
    this.#talk = { ...this.#talk, ...talk };
    this.render();
  }

  render() {
    this.title.textContent = t('pro.talk.title', { name: this.nickname });
    this.chat.setMessagesLabel(t('pro.talk.messagesLabel', { name: this.nickname }));
    this.subtitle.textContent = t('pro.talk.subtitle', { room: this.#roomName || '' });
    this.#renderActions();
  }

  #renderActions() {
    const inCall = !!this.call?.busy;
    const shown = inCall ? 'end' : 'video end';
    if (this.actions.dataset.shown === shown) return;
    this.actions.dataset.shown = shown;
    const id = this.conversationId;
    const buttons = [];
    if (!inCall) {
      buttons.push(h('button', { type: 'button', class: 'btn btn--primary btn--small', 'data-key': `video-${id}`, onclick: () => this.#startVideo() }, t('call.startButton')));
    }
    buttons.push(h('button', { type: 'button', class: 'btn btn--danger btn--small', 'data-key': `end-${id}`, onclick: () => this.#end() }, t('people.talks.end'), h('span', { class: 'visually-hidden' }, ` ${this.nickname}`)));
    const focusedKey = this.actions.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    this.actions.replaceChildren(...buttons);
    if (focusedKey) this.actions.querySelector(`[data-key="${focusedKey}"]`)?.focus();
  }

  #startVideo() {
    if (!this.call) {
      const chatModel = this.chat.model;
      this.call = new CallPanel({
        connection: this.#session.connection,
        conversationId: this.conversationId,
        myParticipantId: () => chatModel.myParticipantId,
        audience: 'pro',
      });
      this.call.onChange = () => this.#renderActions();
      this.callSlot.append(this.call.element);
    }
    this.call.prepareStart();
  }

  /** The workspace removes the column when the PrivateTalk push says it ended. */
  async #end() {
    try {
      await this.#session.connection.request({ endPrivateTalk: { talkId: this.talkId } });
      this.error.hidden = true;
    } catch (err) {
      this.error.textContent = errorText(err);
      this.error.hidden = false;
    }
  }

  dispose() {
    for (const off of this.#off) off();
    this.call?.dispose();
    this.chat.dispose();
  }
}
