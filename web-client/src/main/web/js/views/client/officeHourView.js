// /s/<org>/<officeHourSlug>: the page an inwoner reaches from the organisation's website.
// Phases: status (open/closed, join form or message form) -> waiting (position, wait, type already)
// -> chat -> ended. Also: refused, left, expired, not served, session lost.
import { h, clear, focusHeading } from '../../dom.js';
import { t, tn } from '../../i18n.js';
import { officeHourStatus, ApiError } from '../../api.js';
import { toInt } from '../../connection.js';
import { clockTime, dayAndTime, openUntilText, parseTime, waitInWords } from '../../format.js';
import { announce } from '../../live.js';
import { attention } from '../../notify.js';
import { confirmDialog, openDialog } from '../../dialog.js';
import { onQuickExit } from '../../quickexit.js';
import { ChatPanel } from '../chat.js';
import { ConnectionStatus } from '../connectionStatus.js';
import { AnonymousSession } from './anonymousSession.js';
import { joinForm, offlineMessageForm, QUESTION_MAX } from './forms.js';
import { errorText } from '../errors.js';

const STATUS_REFRESH_MS = 30000;

export class ClientOfficeHourView {
  #organisation;
  #slug;
  #session;
  #off = [];
  #refreshTimer = null;
  #resumeTimer = null;
  #chat = null;
  #connectionStatus = null;
  phase = 'loading';
  status = null; // OfficeHourStatus
  queue = null; // latest QueueStatus
  conversationId = '';
  queueEntryId = '';
  refusal = '';

  constructor({ organisation, slug }) {
    this.#organisation = organisation;
    this.#slug = slug;
    this.#session = new AnonymousSession(organisation);
    this.connSlot = h('div', { class: 'conn-slot' });
    this.panel = h('section', { class: 'card', 'aria-live': 'off' });
    this.chatSlot = h('section', { class: 'card chat-card', hidden: true, 'aria-labelledby': 'chat-title' });
    this.extra = h('div', { class: 'extra' });
    this.element = h(
      'div',
      { class: 'client' },
      this.connSlot,
      this.panel,
      this.chatSlot,
      this.extra,
      h('p', { class: 'help-emergency' }, t('client.emergency')),
    );
    this.#off.push(onQuickExit(() => this.dispose()));
  }

  async mount(root) {
    root.append(this.element);
    this.#setPhase('loading');
    await this.#loadStatus();
    if (this.phase === 'error') return;
    if (this.#session.hasToken) {
      // A reload: resume what this tab was doing. If the server cannot be reached soon, show the status
      // page meanwhile; the resume still happens when the connection comes.
      this.#startConnection().catch(() => {});
      this.#resumeTimer = setTimeout(() => this.phase === 'loading' && this.#setPhase('status'), 8000);
    } else {
      this.#setPhase('status');
    }
  }

