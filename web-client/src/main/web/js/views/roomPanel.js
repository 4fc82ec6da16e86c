// One group room on screen, for members and moderators alike: whether the room is open, paused or closed, the
// pinned messages, who takes part (and who is online), and the conversation with replies, edits, reactions and
// pins (ChatPanel with RoomMessageTools). The member's page and the moderator's room page put it in their frame.
import { h } from '../dom.js';
import { t, tn } from '../i18n.js';
import { excerpt, ChatPanel } from './chat.js';
import { RoomMessageTools } from './roomMessages.js';

export class RoomPanel {
  #hub;
  #moderator;
  #off = [];
  #shownState = '';

  /**
   * @param {object} o
   * @param {import('../conversation.js').ConversationHub} o.hub
   * @param {string} o.conversationId
   * @param {boolean} o.moderator whether I moderate this room
   * @param {string} [o.initialState] the room's state from GetRoom (events after it win)
   */
  constructor({ hub, conversationId, moderator, initialState = '' }) {
    this.#hub = hub;
    this.#moderator = moderator;
    this.actionError = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const tools = new RoomMessageTools({
      hub,
      conversationId,
      canModerate: () => this.#moderator,
      onReply: (seq) => this.chat.setReply(seq),
      onError: (message) => {
        this.actionError.textContent = message;
        this.actionError.hidden = !message;
      },
    });
    this.chat = new ChatPanel({ hub, conversationId, audience: moderator ? 'pro' : 'client', room: tools, messagesLabel: t('room.messagesLabel') });
    this.model = this.chat.model;
    if (initialState) this.model.setRoomState(initialState);
    this.stateNotice = h('p', { class: 'notice notice--info room__state', role: 'status' });
    this.pinned = h('section', { class: 'room__pinned', 'aria-label': t('room.pinned.title'), hidden: true });
    this.peopleSummary = h('summary', {});
    this.peopleList = h('ul', { class: 'room__people-list' });
    this.people = h('details', { class: 'room__people' }, this.peopleSummary, this.peopleList);
    this.element = h('div', { class: 'room' }, this.stateNotice, this.people, this.pinned, this.actionError, this.chat.element);
    this.#off.push(this.model.on('change', (kind) => this.#render(kind)));
    this.#render('init');
  }

  /** GetRoom's answer (or a SaveRoom/SetRoomState of mine): the room's state as of now. */
  setState(state) {
    this.model.setRoomState(state);
  }

  setActive(active) {
    this.chat.setActive(active);
  }

  dispose() {
    for (const off of this.#off) off();
    this.chat.dispose();
  }

  #render(kind) {
    const model = this.model;
    const state = model.roomState;
    if (state !== this.#shownState) {
      this.#shownState = state;
      const who = this.#moderator ? 'moderator' : 'member';
      const notice = state === 'ROOM_OPEN' ? '' : t(`room.state.${state}.${who}`);
      this.stateNotice.textContent = notice;
      this.stateNotice.hidden = !notice;
      const readOnly = state === 'ROOM_CLOSED' || (state === 'ROOM_PAUSED' && !this.#moderator);
      this.chat.setReadOnly(readOnly, readOnly ? notice : '');
    }
    if (kind === 'typing' || kind === 'pending' || kind === 'ack') return;
    this.#renderPeople();
    this.#renderPinned();
  }

  #renderPeople() {
    const active = [...this.model.participants.values()].filter((p) => !p.left && (p.role === 'MEMBER' || p.role === 'MODERATOR'));
    const online = active.filter((p) => p.present).length;
    this.peopleSummary.textContent = t('room.people.summary', { n: active.length, online });
    const sorted = active.sort((a, b) => (a.role === b.role ? (a.displayName || '').localeCompare(b.displayName || '') : a.role === 'MODERATOR' ? -1 : 1));
    this.peopleList.replaceChildren(
      ...sorted.map((p) =>
        h(
          'li',
          { class: ['person', p.present && 'person--online'] },
          h('span', { class: 'person__dot', 'aria-hidden': 'true' }),
          h('span', { class: 'person__name' }, p.participantId === this.model.myParticipantId ? t('room.people.you', { name: p.displayName || '' }) : p.displayName || t('chat.someone')),
          p.role === 'MODERATOR' ? h('span', { class: 'person__role' }, ` · ${t('room.moderator')}`) : null,
          h('span', { class: 'person__presence' }, ` · ${p.present ? t('room.people.online') : t('room.people.offline')}`),
        ),
      ),
    );
  }

  #renderPinned() {
    const pinned = this.model.pinnedMessages();
    this.pinned.hidden = pinned.length === 0;
    if (!pinned.length) {
      this.pinned.replaceChildren();
      return;
    }
    this.pinned.replaceChildren(
      h('h2', { class: 'h3' }, tn('room.pinned.heading', pinned.length)),
      h(
        'ul',
        {},
        pinned.map((event) => {
          const view = this.model.messageView(event);
          return h('li', {}, h('strong', {}, `${event.senderName || t('chat.someone')}: `), excerpt(view.text, 140));
        }),
      ),
    );
  }
}
