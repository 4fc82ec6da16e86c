// What a member's room page adds about the people around the group:
//   * MeetingCard: the next meeting at the top of the room (when, where or "online in this group") with
//     "Ik kom" / "Ik kom niet"; listed again when the room's conversation says the meetings changed.
//   * BreakPart: "Even pauze": no unread count, sound or title badge until a chosen time; and "hide that I am
//     online" (both kept on the server).
//   * PrivateTalkPart: "Privégesprek vragen" (ask the moderators for a private talk); once a moderator picks it
//     up (or opens one), the private conversation with its "only you and the moderator" notice.
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { parseTime, shortDateTime } from '../../format.js';
import { ChatPanel } from '../chat.js';
import { CallPanel } from '../call/callPanel.js';
import { setQuietUntil } from '../../notify.js';
import { errorText } from '../errors.js';

/** replaceChildren without the nulls (the DOM would show them as the text "null"). */
function fill(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

export class MeetingCard {
  #connection;
  #roomId;
  #off = [];
  #meeting = null;

  /** @param {{connection, roomId: string, model: import('../../conversation.js').ConversationModel}} o */
  constructor({ connection, roomId, model }) {
    this.#connection = connection;
    this.#roomId = roomId;
    this.headingId = uniqueId('meeting');
    this.element = h('section', { class: 'meeting-card', 'aria-labelledby': this.headingId, hidden: true });
    this.#off.push(
      connection.on('helloOk', () => this.load()),
      model.on('change', (kind, event) => {
        if (kind === 'event' && event?.type === 'meetingsChanged') this.load();
      }),
    );
    if (connection.helloOk) this.load();
  }

  async load() {
    try {
      const { payload } = await this.#connection.request({ listMeetings: { roomId: this.#roomId } });
      this.#meeting = (payload.meetings || [])[0] || null;
    } catch {
      this.#meeting = null;
    }
    this.#render();
  }

  #render(error = '') {
    const m = this.#meeting;
    this.element.hidden = !m;
    if (!m) {
      fill(this.element);
      return;
    }
    const when = shortDateTime(parseTime(m.startsAt));
    const where = m.online ? t('people.meeting.online') : m.location;
    const answer = m.yourAnswer || 'MEETING_ANSWER_UNSPECIFIED';
    const button = (value, key) => h('button', {
      type: 'button',
      class: ['btn', 'btn--small', answer === value ? 'btn--primary' : 'btn--secondary'],
      'aria-pressed': String(answer === value),
      onclick: () => this.#answer(value),
    }, t(key));
    fill(this.element,
      h('h2', { class: 'h3', id: this.headingId }, t('people.meeting.next')),
      h('p', { class: 'meeting-card__what' }, m.title ? h('strong', { dir: 'auto' }, `${m.title} · `) : null, when,
        ' · ', t('people.meeting.duration', { n: m.durationMinutes })),
      h('p', { dir: 'auto' }, where),
      h('div', { class: 'meeting-card__answer', role: 'group', 'aria-label': t('people.meeting.answerLabel') },
        button('MEETING_COMING', 'people.meeting.coming'), button('MEETING_NOT_COMING', 'people.meeting.notComing')),
      error ? h('p', { class: 'notice notice--error', role: 'alert' }, error) : null,
    );
  }

  async #answer(value) {
    try {
      const { payload } = await this.#connection.request({ answerMeeting: { meetingId: this.#meeting.id, answer: value } });
      this.#meeting = payload;
      this.#render();
      announce(t(value === 'MEETING_COMING' ? 'people.meeting.answeredComing' : 'people.meeting.answeredNotComing'));
    } catch (err) {
      this.#render(errorText(err));
    }
  }

  dispose() {
    for (const off of this.#off) off();
    this.#off = [];
  }
}

export class PrivateTalkPart {
  #session;
  #roomId;
  #talk = null;
  #chat = null;
  #call = null;
  #off = [];

  /** @param {{session: import('../../roomSession.js').RoomSession, roomId: string}} o */
  constructor({ session, roomId }) {
    this.#session = session;
    this.#roomId = roomId;
    this.headingId = uniqueId('talk');
    this.element = h('section', { class: 'private-talk', 'aria-labelledby': this.headingId });
    const connection = session.connection;
    this.#off.push(
      connection.on('helloOk', () => this.load()),
      connection.on('push', (type, payload) => {
        if (type === 'privateTalk' && payload.roomId === this.#roomId) this.#show(payload, true);
      }),
    );
    if (connection.helloOk) this.load();
    else this.#render();
  }

  async load() {
    try {
      const { payload } = await this.#session.connection.request({ listPrivateTalks: { roomId: this.#roomId } });
      const talks = payload.talks || [];
      this.#show(talks.find((x) => x.state === 'TALK_OPEN') || talks[0] || null, false);
    } catch {
      this.#render();
    }
  }