  dispose() {
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#resumeTimer);
    for (const off of this.#off) off();
    this.#off = [];
    this.#chat?.dispose();
    this.#connectionStatus?.dispose();
    this.#session.dispose();
  }

  // --- data ---

  async #loadStatus() {
    try {
      this.status = await officeHourStatus(this.#organisation, this.#slug);
      return true;
    } catch (err) {
      if (!this.status) {
        this.#setPhase('error', err instanceof ApiError && err.status === 404 ? 'notFound' : 'loadFailed');
      }
      return false;
    } finally {
      this.#scheduleRefresh();
    }
  }

  #scheduleRefresh() {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(async () => {
      // The public status only matters while the person is deciding what to do.
      if (['status', 'refused', 'left', 'expired', 'notServed'].includes(this.phase)) {
        if (await this.#loadStatus()) this.#updateStatusCard();
      } else {
        this.#scheduleRefresh();
      }
    }, STATUS_REFRESH_MS);
  }

  async #startConnection() {
    const session = this.#session;
    const first = !session.connection;
    const ready = session.connect();
    if (first) {
      const c = session.connection;
      this.#connectionStatus = new ConnectionStatus(c);
      this.connSlot.replaceChildren(this.#connectionStatus.element);
      this.#off.push(
        c.on('helloOk', (ok) => this.#onHelloOk(ok)),
        c.on('push', (type, payload) => this.#onPush(type, payload)),
        c.on('ended', (reason) => this.#onConnectionEnded(reason)),
      );
    }
    return ready;
  }

  #onHelloOk(ok) {
    const officeHourId = this.status?.officeHourId;
    const item = (ok.active || []).find(
      (a) => a.officeHourId === officeHourId && (!a.kind || a.kind === 'OFFICE_HOUR_CHAT') && a.queueState !== 'FINISHED',
    );
    if (item) {
      this.queueEntryId = item.queueEntryId || this.queueEntryId;
      if (item.conversationId) this.#ensureChat(item.conversationId);
      if (item.queueState === 'IN_CHAT') this.#setPhase('chat');
      else if (item.queueState === 'WAITING' || !item.queueState) this.#setPhase('waiting');
      else this.#applyQueueState(item.queueState);
    } else if (this.phase === 'waiting') {
      // We were waiting, but our place is gone (the reconnect took longer than the grace period).
      this.#setPhase('expired');
    } else if (this.phase === 'loading') {
      this.#setPhase('status');
    }
  }

  #onConnectionEnded(reason) {
    if (reason === 'quick-exit' || reason === 'leaving page') return;
    // The token is no longer valid (expired, revoked). Start clean next time.
    this.#session.forget();
    const hadConversation = ['waiting', 'chat'].includes(this.phase);
    this.#session.dispose();
    this.#connectionStatus?.dispose();
    this.#connectionStatus = null;
    this.connSlot.replaceChildren();
    if (hadConversation) this.#setPhase('sessionLost');
    else if (this.phase === 'loading') this.#setPhase('status');
  }

  #onPush(type, payload) {
    if (type === 'queueStatus') this.#applyQueueStatus(payload);
  }

  #applyQueueStatus(qs) {
    if (this.queueEntryId && qs.queueEntryId && qs.queueEntryId !== this.queueEntryId) return;
    const before = this.queue;
    this.queue = qs;
    this.queueEntryId = qs.queueEntryId || this.queueEntryId;
    if (qs.conversationId) this.#ensureChat(qs.conversationId);
    const state = qs.state || 'WAITING';
    if (state === 'WAITING') {
      if (this.phase !== 'waiting') this.#setPhase('waiting');
      else this.#updateWaiting();
      const oldPosition = before?.position ?? 0;
      if (oldPosition && qs.position && qs.position < oldPosition) {
        announce(qs.position === 1 ? t('waiting.announceNext') : t('waiting.announcePosition', { n: qs.position }));
      }
    } else {
      this.#applyQueueState(state);
    }
  }

  #applyQueueState(state) {
    switch (state) {
      case 'IN_CHAT':
        if (this.phase !== 'chat') {
          this.#setPhase('chat');
          attention();
        }
        break;
      case 'LEFT':
        this.#setPhase('left');
        break;
      case 'EXPIRED':
        this.#setPhase('expired');
        break;
      case 'NOT_SERVED':
        this.#setPhase('notServed');
        break;
      case 'FINISHED':
        this.#setPhase('ended');
        break;
      default:
        break;
    }
  }

  #ensureChat(conversationId) {
    if (this.conversationId === conversationId && this.#chat) return;
    this.#chat?.dispose();
    this.conversationId = conversationId;
    this.#chat = new ChatPanel({ hub: this.#session.hub, conversationId, audience: 'client' });
    this.#off.push(
      this.#chat.model.on('change', () => {
        if (this.#chat?.model.ended && ['waiting', 'chat'].includes(this.phase)) this.#setPhase('ended');
        else if (this.phase === 'chat') this.#updateChatHeader();
      }),
    );
    this.chatSlot.replaceChildren(
      h('h2', { id: 'chat-title', class: 'chat-card__title' }, t('chat.title')),
      h('p', { class: 'chat-card__hint', id: 'chat-hint' }),
      this.#chat.element,
    );
    this.chatSlot.hidden = false;
    this.#updateChatHint();
  }

  #updateChatHint() {
    const hint = this.chatSlot.querySelector('#chat-hint');
    if (!hint) return;
    hint.textContent = this.phase === 'waiting' ? t('chat.hintWaiting') : '';
    hint.hidden = this.phase !== 'waiting';
  }

  // --- actions ---

  async #join({ nickname, firstQuestion, transcriptConsent }) {
    try {
      await this.#session.ensureToken();
      await this.#startConnection();
      const { payload } = await this.#session.connection.request({
        joinQueue: { officeHourId: this.status.officeHourId, nickname, firstQuestion, transcriptConsent, useConsentDefault: false },
      });
      if (payload.officeHour) this.status = payload.officeHour;
      if (payload.admitted) {
        announce(t('waiting.announceJoined'));
        this.#applyQueueStatus(payload.status || {});
      } else {
        this.refusal = payload.refusal || 'OUTSIDE_OPENING_HOURS';
        this.#setPhase('refused');
      }
    } catch (err) {
      if (err?.code === 'CLOSED') {
        this.refusal = 'OUTSIDE_OPENING_HOURS';
        this.#setPhase('refused');
        return;
      }
      if (err?.code === 'TOO_LARGE') throw { field: 'firstQuestion', message: t('join.question.tooLong') };
      if (err?.code === 'INVALID_ARGUMENT') throw { field: 'nickname', message: t('join.nickname.invalid') };
      throw { field: null, message: errorText(err) };
    }
  }

  async #leaveOfflineMessage({ nickname, text, contact }) {
    try {
      await this.#session.ensureToken();
      await this.#startConnection();
      await this.#session.connection.request({
        leaveOfflineMessage: { officeHourId: this.status.officeHourId, nickname, text, contact },
      });
    } catch (err) {
      throw { message: errorText(err) };
    }
  }

  async #editQuestion() {
    const textarea = h('textarea', { id: 'edit-question', rows: '5', maxlength: String(QUESTION_MAX) });
    textarea.value = this.queue?.firstQuestion || '';
    const error = h('p', { class: 'field__error', role: 'alert', hidden: true });
    await openDialog({
      title: t('waiting.editQuestion.title'),
      body: [h('label', { for: 'edit-question', class: 'field__label' }, t('join.question.label')), textarea, error],
      actions: [
        { label: t('common.cancel') },
        {
          label: t('common.save'),
          primary: true,
          submit: true,
          onClick: async () => {
            try {
              await this.#session.connection.request({
                updateFirstQuestion: { queueEntryId: this.queueEntryId, firstQuestion: textarea.value.trim() },
              });
              this.queue = { ...this.queue, firstQuestion: textarea.value.trim() };
              this.#updateWaiting();
              return true;
            } catch (err) {
              error.textContent = errorText(err);
              error.hidden = false;
              return false;
            }
          },
        },
      ],
    });
  }

  async #leaveQueue() {
    const ok = await confirmDialog({
      title: t('waiting.leave.title'),
      text: t('waiting.leave.text'),
      confirmLabel: t('waiting.leave.confirm'),
      danger: true,
    });
    if (!ok) return;
    try {
      await this.#session.connection.request({ leaveQueue: { queueEntryId: this.queueEntryId } });
      this.#setPhase('left');
    } catch (err) {
      this.#showPanelError(errorText(err));
    }
  }

  async #endChat() {
    const ok = await confirmDialog({
      title: t('chat.end.title'),
      text: t('chat.end.text'),
      confirmLabel: t('chat.end.confirm'),
      danger: true,
    });
    if (!ok) return;
    try {
      await this.#session.connection.request({ endChat: { conversationId: this.conversationId } });
      this.#setPhase('ended');
    } catch (err) {
      this.#showPanelError(errorText(err));
    }
  }

  async #setConsent(checkbox) {
    const consent = checkbox.checked;
    checkbox.disabled = true;
    try {
      await this.#session.connection.request({ setTranscriptConsent: { conversationId: this.conversationId, consent } });
    } catch (err) {
      checkbox.checked = !consent;
      this.#showPanelError(errorText(err));
    } finally {
      checkbox.disabled = false;
      this.#updateChatHeader();
    }
  }

  #startOver() {
    this.#chat?.dispose();
    this.#chat = null;
    if (this.conversationId) this.#session.hub?.close(this.conversationId);
    this.conversationId = '';
    this.queueEntryId = '';
    this.queue = null;
    this.chatSlot.replaceChildren();
    this.chatSlot.hidden = true;
    this.#loadStatus().finally(() => this.#setPhase('status'));
  }

  // --- rendering ---

  #previousPhase = 'loading';

  #setPhase(phase, detail = null) {
    const changed = this.phase !== phase;
    this.#previousPhase = this.phase;
    this.phase = phase;
    clear(this.panel);
    clear(this.extra);
    const build = {
      loading: () => this.panel.append(h('p', { class: 'loading' }, t('common.loading'))),
      error: () => this.#buildError(detail),
      status: () => this.#buildStatus(),
      waiting: () => this.#buildWaiting(),
      chat: () => this.#buildChatHeader(),
      ended: () => this.#buildEnded(),
      refused: () => this.#buildNotNow(t(`refused.${this.refusal}`)),
      left: () => this.#buildNotNow(t('left.text'), t('left.title')),
      expired: () => this.#buildNotNow(t('expired.text'), t('expired.title')),
      notServed: () => this.#buildNotNow(t('notServed.text'), t('notServed.title')),
      sessionLost: () => this.#buildSessionLost(),
    }[phase];
    build();
    if (this.#chat && ['left', 'expired', 'notServed', 'sessionLost'].includes(phase)) {
      this.chatSlot.hidden = true;
    } else if (this.#chat) {
      this.chatSlot.hidden = false;
    }
    this.#updateChatHint();
    // While chatting the messages are the page; their heading only needs to exist for screen readers.
    this.chatSlot.querySelector('.chat-card__title')?.classList.toggle('visually-hidden', phase === 'chat' || phase === 'ended');
    // Move focus to the new heading so screen readers hear what changed, but never pull it out of the
    // message box while someone is typing.
    if (changed && this.#previousPhase !== 'loading' && phase !== 'loading' && !this.chatSlot.contains(document.activeElement)) focusHeading(this.panel);
  }

  #buildError(kind) {
    this.panel.append(h('h1', {}, t(`client.${kind}.title`)), h('p', {}, t(`client.${kind}.text`)));
    if (kind === 'loadFailed') {
      this.panel.append(
        h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.mountAgain() }, t('common.tryAgain')),
      );
    }
  }

  async mountAgain() {
    this.#setPhase('loading');
    if (await this.#loadStatus()) this.#setPhase('status');
    else this.#setPhase('error', 'loadFailed');
  }

  /** The status card: name, open/closed, when, how busy. */
  #statusCard() {
    const s = this.status;
    const tz = s.timeZone || 'Europe/Amsterdam';
    const lines = [];
    const closesAt = parseTime(s.closesAt);
    const nextOpening = parseTime(s.nextOpening);
    if (s.open) {
      const until = openUntilText(closesAt, tz);
      if (until) lines.push(h('p', {}, until));
      if (s.accepting) {
        const waiting = s.waiting || 0;
        lines.push(h('p', {}, waiting ? tn('status.waiting', waiting) : t('status.nobodyWaiting')));
        const wait = toInt(s.estimatedWaitSeconds);
        if (waiting) lines.push(h('p', {}, t('status.expectedWait', { wait: waitInWords(wait) })));
      } else if (!s.professionalsOnDuty) {
        lines.push(h('p', {}, t('status.nobodyOnDuty')));
      } else {
        lines.push(h('p', {}, t('status.tooBusy')));
      }
    } else {
      lines.push(h('p', {}, t('status.closedExplain')));
      if (nextOpening) lines.push(h('p', { class: 'status__next' }, t('status.nextOpening', { when: dayAndTime(nextOpening, tz) })));
      else lines.push(h('p', {}, t('status.noNextOpening')));
    }
    const badge = s.open && s.accepting ? 'open' : 'closed';
    return h(
      'div',
      { class: 'status' },
      s.organisationName ? h('p', { class: 'status__org' }, s.organisationName) : null,
      h('h1', { class: 'status__title' }, s.name || t('client.title')),
      h('p', { class: ['badge', `badge--${badge}`] }, t(badge === 'open' ? 'status.badgeOpen' : 'status.badgeClosed')),
      s.description ? h('p', { class: 'status__description' }, s.description) : null,
      h('div', { class: 'status__lines' }, lines),
    );
  }

  #updateStatusCard() {
    const card = this.panel.querySelector('.status');
    if (!card || !this.status) return;
    const fresh = this.#statusCard();
    // Switching from closed to open (or back) changes what the person can do: rebuild the phase.
    const wasOpen = card.querySelector('.badge--open') !== null;
    const isOpen = fresh.querySelector('.badge--open') !== null;
    if (wasOpen !== isOpen && this.phase === 'status') this.#setPhase('status');
    else card.replaceWith(fresh);
  }

  #buildStatus() {
    this.panel.append(this.#statusCard());
    if (this.status.open && this.status.accepting) {
      this.panel.append(
        joinForm({
          consentDefault: this.status.transcriptConsentDefault === true,
          onSubmit: (values) => this.#join(values),
        }),
      );
    } else {
      this.extra.append(h('section', { class: 'card' }, offlineMessageForm({ onSubmit: (v) => this.#leaveOfflineMessage(v) })));
    }
  }

  #buildWaiting() {
    this.waitingLines = h('div', { class: 'waiting__lines' });
    this.questionText = h('p', { class: 'waiting__question' });
    this.panel.append(
      h('h1', {}, t('waiting.title')),
      this.waitingLines,
      h(
        'div',
        { class: 'waiting__question-box' },
        h('h2', { class: 'h3' }, t('waiting.yourQuestion')),
        this.questionText,
        h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => this.#editQuestion() }, t('waiting.editQuestion.button')),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => this.#leaveQueue() }, t('waiting.leave.button'))),
    );
    this.#updateWaiting();
  }

  #updateWaiting() {
    if (this.phase !== 'waiting' || !this.waitingLines) return;
    const q = this.queue;
    const lines = [];
    if (!q || !q.position) {
      lines.push(h('p', { class: 'waiting__position' }, t('waiting.inQueue')));
    } else {
      lines.push(h('p', { class: 'waiting__position' }, q.position === 1 ? t('waiting.next') : t('waiting.position', { n: q.position })));
      lines.push(h('p', {}, t('waiting.expectedWait', { wait: waitInWords(q.estimatedWaitSeconds) })));
    }
    if (q?.mayNotBeServed) {
      const closesAt = parseTime(q.closesAt);
      const tz = this.status?.timeZone || 'Europe/Amsterdam';
      lines.push(
        h(
          'div',
          { class: 'notice notice--warning' },
          h('p', {}, closesAt ? t('waiting.mayNotBeServedAt', { time: clockTime(closesAt, tz) }) : t('waiting.mayNotBeServed')),
          h('p', {}, t('waiting.mayNotBeServedAdvice')),
        ),
      );
    }
    lines.push(h('p', { class: 'muted' }, t('waiting.keepOpen')));
    this.waitingLines.replaceChildren(...lines);
    const question = q?.firstQuestion || '';
    this.questionText.textContent = question || t('waiting.noQuestion');
    this.questionText.classList.toggle('muted', !question);
  }

  #buildChatHeader() {
    this.chatTitle = h('h1', { class: 'h1--compact' });
    const consentBox = h('input', { type: 'checkbox', id: 'consent-toggle', 'aria-describedby': 'consent-toggle-hint' });
    consentBox.addEventListener('change', () => this.#setConsent(consentBox));
    this.consentBox = consentBox;
    this.consentSummary = h('summary', {});
    this.panel.append(
      this.chatTitle,
      h(
        'div',
        { class: 'chat-head' },
        h(
          'details',
          { class: 'chat-head__consent' },
          this.consentSummary,
          h(
            'div',
            { class: 'switch' },
            consentBox,
            h('label', { for: 'consent-toggle' }, t('chatPhase.consentLabel')),
            h('p', { class: 'field__hint', id: 'consent-toggle-hint' }, t('chatPhase.consentHint')),
          ),
        ),
        h('button', { type: 'button', class: 'btn btn--secondary btn--small', onclick: () => this.#endChat() }, t('chat.end.button')),
      ),
    );
    this.#updateChatHeader();
    announce(t('chatPhase.announce'));
  }

  #updateChatHeader() {
    if (this.phase !== 'chat' || !this.chatTitle) return;
    const pro = this.#chat?.model.professional;
    const text = pro?.displayName ? t('chatPhase.titleWith', { name: pro.displayName }) : t('chatPhase.title');
    if (this.chatTitle.textContent !== text) this.chatTitle.textContent = text;
    const model = this.#chat?.model;
    if (model?.subscribed && this.consentBox && !this.consentBox.disabled) this.consentBox.checked = model.transcriptConsent;
    const summary = t(this.consentBox?.checked ? 'chatPhase.consentSummaryYes' : 'chatPhase.consentSummaryNo');
    if (this.consentSummary && this.consentSummary.textContent !== summary) this.consentSummary.textContent = summary;
  }

  #buildEnded() {
    const reason = this.#chat?.model.endReason || '';
    this.panel.append(
      h('h1', {}, t('ended.title')),
      reason ? h('p', {}, t(`chat.ended.${reason}.client`)) : null,
      h('p', {}, t('ended.text')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.#startOver() }, t('ended.again'))),
    );
  }

  #buildNotNow(text, title = null) {
    this.panel.append(this.#statusCard());
    this.panel.querySelector('h1')?.removeAttribute('tabindex');
    const notice = h('div', { class: 'notice notice--info' }, title ? h('h2', { class: 'h3' }, title) : null, h('p', {}, text));
    this.panel.append(notice);
    if (this.status.open && this.status.accepting && this.phase !== 'refused') {
      this.panel.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.#startOver() }, t('ended.again'))));
    }
    this.extra.append(h('section', { class: 'card' }, offlineMessageForm({ onSubmit: (v) => this.#leaveOfflineMessage(v) })));
  }

  #buildSessionLost() {
    this.panel.append(
      h('h1', {}, t('sessionLost.title')),
      h('p', {}, t('sessionLost.text')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.#startOver() }, t('ended.again'))),
    );
  }

  #showPanelError(message) {
    const existing = this.panel.querySelector('.panel-error');
    const notice = h('p', { class: 'notice notice--error panel-error', role: 'alert' }, message);
    if (existing) existing.replaceWith(notice);
    else this.panel.append(notice);
  }
}
