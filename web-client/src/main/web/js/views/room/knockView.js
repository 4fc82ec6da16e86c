// /g/k/<code>: a closed group's knock link. The person reads the group's house rules (the same text the room's gate
// shows), accepts them, picks a nickname and asks to join ("Aankloppen"); the acceptance goes with the knock, so once
// let in the room does not ask again. The server
// hands out a credential at once, which opens nothing until a moderator approves. While waiting, the page keeps a
// socket open and hears the answer (a `knock` push); a reload asks again (GetMyKnock). Approved: the credential
// is kept on this device like an invite's (code "k/<code>") and the room opens. Refused: said plainly, forgotten.
// The waiting credential is kept in localStorage (key "spreekuur.roomKnocks") so closing the tab does not lose the
// place in line; quick exit clears it with everything else.
import { h, focusHeading, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { knockPreview, knockOnRoom } from '../../api.js';
import { readDevice, writeDevice } from '../../storage.js';
import { RoomSession } from '../../roomSession.js';
import { DISPOSED } from '../../sessionSocket.js';
import { errorText } from '../errors.js';
import { MemberRoomView } from './memberRoomView.js';
import { helpSection, houseRulesText, rulesAcceptance } from './memberSafety.js';

/** replaceChildren without the nulls (the DOM would show them as the text "null"). */
function fill(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

const PENDING_KEY = 'roomKnocks';
const REFUSALS = new Set(['NOT_FOUND', 'LIMIT_REACHED', 'CLOSED']);

/** The code under which an approved knock's membership is kept on this device (found by /g/<code>). */
export const knockMembershipCode = (code) => `k/${code}`;

function pendingKnocks() {
  const all = readDevice(PENDING_KEY);
  return all && typeof all === 'object' ? all : {};
}

function setPending(code, value) {
  const all = pendingKnocks();
  if (value) all[code] = value;
  else delete all[code];
  writeDevice(PENDING_KEY, all);
}

export class KnockView {
  #code;
  #root = null;
  #room = null;
  #session = null;
  #off = [];

  constructor({ code }) {
    this.#code = code;
    this.content = h('div', { class: 'member-room' });
    this.element = h('div', { class: 'client' }, this.content, helpSection());
  }

  async mount(root) {
    this.#root = root;
    if (RoomSession.forCode(knockMembershipCode(this.#code))) {
      this.#openRoom();
      return;
    }
    root.append(this.element);
    const pending = pendingKnocks()[this.#code];
    if (pending?.token) {
      this.#wait(pending);
      return;
    }
    fill(this.content, h('p', { class: 'loading' }, t('common.loading')));
    try {
      this.#showForm(await knockPreview(this.#code));
    } catch (err) {
      this.#showMessage(REFUSALS.has(err?.code) ? `people.knock.refused.${err.code}` : null, err);
    }
  }

  dispose() {
    for (const off of this.#off) off();
    this.#off = [];
    this.#session?.dispose();
    this.#session = null;
    this.#room?.dispose();
  }

  #showForm(preview) {
    const input = h('input', { type: 'text', name: 'nickname', autocomplete: 'off', spellcheck: 'false', maxlength: '60', required: true });
    const nickname = field({ label: t('room.join.nickname.label'), input, hint: t('room.join.nickname.hint') });
    const formError = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, t('people.knock.submit'));
    // The house rules: accepted before knocking (like joining by invite), carried over when a moderator lets them in.
    const accept = rulesAcceptance('knock-accept-rules', t('people.knock.rulesRequired'));
    const rules = h('section', { class: 'join-rules', 'aria-labelledby': 'knock-rules-title' },
      h('h2', { class: 'h3', id: 'knock-rules-title' }, t('room.rules.title')),
      houseRulesText(preview.houseRules || t('room.rules.unavailable')),
      accept.error,
      accept.check);
    const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'knock-title' },
      h('h2', { id: 'knock-title' }, t('people.knock.formTitle')), nickname.wrapper, rules, formError,
      h('p', { class: 'muted' }, t('room.join.privacy')), submit);
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
      try {
        const result = await knockOnRoom(this.#code, value, { acceptHouseRules: true });
        const pending = { token: result.token, expiresAt: result.expiresAt, principalId: result.principalId, room: result.room };
        setPending(this.#code, pending);
        this.#wait(pending);
      } catch (err) {
        submit.disabled = false;
        if (err?.code === 'INVALID_ARGUMENT') {
          nickname.setError(t('room.join.nickname.invalid'));
          input.focus();
        } else if (REFUSALS.has(err?.code)) {
          this.#showMessage(`people.knock.refused.${err.code}`, err);
        } else {
          formError.textContent = errorText(err);
          formError.hidden = false;
        }
      }
    });
    fill(this.content, h('section', { class: 'card invite' },
      h('p', { class: 'status__org' }, t('people.knock.kicker')),
      h('h1', {}, preview.roomName || t('room.title')),
      preview.description ? h('p', { class: 'invite__description', dir: 'auto' }, preview.description) : null,
      h('p', {}, t('people.knock.what')),
      form));
  }

  /** Waiting for a moderator: a socket with the knock's credential hears the answer. */
  #wait(pending) {
    fill(this.content, h('section', { class: 'card knock-wait', 'aria-labelledby': 'knock-wait-title' },
      h('h1', { id: 'knock-wait-title' }, t('people.knock.waiting.title')),
      h('p', { role: 'status' }, t('people.knock.waiting.text', { name: pending.room?.name || '' })),
      h('p', { class: 'muted' }, t('people.knock.waiting.later'))));
    focusHeading(this.content);
    const session = new RoomSession({ token: pending.token, expiresAt: pending.expiresAt, room: pending.room });
    this.#session = session;
    session.connect().catch(() => {});
    const connection = session.connection;
    const answered = (knock) => {
      if (knock.state === 'KNOCK_APPROVED' && knock.conversationId) this.#approved(session, pending, knock);
      else if (knock.state === 'KNOCK_REFUSED') this.#refused();
    };
    this.#off.push(
      connection.on('helloOk', async () => {
        try {
          const { payload } = await connection.request({ getMyKnock: {} });
          answered(payload);
        } catch {
          // the push still comes
        }
      }),
      connection.on('push', (type, payload) => {
        if (type === 'knock') answered(payload);
      }),
      connection.on('ended', (reason) => {
        if (reason !== DISPOSED && this.#session === session) this.#refused();
      }),
    );
  }

  #approved(session, pending, knock) {
    if (this.#session !== session) return;
    session.adopt({
      token: pending.token,
      expiresAt: pending.expiresAt,
      principalId: pending.principalId,
      participantId: knock.participantId || '',
      code: knockMembershipCode(this.#code),
      room: { id: knock.roomId, name: knock.roomName || pending.room?.name || '', description: '', conversationId: knock.conversationId },
    });
    setPending(this.#code, null);
    this.#session = null;
    session.dispose();
    this.element.remove();
    this.#openRoom(true);
  }

  #refused() {
    setPending(this.#code, null);
    const session = this.#session;
    this.#session = null;
    session?.dispose();
    this.#showMessage('people.knock.refused.REFUSED');
  }

  #openRoom() {
    this.#room = new MemberRoomView({ code: knockMembershipCode(this.#code) });
    this.#room.mount(this.#root);
  }

  #showMessage(key, err = null) {
    fill(this.content, h('section', { class: 'card' },
      h('h1', {}, key ? t('people.knock.refused.title') : t('room.invite.loadFailed.title')),
      h('p', {}, key ? t(key) : errorText(err))));
    focusHeading(this.content);
  }
}