  #show(talk, live) {
    const before = this.#talk;
    this.#talk = talk;
    if (live && talk?.state === 'TALK_OPEN' && before?.state !== 'TALK_OPEN') announce(t('people.talk.openedAnnounce'));
    this.#render();
  }

  #render(error = '') {
    const talk = this.#talk;
    const state = talk?.state || 'NONE';
    if (state !== 'TALK_OPEN' && this.#chat) {
      this.#chat.dispose();
      this.#chat = null;
      this.#call?.dispose();
      this.#call = null;
    }
    const heading = h('h2', { class: 'h3', id: this.headingId }, t('people.talk.title'));
    if (state === 'TALK_OPEN' && talk.conversationId) {
      if (!this.#chat) {
        const chat = new ChatPanel({ hub: this.#session.hub, conversationId: talk.conversationId, audience: 'client', messagesLabel: t('people.talk.messagesLabel') });
        this.#chat = chat;
        // the moderator may invite to video here: pre-join, lobby and call above the messages
        this.#call = new CallPanel({ connection: this.#session.connection, conversationId: talk.conversationId, myParticipantId: () => chat.model.myParticipantId, audience: 'client', hostName: () => this.#talk?.moderatorName || '' });
      }
      fill(this.element,
        heading,
        h('p', { class: 'notice notice--info' }, t('people.talk.private', { name: talk.moderatorName || '' })),
        this.#call.element,
        this.#chat.element,
        h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => this.#end() }, t('people.talk.end')),
      );
      return;
    }
    const ask = h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => this.#ask() }, t('people.talk.ask'));
    fill(this.element,
      heading,
      state === 'TALK_REQUESTED'
        ? h('p', { role: 'status' }, t('people.talk.requested'))
        : h('p', {}, t(state === 'TALK_ENDED' ? 'people.talk.ended' : 'people.talk.intro')),
      state === 'TALK_REQUESTED' ? null : ask,
      error ? h('p', { class: 'notice notice--error', role: 'alert' }, error) : null,
    );
  }

  async #ask() {
    try {
      const { payload } = await this.#session.connection.request({ askPrivateTalk: { roomId: this.#roomId } });
      this.#talk = payload;
      this.#render();
      announce(t('people.talk.requested'));
    } catch (err) {
      this.#render(errorText(err));
    }
  }

  async #end() {
    try {
      await this.#session.connection.request({ endPrivateTalk: { talkId: this.#talk.id } });
      this.#talk = { ...this.#talk, state: 'TALK_ENDED' };
      this.#render();
    } catch (err) {
      this.#render(errorText(err));
    }
  }

  dispose() {
    for (const off of this.#off) off();
    this.#off = [];
    this.#chat?.dispose();
    this.#chat = null;
    this.#call?.dispose();
    this.#call = null;
  }
}

/** Break lengths a member chooses from (the server takes up to 30 days). */
export const BREAK_CHOICES = Object.freeze([
  { key: 'day', days: 1 },
  { key: 'threeDays', days: 3 },
  { key: 'week', days: 7 },
]);

export class BreakPart {
  #connection;
  #roomId;
  #until = null;
  #onlineHidden = false;
  #off = [];

  constructor({ connection, roomId }) {
    this.#connection = connection;
    this.#roomId = roomId;
    this.headingId = uniqueId('break');
    this.element = h('section', { class: 'room-break', 'aria-labelledby': this.headingId });
    this.#off.push(connection.on('helloOk', () => this.load()));
    if (connection.helloOk) this.load();
    else this.#render();
  }

  async load() {
    try {
      const { payload } = await this.#connection.request({ getMyBreak: { roomId: this.#roomId } });
      this.#set(payload.until, payload.onlineHidden);
    } catch {
      this.#render();
    }
  }

  /** MyBreak's fields (proto3 JSON leaves out false and unset ones). */
  #set(until, onlineHidden) {
    this.#onlineHidden = !!onlineHidden;
    this.#until = parseTime(until);
    setQuietUntil(this.#until ? this.#until.getTime() : 0);
    this.#render();
  }

  #render(error = '') {
    const heading = h('h2', { class: 'h3', id: this.headingId }, t('people.break.title'));
    const errorNode = error ? h('p', { class: 'notice notice--error', role: 'alert' }, error) : null;
    const hideId = uniqueId('hide-online');
    const hide = h('input', { type: 'checkbox', id: hideId, name: 'onlineHidden', checked: this.#onlineHidden, onchange: () => this.#hideOnline(hide.checked) });
    const hideOnline = h('div', { class: 'check' }, hide, h('label', { for: hideId }, t('people.online.hide')));
    if (this.#until) {
      fill(this.element, heading, hideOnline,
        h('p', { class: 'notice notice--info' }, t('people.break.on', { when: shortDateTime(this.#until) })),
        h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => this.#take(null) }, t('people.break.stop')),
        errorNode);
      return;
    }
    const id = uniqueId('break-length');
    const select = h('select', { id, name: 'breakLength' }, BREAK_CHOICES.map((c) => h('option', { value: String(c.days) }, t(`people.break.${c.key}`))));
    fill(this.element, heading, hideOnline,
      h('p', {}, t('people.break.intro')),
      h('div', { class: 'field' }, h('label', { for: id, class: 'field__label' }, t('people.break.length')), select),
      h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => this.#take(Number(select.value)) }, t('people.break.take')),
      errorNode);
  }

  async #take(days) {
    const takeBreak = { roomId: this.#roomId };
    if (days) takeBreak.until = new Date(Date.now() + days * 86_400_000).toISOString();
    try {
      const { payload } = await this.#connection.request({ takeBreak });
      this.#set(payload.until, payload.onlineHidden);
      announce(t(payload.until ? 'people.break.taken' : 'people.break.stopped'));
    } catch (err) {
      this.#render(errorText(err));
    }
  }

  async #hideOnline(hidden) {
    try {
      const { payload } = await this.#connection.request({ setOnlineHidden: { roomId: this.#roomId, hidden } });
      this.#set(payload.until, payload.onlineHidden);
      this.element.querySelector('input[name=onlineHidden]')?.focus(); // drawn anew: keep the keyboard's place
      announce(t(payload.onlineHidden ? 'people.online.hidden' : 'people.online.shown'));
    } catch (err) {
      this.#render(errorText(err));
    }
  }

  dispose() {
    for (const off of this.#off) off();
    this.#off = [];
    setQuietUntil(0);
  }
}
