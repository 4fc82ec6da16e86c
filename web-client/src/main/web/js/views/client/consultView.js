// /v/<code>: the one-time link of a scheduled video consult. Shows when it is planned, asks (optionally) for a name,
// uses the link once and then shows the pre-join, the lobby and the call with a chat next to it. A link that can
// no longer be used (ended, used, withdrawn, expired, unknown) says so in plain words. A reload in the same tab
// goes on with the credential the link gave (kept in sessionStorage), because the link itself works only once.
import { h, field, focusHeading } from '../../dom.js';
import { t } from '../../i18n.js';
import { consultPreview } from '../../api.js';
import { ConsultSession } from '../../consultSession.js';
import { dayAndTime, parseTime } from '../../format.js';
import { onQuickExit } from '../../quickexit.js';
import { ChatPanel } from '../chat.js';
import { CallPanel } from '../call/callPanel.js';
import { ConnectionStatus } from '../connectionStatus.js';
import { NICKNAME_MAX } from './forms.js';

const TIME_ZONE = 'Europe/Amsterdam';
const REFUSALS = new Set(['NOT_FOUND', 'CONSULT_ENDED', 'LINK_REVOKED', 'LINK_USED', 'LINK_EXPIRED']);

export class ConsultLinkView {
  #code;
  #session;
  #call = null;
  #chat = null;
  #status = null;
  #off = [];

  constructor({ code }) {
    this.#code = code;
    this.#session = new ConsultSession(code);
    this.element = h('div', { class: 'client consult' });
    this.#off.push(onQuickExit(() => this.dispose()));
  }

  async mount(root) {
    root.append(this.element);
    if (this.#session.joined) {
      this.#enter();
      return;
    }
    this.element.replaceChildren(h('section', { class: 'card' }, h('p', { class: 'loading' }, t('common.loading'))));
    let preview;
    try {
      preview = await consultPreview(this.#code);
    } catch (err) {
      this.#refused(err);
      return;
    }
    this.#showPreview(preview);
  }

  #refused(err) {
    const code = REFUSALS.has(err?.code) ? err.code : null;
    this.element.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h1', {}, code ? t('consult.refused.title') : t('client.loadFailed.title')),
        h('p', {}, code ? t(`consult.refused.${code}`) : t('client.loadFailed.text')),
      ),
    );
    focusHeading(this.element);
  }

  #showPreview(preview) {
    const when = parseTime(preview.startsAt);
    const nickname = field({
      label: t('consult.nickname.label'),
      hint: t('consult.nickname.hint'),
      optional: t('common.optional'),
      input: h('input', { type: 'text', name: 'nickname', maxlength: String(NICKNAME_MAX), autocomplete: 'off', spellcheck: 'false' }),
    });
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, t('consult.go'));
    const form = h('form', { class: 'form', novalidate: true }, nickname.wrapper, error, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await this.#session.join(nickname.input.value.trim());
      } catch (err) {
        submit.disabled = false;
        if (REFUSALS.has(err?.code)) {
          this.#refused(err);
          return;
        }
        error.textContent = err?.code === 'INVALID_ARGUMENT' ? t('join.nickname.invalid') : t('error.generic');
        error.hidden = false;
        return;
      }
      this.#enter();
    });
    this.element.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h1', {}, preview.organisationName ? t('consult.with', { organisation: preview.organisationName }) : t('consult.title')),
        when ? h('p', {}, t('consult.when', { when: dayAndTime(when, TIME_ZONE), minutes: preview.durationMinutes || 0 })) : null,
        h('p', {}, t('consult.once')),
        form,
      ),
    );
  }

  /** With the credential: the socket, the call (straight to the pre-join) and the chat. */
  #enter() {
    const session = this.#session;
    const conversationId = session.conversationId;
    session.connect().catch(() => {
      // The credential is no longer valid (it expired, or the consult is over): say so; the link is used up.
      session.forget();
      this.dispose();
      this.element.replaceChildren(h('section', { class: 'card' }, h('h1', {}, t('sessionLost.title')), h('p', {}, t('sessionLost.text'))));
    });
    this.#status = new ConnectionStatus(session.connection);
    this.#chat = new ChatPanel({ hub: session.hub, conversationId, audience: 'client' });
    const chat = this.#chat;
    this.#call = new CallPanel({
      connection: session.connection,
      conversationId,
      myParticipantId: () => chat.model.myParticipantId || session.consult?.participantId || '',
      audience: 'client',
      hostName: () => chat.model.professional?.displayName || '',
      whenNoCall: 'join',
    });
    const consult = session.consult;
    const when = parseTime(consult?.startsAt);
    this.element.replaceChildren(
      this.#status.element,
      h(
        'section',
        { class: 'card call-card' },
        h('h1', { class: 'h1--compact' }, t('consult.title')),
        when ? h('p', { class: 'muted' }, t('consult.when', { when: dayAndTime(when, TIME_ZONE), minutes: consult.durationMinutes || 0 })) : null,
        this.#call.element,
      ),
      h('section', { class: 'card chat-card', 'aria-labelledby': 'consult-chat-title' }, h('h2', { id: 'consult-chat-title', class: 'chat-card__title' }, t('consult.chatTitle')), this.#chat.element),
    );
  }

  dispose() {
    for (const off of this.#off) off();
    this.#off = [];
    this.#call?.dispose();
    this.#call = null;
    this.#chat?.dispose();
    this.#chat = null;
    this.#status?.dispose();
    this.#status = null;
    this.#session.dispose();
  }
}
