// One conversation on screen: the messages, who is typing, receipts, and a box to write in.
// Used by the client (inwoner) and by professionals; `audience` decides a few words and receipts.
import { h, uniqueId, clear } from '../dom.js';
import { t } from '../i18n.js';
import { clockTime } from '../format.js';
import { announce } from '../live.js';
import { attention } from '../notify.js';
import { ConnectionState } from '../connection.js';

/** Room-only helpers (mentions, hidden members), loaded with a room's first chat: not on every start page. */
let roomLib = null;
const roomLibLoaded = () => (roomLib ||= Promise.all([import('../mentions.js'), import('../hiddenSenders.js')]).then(([a, b]) => ({ ...a, ...b })));
import { isMessage } from '../conversation.js';

const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;
/** The server's default chat.max-text-chars; counted in code points, as the server does. */
export const MAX_MESSAGE_LENGTH = 4000;
/** From here on the composer shows how many characters are left. */
export const COUNTER_FROM = 3600;
/** Refusals that sending again cannot fix: the message is given back to edit instead of "Send again". */
const PERMANENT_FAILURES = new Set(['TOO_LARGE', 'INVALID_ARGUMENT', 'FORBIDDEN', 'CLOSED']);

/** Why a message was refused for good, in words: a muted member hears until when (the server says it). */
export function failureText(reason, detail = '') {
  const muted = reason === 'FORBIDDEN' && /^muted until (\S+)$/.exec(detail || '');
  if (muted) {
    const until = new Date(muted[1]);
    if (!Number.isNaN(until.getTime())) return t('chat.failed.muted', { time: clockTime(until) });
  }
  return t(`chat.failed.${reason}`);
}

