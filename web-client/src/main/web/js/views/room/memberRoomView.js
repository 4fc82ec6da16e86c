// /g/<code>: the invite link of a group room, and the member's room behind it.
//   * This device already has a credential for the room (joined before with this link): the room opens at once.
//   * Otherwise the invite page: what the group is, a nickname (the server's rules, in words), "Meedoen".
//     A link that cannot be used (unknown, expired, revoked, used up, group full or closed) says so plainly.
//   * The room: the conversation (RoomPanel), leave the group; removal, deletion and a credential that no longer
//     works are said plainly, and the credential is then forgotten on this device.
// /g: the groups this device is a member of (to come back without the link).
import { h, focusHeading, field, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { invitePreview, inviteSafety } from '../../api.js';
import { confirmDialog } from '../../dialog.js';
import { onQuickExit } from '../../quickexit.js';
import { DISPOSED } from '../../sessionSocket.js';
import { RoomSession, deviceMemberships } from '../../roomSession.js';
import { Connection } from '../../connection.js';
import { webSocketUrl } from '../../config.js';
import { ConnectionStatus } from '../connectionStatus.js';
import { RoomPanel } from '../roomPanel.js';
import { CallPanel } from '../call/callPanel.js';
import { errorText } from '../errors.js';

/**
 * The safety parts (help, house rules, moderation hours: memberSafety.js) load with the page that needs them, not
 * with every start page (StaticAssetsHttpTest bounds what the start page loads).
 */
const loadSafety = () => import('./memberSafety.js');

/** The server's nickname refusals (docs/protocol.md, "Joining") → our words. */
const NICKNAME_RULES = new Map([
  ['nickname must be 1..40 characters', 'room.join.nickname.length'],
  ['nickname contains characters that are not allowed', 'room.join.nickname.characters'],
  ['nickname is reserved', 'room.join.nickname.reserved'],
]);

/** Why an invite cannot be used (HTTP error codes of GET /api/public/invites and POST /api/rooms/join). */
const INVITE_REFUSALS = new Set(['NOT_FOUND', 'INVITE_EXPIRED', 'INVITE_REVOKED', 'INVITE_USED_UP', 'LIMIT_REACHED', 'CLOSED']);

export class MemberRoomView {
  #code;
  #session = null;
  #panel = null;
  #call = null;
  #connectionStatus = null;
  #off = [];
  #root = null;
  #left = false;
  #removedSeen = false;
  #safety = null;
  #help;
  #parts = null;
  #disposed = false;
  #people = [];

  constructor({ code }) {
    this.#code = code;
    this.content = h('div', { class: 'member-room' });
    this.#help = h('div', { class: 'room-help-slot' });
    this.element = h('div', { class: 'client' }, this.content, this.#help);
    this.#off.push(onQuickExit(() => this.dispose()));
  }

  async mount(root) {
    this.#root = root;
    root.append(this.element);
    this.content.replaceChildren(h('p', { class: 'loading' }, t('common.loading')));
    this.#parts = await loadSafety();
    if (this.#disposed) return;
    const help = this.#parts.helpSection();
    this.#help.replaceWith(help);
    this.#help = help;
    const membership = RoomSession.forCode(this.#code);
    if (membership) {
      this.#openRoom(membership);
      return;
    }
    this.content.replaceChildren(h('p', { class: 'loading' }, t('common.loading')));
    let preview;
    const safety = inviteSafety(this.#code).catch(() => null);
    try {
      preview = await invitePreview(this.#code);
    } catch (err) {
      this.#showRefusal(err);
      return;
    }
    const rules = await safety;
    if (rules?.help) this.#parts.updateHelp(this.#help, rules.help);
    this.#showInvite(preview, rules);
  }

  dispose() {
    this.#disposed = true;
    for (const off of this.#off) off();
    this.#off = [];
    this.#call?.dispose();
    this.#call = null;
    this.#disposePeople();
    this.#panel?.dispose();
    this.#connectionStatus?.dispose();
    this.#session?.dispose();
  }

  #disposePeople() {
    for (const part of this.#people) part.dispose();
    this.#people = [];
  }

  // --- before joining ---

  #showRefusal(err) {
    const code = INVITE_REFUSALS.has(err?.code) ? err.code : null;
    this.content.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h1', {}, code ? t('room.invite.refused.title') : t('room.invite.loadFailed.title')),
        h('p', {}, code ? t(`room.invite.refused.${code}`) : errorText(err)),
        h('p', {}, code ? t('room.invite.refused.next') : t('room.invite.loadFailed.text')),
      ),
    );
    focusHeading(this.content);
  }

  #showInvite(preview, safety) {
    const input = h('input', { type: 'text', name: 'nickname', autocomplete: 'off', spellcheck: 'false', maxlength: '60', required: true });
    const nickname = field({ label: t('room.join.nickname.label'), input, hint: t('room.join.nickname.hint') });
    const formError = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, t('room.join.submit'));
    // The house rules: accepted by joining (the server refuses messages until they are accepted).
    const accept = this.#parts.rulesAcceptance('accept-rules', t('room.rules.acceptRequired'));
    const rules = h(
      'section',
      { class: 'join-rules', 'aria-labelledby': 'join-rules-title' },
      h('h2', { class: 'h3', id: 'join-rules-title' }, t('room.rules.title')),
      this.#parts.houseRulesText(safety?.houseRules || t('room.rules.unavailable')),
      safety?.moderationHours?.length ? h('p', {}, t('room.safety.hours', { hours: this.#parts.hoursText(safety.moderationHours) })) : null,
      accept.error,
      accept.check,
    );
    const form = h(
      'form',
      { class: 'form', novalidate: true, 'aria-labelledby': 'join-room-title' },
      h('h2', { id: 'join-room-title' }, t('room.join.title')),
      nickname.wrapper,
      rules,
      formError,
      h('p', { class: 'muted' }, t('room.join.privacy')),
      submit,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formError.hidden = true;
      const value = input.value.trim();
      if (!value) {
        nickname.setError(t('room.join.nickname.empty'));
        input.focus();
        return;
      }
      nickname.setError('');
      if (!accept.confirmed()) return;
      submit.disabled = true;
      const session = new RoomSession(null);
      try {
        const membership = await session.join(this.#code, value, { acceptHouseRules: true });
        session.dispose();
        this.#openRoom(membership, true);
      } catch (err) {
        submit.disabled = false;
        if (err?.code === 'INVALID_ARGUMENT') {
          nickname.setError(t(NICKNAME_RULES.get(err.serverMessage) || 'room.join.nickname.invalid'));
          input.focus();
        } else if (INVITE_REFUSALS.has(err?.code)) {
          this.#showRefusal(err);
        } else {
          formError.textContent = errorText(err);
          formError.hidden = false;
        }
      }
    });
    this.content.replaceChildren(
      h(
        'section',
        { class: 'card invite' },
        h('p', { class: 'status__org' }, t('room.invite.kicker')),
        h('h1', {}, preview.roomName || t('room.title')),
        preview.description ? h('p', { class: 'invite__description', dir: 'auto' }, preview.description) : null,
        h('h2', { class: 'h3' }, t('room.invite.what.title')),
        h('p', {}, t('room.invite.what.text')),
        form,
      ),
    );
  }

  // --- the room ---

  #openRoom(membership, justJoined = false) {
    this.#session?.dispose();
    const session = new RoomSession(membership);
    this.#session = session;
    session.connect().catch(() => {}); // an invalid credential arrives as 'ended' below
    const connection = session.connection;
    this.#connectionStatus = new ConnectionStatus(connection);
    const room = membership.room;
    const title = h('h1', { class: 'room__title' }, room.name || t('room.title'));
    const leave = h('button', { type: 'button', class: 'btn btn--secondary btn--small', onclick: () => this.#leave() }, t('room.leave.button'));
    this.#panel = new RoomPanel({ hub: session.hub, conversationId: room.conversationId, moderator: false });
    // The group's online meeting: members join and leave it freely (no lobby).
    const panel = this.#panel;
    this.#call?.dispose();
    this.#call = new CallPanel({ connection, conversationId: room.conversationId, myParticipantId: () => panel.model.myParticipantId, audience: 'client' });
    this.#safety = new this.#parts.MemberSafetyBar({ connection, roomId: room.id, onAccepted: () => this.#applyWriteGate() });
    this.#disposePeople();
    // loaded on demand (not on every start page)
    const meetingSlot = h('div', { class: 'meeting-slot' });
    const talkSlot = h('div', { class: 'card', hidden: true });
    import('./memberPeople.js').then(({ MeetingCard, PrivateTalkPart, BreakPart }) => {
      if (this.#session !== session) return; // gone meanwhile
      const meeting = new MeetingCard({ connection, roomId: room.id, model: panel.model });
      const talk = new PrivateTalkPart({ session, roomId: room.id });
      const pause = new BreakPart({ connection, roomId: room.id });
      this.#people = [meeting, talk, pause];
      meetingSlot.append(meeting.element);
      talkSlot.append(talk.element, pause.element);
      talkSlot.hidden = false;
    }).catch(() => {});
    this.content.replaceChildren(
      this.#connectionStatus.element,
      h(
        'section',
        { class: 'card room-card', 'aria-labelledby': 'room-heading' },
        h('div', { class: 'room__head' }, h('div', {}, title), leave),
        meetingSlot,
        room.description ? h('details', { class: 'room__about' }, h('summary', {}, t('room.about')), h('p', { dir: 'auto' }, room.description)) : null,
        this.#safety.element,
        this.#call.element,
        this.#panel.element,
      ),
      talkSlot,
    );
    title.id = 'room-heading';
    this.#off.push(
      connection.on('helloOk', () => this.#refreshRoom()),
      connection.on('sessionEnding', (ending) => {
        if (ending.reason === 'left room') this.#left = true;
      }),
      connection.on('ended', (reason) => this.#onEnded(reason)),
      this.#panel.model.on('change', (kind, event) => {
        if (kind !== 'event' || !event) return;
        const mine = this.#panel.model.myParticipantId;
        if (event.type === 'left' && event.left.participantId === mine && event.seq > this.#panel.model.memberSinceSeq) {
          // My membership ended (the server closes my sockets too): say so now rather than after the close.
          this.#removedSeen = event.left.leaveReason === 'REMOVED_BY_MODERATOR';
          this.#showGone(this.#removedSeen ? 'removed' : 'left');
          return;
        }
        if (event.type === 'ended') this.#showGone('deleted');
      }),
    );
    if (justJoined) focusHeading(this.content);
  }

  /** The room's name, description and state, fresh after every (re)connect. */
  async #refreshRoom() {
    const session = this.#session;
    const roomId = session?.membership?.room?.id;
    if (!roomId) return;
    try {
      const { payload } = await session.connection.request({ getRoom: { roomId } });
      this.#panel?.setState(payload.state);
      const heading = this.content.querySelector('#room-heading');
      if (heading && payload.name) heading.textContent = payload.name;
    } catch {
      // the room view works without; the next reconnect asks again
    }
    await this.#refreshSafety();
  }

  /** Moderation hours, house rules (and whether I accepted them), help; my messages that wait for review. */
  async #refreshSafety() {
    const session = this.#session;
    const roomId = session?.membership?.room?.id;
    if (!roomId || !this.#safety) return;
    try {
      const safety = await this.#safety.refresh();
      if (safety.help) this.#parts.updateHelp(this.#help, safety.help);
      this.#applyWriteGate();
      const { payload } = await session.connection.request({ listHeldMessages: { roomId } });
      for (const held of payload.messages || []) this.#panel?.model.addHeld(held);
    } catch {
      // shown again after the next reconnect
    }
  }

  /**
   * Until the house rules are accepted, in quiet hours and in a read-only group without a moderator, the message box
   * is read-only (the server refuses too); the reason is shown under it.
   */
  #applyWriteGate() {
    const chat = this.#panel?.chat;
    if (!chat || !this.#safety) return;
    const state = this.#panel.model.roomState;
    const stateReadOnly = state === 'ROOM_CLOSED' || state === 'ROOM_PAUSED';
    if (!this.#safety.accepted) chat.setReadOnly(true, t('room.rules.gateNote'));
    else if (this.#safety.writeBlock) chat.setReadOnly(true, this.#safety.writeBlock);
    else if (!stateReadOnly) chat.setReadOnly(false);
  }

  async #leave() {
    const ok = await confirmDialog({ title: t('room.leave.title'), text: t('room.leave.text'), confirmLabel: t('room.leave.confirm'), danger: true });
    if (!ok) return;
    const session = this.#session;
    try {
      await session.connection.request({ leaveRoom: { roomId: session.membership.room.id } });
    } catch (err) {
      this.#panel.actionError.textContent = errorText(err);
      this.#panel.actionError.hidden = false;
      return;
    }
    this.#left = true;
    this.#showGone('left');
  }

  #onEnded(reason) {
    if (reason === DISPOSED) return;
    if (this.#left) this.#showGone('left');
    else this.#showGone(this.#removedSeen ? 'removed' : 'noAccess');
  }

  /** The member is out of the room (left, removed, room deleted, credential no longer valid): say so, forget it. */
  #showGone(why) {
    if (!this.#session) return;
    this.#session.forget();
    const session = this.#session;
    this.#session = null;
    this.#call?.dispose();
    this.#call = null;
    this.#disposePeople();
    this.#panel?.dispose();
    this.#panel = null;
    this.#connectionStatus?.dispose();
    this.#connectionStatus = null;
    // Removed or left: the server closes the socket itself right after; closing it from here at the same moment
    // only makes the browser complain. Wait for that close (a few seconds at most), then let go of the session.
    const connection = session.connection;
    if ((why === 'removed' || why === 'left') && connection && connection.state !== 'ended') {
      const timer = setTimeout(() => session.dispose(), 5000);
      connection.on('ended', () => {
        clearTimeout(timer);
        session.dispose();
      });
    } else {
      session.dispose();
    }
    this.content.replaceChildren(
      h('section', { class: 'card room-gone' }, h('h1', {}, t(`room.gone.${why}.title`)), h('p', {}, t(`room.gone.${why}.text`))),
    );
    focusHeading(this.content);
  }
}

/** /g: the groups this device is a member of, each with its unread count (a short Hello with its credential). */
export class MyRoomsView {
  #connections = [];

  mount(root) {
    const helpSlot = h('div', { class: 'room-help-slot' });
    const memberships = deviceMemberships();
    const items = memberships.map((m) => {
      const badge = h('span', { class: 'count', hidden: true });
      const item = h('li', {}, h('a', { href: `/g/${encodeURIComponent(m.code)}` }, m.room.name || t('room.title'), ' ', badge));
      this.#unread(m, badge);
      return item;
    });
    root.append(
      h(
        'div',
        { class: 'client' },
        h(
          'section',
          { class: 'card' },
          h('h1', {}, t('room.mine.title')),
          items.length ? h('ul', { class: 'oh-list' }, items) : h('p', {}, t('room.mine.none')),
        ),
        helpSlot,
      ),
    );
    loadSafety().then((parts) => helpSlot.replaceWith(parts.helpSection()));
  }

  /** HelloOk.active[].unread_count of the member's room, then the socket is closed again. */
  #unread(membership, badge) {
    const connection = new Connection({ url: webSocketUrl(), getToken: () => membership.token });
    this.#connections.push(connection);
    connection.on('helloOk', (ok) => {
      const n = (ok.active || []).find((a) => a.roomId === membership.room.id)?.unreadCount || 0;
      if (n) {
        const shown = n >= 100 ? '99+' : String(n);
        badge.replaceChildren(h('span', { 'aria-hidden': 'true' }, shown), h('span', { class: 'visually-hidden' }, t('pro.rooms.unread', { n: shown })));
        badge.hidden = false;
      }
      connection.stop();
    });
    connection.start();
  }

  dispose() {
    for (const connection of this.#connections) connection.stop();
  }
}