/** Length as the server counts it (code points, so an emoji is one). */
export function textLength(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** What the composer says about the length: null below COUNTER_FROM, else {key, n} for the counter text. */
export function lengthHint(text, max = MAX_MESSAGE_LENGTH) {
  const length = textLength(text);
  if (length < Math.min(COUNTER_FROM, max)) return null;
  return length > max ? { key: 'chat.length.over', n: length - max } : { key: 'chat.length.left', n: max - length };
}

/** Staff roles shown as a badge next to the name (clients and members get none; rooms mark moderators themselves). */
const BADGED_ROLES = ['PROFESSIONAL', 'SUPERVISOR'];

/** A badge for the sender's role as the server stated it, or null. */
export function roleBadge(senderRole) {
  return BADGED_ROLES.includes(senderRole) ? h('span', { class: 'badge badge--role', 'data-role': senderRole }, t(`chat.role.${senderRole}`)) : null;
}

/** Words for a system event, from the point of view of `audience` ('client' | 'pro'). */
export function systemText(event, audience, myParticipantId = '') {
  switch (event.type) {
    case 'roomState':
      return t(`room.event.${event.roomState.state || 'ROOM_OPEN'}`);
    case 'joined': {
      const p = event.joined.participant || {};
      if (myParticipantId && p.participantId === myParticipantId && audience === 'pro') {
        return t(p.role === 'SUPERVISOR' ? 'chat.event.youSupervise.pro' : 'chat.event.youJoined.pro');
      }
      if (p.role === 'SUPERVISOR') return t(`chat.event.supervisorJoined.${audience}`, { name: p.displayName || '' });
      if (p.role === 'PROFESSIONAL') return t(`chat.event.professionalJoined.${audience}`, { name: p.displayName || '' });
      if (p.role === 'CLIENT') return audience === 'pro' ? t('chat.event.clientJoined.pro', { name: p.displayName || '' }) : '';
      if (p.role === 'MODERATOR') return t('room.event.moderatorJoined', { name: p.displayName || '' });
      return t('chat.event.joined', { name: p.displayName || '' });
    }
    case 'left': {
      const l = event.left;
      if (l.role === 'SUPERVISOR') return t(`chat.event.supervisorLeft.${audience}`, { name: l.displayName || '' });
      if (l.role === 'CLIENT' && l.reason === 'QUICK_EXIT') return t('chat.event.clientQuickExit', { name: l.displayName || '' });
      if (l.leaveReason === 'REMOVED_BY_MODERATOR' && l.role === 'MEMBER') return t('room.event.removed', { name: l.displayName || t('chat.someone') });
      if (l.leaveReason === 'REMOVED_BY_MODERATOR' && l.role === 'MODERATOR') return t('room.event.moderatorLeft', { name: l.displayName || t('chat.someone') });
      if (l.leaveReason === 'LEFT_VOLUNTARILY' && l.role === 'MEMBER') return t('room.event.memberLeft', { name: l.displayName || t('chat.someone') });
      return t('chat.event.left', { name: l.displayName || t('chat.someone') });
    }
    case 'ended':
      return t(`chat.ended.${event.ended.reason || 'END_REASON_UNSPECIFIED'}.${audience}`);
    case 'transferred':
      if (event.transferred.backToQueue) return t(`chat.event.backToQueue.${audience}`);
      return t(`chat.event.transferred.${audience}`, { name: event.transferred.toDisplayName || '' });
    case 'consent':
      return t(event.consent.consent ? `chat.event.consentOn.${audience}` : `chat.event.consentOff.${audience}`);
    case 'followUp':
      return t(`chat.event.followUp.${audience}`, { kind: t(`followUp.kind.${event.followUp.kind || 'FOLLOW_UP_NONE'}`) });
    case 'privateTalkOpened':
      return t(`people.talk.event.opened.${audience}`);
    case 'callUpdate':
      // Only the start and the end of a video call become a line in the chat; the call panel shows the rest.
      if (event.callUpdate.change === 'CALL_STARTED') return t('chat.event.callStarted');
      if (event.callUpdate.change === 'CALL_FINISHED') return t('chat.event.callFinished');
      return '';
    default:
      return '';
  }
}

/** The name a system event is about, as the server sent it (or ''). */
function eventName(event) {
  if (event.type === 'joined') return event.joined.participant?.displayName || '';
  if (event.type === 'left') return event.left.displayName || '';
  if (event.type === 'transferred') return event.transferred.toDisplayName || '';
  return '';
}

/**
 * A system line's text with the name in it isolated (<bdi>): a nickname in another script, or with direction marks,
 * cannot reorder the words around it. Exported for tests.
 */
export function isolatedName(text, name) {
  const at = name ? text.indexOf(name) : -1;
  if (at < 0) return [text];
  return [text.slice(0, at), h('bdi', {}, name), text.slice(at + name.length)].filter((part) => part !== '');
}

export class ChatPanel {
  #hub;
  #model;
  #audience;
  #nodes = new Map(); // timeline key -> <li>
  #off = [];
  #typingTimer = null;
  #typingSentAt = 0;
  #typingIdleTimer = null;
  #typingRefresh = null;
  #receiptsSent = { DELIVERED: 0, READ: 0 };
  #active = true;
  #room = null;
  #roomLib = null;
  #replyTo = 0;

  /**
   * @param {object} o
   * @param {import('../conversation.js').ConversationHub} o.hub
   * @param {string} o.conversationId
   * @param {'client'|'pro'} o.audience
   * @param {boolean} [o.readOnly] supervisors read along and cannot write
   * @param {string} [o.messagesLabel] the name of the messages region (unique when several chats are on screen)
   * @param {object} [o.room] a group room: its message tools (views/roomMessages.js), which draw replies, edits,
   *   reactions and pins and offer the actions on a message; messages then go out as SendRoomMessage
   */
  constructor({ hub, conversationId, audience, readOnly = false, messagesLabel = '', room = null }) {
    this.#hub = hub;
    this.#audience = audience;
    this.readOnly = readOnly;
    this.#room = room;
    if (room) roomLibLoaded().then((lib) => { this.#roomLib = lib; }).catch(() => {});
    this.#model = hub.open(conversationId);
    this.element = this.#build(messagesLabel || t('chat.messagesLabel'));
    this.#off.push(this.#model.on('change', (kind, event, live) => this.#onChange(kind, event, live)));
    const onVisible = () => this.#sendReceipts();
    document.addEventListener('visibilitychange', onVisible);
    this.#off.push(() => document.removeEventListener('visibilitychange', onVisible));
    // Messages waiting for the connection say so; they change when it comes and goes.
    const connection = hub.connection;
    if (connection?.on) this.#off.push(connection.on('state', () => this.#render()));
    this.#render();
  }

  get model() {
    return this.#model;
  }

  /** Whether this panel is on screen (a tab on a phone may hide it); read receipts only then. */
  setActive(active) {
    this.#active = active;
    if (active) this.#sendReceipts();
  }

  /**
   * Supervisors read along and cannot write; known for sure only after the SubscribeResult (yourRole). In a group
   * room a pause or closing makes the room read-only; `note` then says why.
   */
  setReadOnly(readOnly, note = '') {
    if (this.readOnly === readOnly && this.readOnlyNote.textContent === (note || t('chat.readOnly'))) return;
    this.readOnly = readOnly;
    this.readOnlyNote.textContent = note || t('chat.readOnly');
    this.readOnlyNote.hidden = !readOnly;
    this.#render();
  }

  /** Group rooms: the next message answers this one (0: no reply). Shown above the message box. */
  setReply(seq) {
    this.#replyTo = seq;
    const event = seq ? this.#model.events.get(seq) : null;
    if (!event) {
      this.#replyTo = 0;
      this.replyBar.hidden = true;
      return;
    }
    const view = this.#model.messageView(event);
    this.replyText.textContent = t('room.replyingTo', { name: event.mine ? t('chat.you') : event.senderName || t('chat.someone'), text: excerpt(view.text) });
    this.replyBar.hidden = false;
    this.textarea.focus();
  }

  /** Several chats on one screen need different names for their message regions. */
  setMessagesLabel(label) {
    if (label && this.scroller.getAttribute('aria-label') !== label) this.scroller.setAttribute('aria-label', label);
  }

  focusComposer() {
    this.textarea?.focus();
  }

  /** Puts text where the cursor is (replacing a selection), e.g. a canned response from the picker. */
  insertText(text) {
    const area = this.textarea;
    const start = area.selectionStart ?? area.value.length;
    const end = area.selectionEnd ?? start;
    area.setRangeText(text, start, end, 'end');
    area.dispatchEvent(new Event('input'));
    area.focus();
  }

  /** Extra controls under the composer (the professional's canned responses). */
  addComposerTools(...nodes) {
    this.composerTools.append(...nodes);
    this.composerTools.hidden = false;
  }

  dispose() {
    this.#stopTyping();
    clearInterval(this.#typingRefresh);
    for (const off of this.#off) off();
  }

  #build(messagesLabel) {
    this.list = h('ol', { class: 'chat__messages' });
    this.scroller = h('div', { class: 'chat__scroller', tabindex: '0', role: 'region', 'aria-label': messagesLabel }, this.list);
    // Group rooms: older messages come when scrolling to the top, or with this button (keyboard, screen readers).
    this.olderButton = h('button', { type: 'button', class: 'btn btn--link chat__older', hidden: true, onclick: () => this.#loadOlder() }, t('room.older'));
    if (this.#room) {
      this.list.before(h('div', { class: 'chat__older-row' }, this.olderButton));
      this.scroller.addEventListener('scroll', () => {
        if (this.scroller.scrollTop < 40) this.#loadOlder();
      }, { passive: true });
    }
    this.typingLine = h('p', { class: 'chat__typing', 'aria-hidden': 'true' });
    this.supervisorNotice = h('p', { class: 'notice notice--info chat__supervised', hidden: true }, t(`chat.supervised.${this.#audience}`));
    this.readOnlyNote = h('p', { class: 'chat__readonly', hidden: !this.readOnly }, t('chat.readOnly'));
    const parts = [this.supervisorNotice, this.scroller, this.typingLine, this.#buildComposer(), this.readOnlyNote];
    // The typing line is refreshed on a timer because typing ends by silence, not by an event.
    this.#typingRefresh = setInterval(() => this.#renderTyping(), 1000);
    return h('div', { class: 'chat' }, parts);
  }

  #buildComposer() {
    const id = uniqueId('msg');
    const counterId = uniqueId('msg-count');
    const errorId = uniqueId('msg-error');
    // No maxlength: it would cut a long (pasted) text without a word. The counter warns near the limit and
    // sending refuses with the reason, keeping the text.
    this.textarea = h('textarea', {
      id,
      class: 'chat__input',
      rows: '2',
      dir: 'auto',
      autocomplete: 'off',
      enterkeyhint: 'send',
      'aria-describedby': `${counterId} ${errorId}`,
    });
    this.counter = h('p', { class: 'chat__counter', id: counterId, hidden: true });
    this.composerError = h('p', { class: 'chat__error notice notice--error', id: errorId, role: 'alert', hidden: true });
    this.textarea.addEventListener('input', () => {
      this.#onTypingInput();
      this.#updateCounter();
    });
    this.textarea.addEventListener('keydown', (event) => {
      // Enter sends on a keyboard; on touch screens Enter stays a new line and the button sends.
      const coarse = globalThis.matchMedia?.('(pointer: coarse)').matches;
      if (event.key === 'Enter' && !event.shiftKey && !coarse && !event.isComposing) {
        event.preventDefault();
        this.#submit();
      }
    });
    this.sendButton = h('button', { type: 'submit', class: 'btn btn--primary chat__send' }, t('chat.send'));
    this.replyText = h('span', { class: 'chat__reply-text' });
    this.replyBar = h(
      'p',
      { class: 'chat__reply', hidden: true },
      this.replyText,
      ' ',
      h('button', { type: 'button', class: 'btn btn--link', onclick: () => this.setReply(0) }, t('room.replyCancel')),
    );
    this.composer = h(
      'form',
      { class: 'chat__composer', onsubmit: (e) => (e.preventDefault(), this.#submit()) },
      this.replyBar,
      h('label', { for: id, class: 'chat__label' }, t(`chat.inputLabel.${this.#audience}`)),
      h('div', { class: 'chat__row' }, this.textarea, this.sendButton),
      (this.composerTools = h('div', { class: 'chat__tools', hidden: true })),
      this.counter,
      this.composerError,
    );
    return this.composer;
  }

  #updateCounter() {
    const hint = lengthHint(this.textarea.value);
    this.counter.hidden = !hint;
    this.counter.classList.toggle('chat__counter--over', hint?.key === 'chat.length.over');
    this.counter.textContent = hint ? t(hint.key, { n: hint.n, max: MAX_MESSAGE_LENGTH }) : '';
    if (!this.composerError.hidden && textLength(this.textarea.value.trim()) <= MAX_MESSAGE_LENGTH) {
      this.composerError.hidden = true;
      this.composerError.textContent = '';
    }
  }

  #loadingOlder = false;

  /** Older events above what is shown, keeping what is on screen where it is. */
  async #loadOlder() {
    if (this.#loadingOlder || !this.#model.hasOlder) return;
    this.#loadingOlder = true;
    const before = this.scroller.scrollHeight - this.scroller.scrollTop;
    try {
      await this.#hub.loadOlder(this.#model.conversationId);
      this.scroller.scrollTop = this.scroller.scrollHeight - before;
    } catch {
      // the button stays; trying again is up to the person
    } finally {
      this.#loadingOlder = false;
    }
  }

  #submit() {
    // A tool of the composer (canned responses: "/code" + Enter) may take the Enter or the send button.
    if (this.beforeSend?.(this.textarea)) {
      this.#updateCounter();
      return;
    }
    const text = this.textarea.value.trim();
    if (!text || this.#model.ended || this.readOnly) return;
    const length = textLength(text);
    if (length > MAX_MESSAGE_LENGTH) {
      // Refuse with the reason and keep the text, so it can be shortened or split.
      this.composerError.textContent = t('chat.tooLong', { n: length, max: MAX_MESSAGE_LENGTH });
      this.composerError.hidden = false;
      this.textarea.focus();
      return;
    }
    this.composerError.hidden = true;
    if (this.#room) {
      const mentions = this.#roomLib?.mentionedIn(text, this.#model.participants.values(), this.#model.myParticipantId) || [];
      this.#hub.send(this.#model.conversationId, text, { room: true, replyToSeq: this.#replyTo, mentions });
      this.setReply(0);
    } else {
      this.#hub.send(this.#model.conversationId, text);
    }
    this.textarea.value = '';
    this.#updateCounter();
    this.#stopTyping();
    this.textarea.focus();
  }

  /** A message refused for good goes back into the composer, to be shortened or changed. */
  #giveBack(item) {
    this.#model.removePending(item.clientMsgId);
    const current = this.textarea.value.trim();
    this.textarea.value = current ? `${item.text}\n${current}` : item.text;
    this.#updateCounter();
    this.textarea.focus();
  }

  #onTypingInput() {
    const now = Date.now();
    const connection = this.#hub.connection;
    if (now - this.#typingSentAt > TYPING_REPEAT_MS && this.textarea.value.trim()) {
      this.#typingSentAt = now;
      connection.notify({ typing: { conversationId: this.#model.conversationId, typing: true } });
    }
    clearTimeout(this.#typingIdleTimer);
    this.#typingIdleTimer = setTimeout(() => this.#stopTyping(), TYPING_IDLE_MS);
  }

  #stopTyping() {
    clearTimeout(this.#typingIdleTimer);
    if (!this.#typingSentAt) return;
    this.#typingSentAt = 0;
    this.#hub.connection.notify({ typing: { conversationId: this.#model.conversationId, typing: false } });
  }

  #onChange(kind, event, live) {
    if (kind === 'subscribed' && this.#model.myRole === 'SUPERVISOR' && !this.readOnly) this.setReadOnly(true);
    this.#render();
    // messages of a member I hide are not announced
    const hiddenByMe = this.#room && this.#audience === 'client' && event && this.#roomLib?.isHiddenMessage(this.#model.conversationId, event);
    if (kind === 'event' && live && event && !event.mine && !hiddenByMe) this.onNewMessage?.(event);
    if (kind === 'event' && live && event && !event.mine && !hiddenByMe) {
      const text = isMessage(event)
        ? t('chat.announce', { name: event.senderName || t('chat.someone'), text: (event.text || event.roomMessage).text })
        : systemText(event, this.#audience, this.#model.myParticipantId);
      if (text) announce(text);
      if (isMessage(event)) attention();
    }
    if (kind === 'event' || kind === 'history' || kind === 'subscribed') this.#sendReceipts();
  }

  #sendReceipts() {
    const model = this.#model;
    if (!model.subscribed || this.readOnly) return;
    const upTo = model.lastSeqFromOthers();
    if (!upTo) return;
    const connection = this.#hub.connection;
    if (upTo > this.#receiptsSent.DELIVERED) {
      this.#receiptsSent.DELIVERED = upTo;
      connection.notify({ sendReceipt: { conversationId: model.conversationId, kind: 'DELIVERED', upToSeq: String(upTo) } });
    }
    const seen = this.#active && document.visibilityState === 'visible';
    if (seen && upTo > this.#receiptsSent.READ) {
      this.#receiptsSent.READ = upTo;
      connection.notify({ sendReceipt: { conversationId: model.conversationId, kind: 'READ', upToSeq: String(upTo) } });
    }
  }

  #render() {
    const model = this.#model;
    const nearBottom = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 80;
    const items = model.timeline();
    const keep = new Set();
    let previous = null;
    // Group rooms: a "new messages" line above the first message that was unread when the room was opened.
    const firstUnread = this.#room ? model.firstUnreadSeq() : 0;
    if (!firstUnread) this.divider?.remove();
    for (const item of items) {
      if (firstUnread && item.seq === firstUnread && item.type !== 'pending') {
        this.divider ||= h('li', { class: 'msg msg--system msg--divider' }, h('p', {}, t('room.newMessages')));
        const at = previous ? previous.nextSibling : this.list.firstChild;
        if (this.divider !== at) this.list.insertBefore(this.divider, at);
        previous = this.divider;
      }
      const key = item.mine && item.clientMsgId ? `c:${item.clientMsgId}` : `s:${item.seq}`;
      keep.add(key);
      let node = this.#nodes.get(key);
      if (!node) {
        node = this.#createItem(item);
        if (!node) continue;
        this.#nodes.set(key, node);
      }
      this.#updateStatus(node, item);
      if (this.#room && (isMessage(item) || item.type === 'pending')) this.#room.decorate(node, item);
      const expectedPosition = previous ? previous.nextSibling : this.list.firstChild;
      if (node !== expectedPosition) this.list.insertBefore(node, expectedPosition);
      previous = node;
    }
    for (const [key, node] of this.#nodes) {
      if (!keep.has(key)) {
        node.remove();
        this.#nodes.delete(key);
      }
    }
    this.supervisorNotice.hidden = !model.supervised || model.ended;
    this.olderButton.hidden = !(this.#room && model.hasOlder);
    this.#renderTyping();
    const closed = model.ended || this.readOnly;
    this.textarea.disabled = closed;
    this.sendButton.disabled = closed;
    this.composer.hidden = closed;
    if (nearBottom) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  #renderTyping() {
    const names = this.#model.typingNames();
    this.typingLine.textContent = names.length ? t('chat.typing', { name: names.join(', ') }) : '';
  }

  #createItem(item) {
    if (isMessage(item) || item.type === 'pending') {
      const mine = item.mine;
      const text = item.type === 'pending' ? item.text : (item.text || item.roomMessage).text;
      const who = mine ? t('chat.you') : item.senderName || t('chat.someone');
      const time = item.at ? clockTime(item.at) : '';
      const badge = mine ? null : roleBadge(item.senderRole);
      return h(
        'li',
        { class: ['msg', mine ? 'msg--mine' : 'msg--theirs', item.senderRole === 'SUPERVISOR' && 'msg--supervisor'] },
        // the name in <bdi>: a nickname in another script (or with direction marks) cannot reorder what follows;
        // the badge comes from the server's sender_role, which a client cannot set
        h('p', { class: 'msg__meta' }, h('span', { class: 'msg__who' }, h('bdi', {}, who)), badge, time ? h('span', { class: 'msg__time' }, time) : null),
        h('p', { class: 'msg__text', dir: 'auto' }, text),
        mine ? h('p', { class: 'msg__status' }) : null,
      );
    }
    const text = systemText(item, this.#audience, this.#model.myParticipantId);
    if (!text) return null;
    return h('li', { class: ['msg', 'msg--system', item.type === 'ended' && 'msg--ended'] }, h('p', {}, ...isolatedName(text, eventName(item))));
  }

  #updateStatus(node, item) {
    if (!item.mine) return;
    const status = node.querySelector('.msg__status');
    if (!status) return;
    const time = node.querySelector('.msg__time');
    if (item.type === 'pending' && item.status === 'failed') {
      const permanent = PERMANENT_FAILURES.has(item.reason);
      const key = `failed:${item.reason || ''}`;
      if (status.dataset.status === key) return;
      status.dataset.status = key;
      clear(status);
      status.append(
        h('span', { class: 'msg__failed' }, permanent ? failureText(item.reason, item.detail) : t('chat.status.failed')),
        ' ',
        permanent
          ? h('button', { type: 'button', class: 'btn btn--link', onclick: () => this.#giveBack(item) }, t('chat.giveBack'))
          : h('button', { type: 'button', class: 'btn btn--link', onclick: () => this.#hub.retry(this.#model.conversationId, item.clientMsgId) }, t('chat.retry')),
      );
      return;
    }
    let key;
    if (item.type === 'pending' && (item.status === 'held' || item.status === 'rejected')) {
      // hold for review (room safety): "wacht op goedkeuring" / "niet geplaatst"
      key = item.status;
    } else if (item.type === 'pending' && item.status !== 'sent') {
      // Not on its way while the connection is down: say it goes out when the connection is back.
      key = this.#hub.connection?.state && this.#hub.connection.state !== ConnectionState.OPEN ? 'waitingForConnection' : 'sending';
    } else if (item.type === 'pending') key = this.#model.receiptFor(item.seq);
    else key = this.#model.receiptFor(item.seq);
    const text = t(`chat.status.${key}`);
    if (status.textContent !== text) status.textContent = text;
    status.dataset.status = key;
    if (!time && item.at) node.querySelector('.msg__meta').append(h('span', { class: 'msg__time' }, clockTime(item.at)));
  }
}

/** The start of a message, for a quoted reply. */
export function excerpt(text, max = 80) {
  const chars = [...(text || '')];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
