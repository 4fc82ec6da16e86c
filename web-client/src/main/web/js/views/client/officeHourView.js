// /s/<org>/<officeHourSlug>: the page an inwoner reaches from the organisation's website. What phase the person is
// in and how it moves on lives in officeHourModel.js; this view draws each phase and forwards what the person does.
import { h, clear, focusHeading } from '../../dom.js';
import { t, tn, loadTexts } from '../../i18n.js';
import { toInt, clockTime, dayAndTime, longDate, openUntilText, parseTime, timeRanges, waitInWords } from '../../format.js';
import { isAlwaysOpen, scheduleByDay } from '../../schedule.js';
import { attention } from '../../notify.js';
import { onQuickExit } from '../../quickexit.js';
import { OfficeHourModel, Phase, statusBadge } from '../../officeHourModel.js';
import { joinForm, offlineMessageForm, QUESTION_MAX } from './forms.js';
import { errorText } from '../errors.js';

const BADGE_TEXT = { open: 'status.badgeOpen', busy: 'status.badgeBusy', closed: 'status.badgeClosed' };

/**
 * What the organisation itself says a client can do after the chat or outside opening hours (set by its admin,
 * OfficeHourStatus.whatNow): its text, phone number and web page. Null when it set nothing.
 */
export function organisationWhatNow(status) {
  const w = status?.whatNow;
  if (!w || !(w.text || w.phone || w.website)) return null;
  const tel = (w.phone || '').replace(/[^0-9+]/g, '');
  return h(
    'div',
    { class: 'what-now__org' },
    w.text ? h('p', { class: 'what-now', dir: 'auto' }, w.text) : null,
    w.phone ? h('p', {}, t('whatNow.phone', { name: status.organisationName || '' }), ' ', h('a', { href: `tel:${tel}` }, w.phone)) : null,
    // Only https:// addresses are stored (the server checks), so the link cannot run script.
    w.website?.startsWith('https://') ? h('p', {}, h('a', { href: w.website, rel: 'noopener noreferrer', target: '_blank' }, t('whatNow.website', { name: status.organisationName || '' }))) : null,
  );
}

/** The weekly opening hours and the exception dates of the next two weeks, as the status tells them. */
function scheduleSection(status) {
  const slots = status.weeklySlots || [];
  const exceptions = status.upcomingExceptions || [];
  if (!slots.length && !exceptions.length) return null;
  const days = isAlwaysOpen(slots)
    ? [h('li', {}, t('schedule.alwaysOpen'))]
    : scheduleByDay(slots).map(({ day, ranges }) => {
      const wholeDay = ranges.length === 1 && ranges[0].start === '00:00' && ranges[0].end === '00:00';
      return h('li', {}, h('span', { class: 'schedule__day' }, t(`weekday.${day}`)), ' ', wholeDay ? t('schedule.wholeDay') : timeRanges(ranges));
    });
  const changes = exceptions.map((e) => {
    const when = longDate(e.date) + (e.label ? ` (${e.label})` : '');
    return h('li', {}, e.hours?.length ? t('schedule.otherHours', { when, hours: timeRanges(e.hours) }) : t('schedule.closedOn', { when }));
  });
  return h(
    'div',
    { class: 'schedule' },
    h('h2', { class: 'h3' }, t('schedule.title')),
    days.length ? h('ul', { class: 'schedule__days' }, days) : null,
    changes.length ? h('p', { class: 'schedule__note' }, t('schedule.changes')) : null,
    changes.length ? h('ul', { class: 'schedule__changes' }, changes) : null,
  );
}

/**
 * chatParts.js (and the texts it shows) once loaded: the model awaits loadChatParts() before it first uses a
 * session (beforeSession).
 */
let parts = null;
let partsLoading = null;
function loadChatParts() {
  partsLoading ??= Promise.all([import('./chatParts.js'), loadTexts('client')]).then(
    ([loaded]) => (parts = loaded),
    (err) => {
      partsLoading = null;
      throw err;
    },
  );
  return partsLoading;
}

export class ClientOfficeHourView {
  #model;
  #off = [];
  #chat = null;
  #call = null;
  #callLoading = null; // the recorder of the call panel being loaded for the current chat
  #connectionStatus = null;
  #prefetched = false;

  constructor({ organisation, slug }) {
    this.#model = new OfficeHourModel({ organisation, slug, beforeSession: loadChatParts });
    this.connSlot = h('div', { class: 'conn-slot' });
    this.panel = h('section', { class: 'card', 'aria-live': 'off' });
    this.callSlot = h('div', { class: 'call-slot' });
    this.chatSlot = h('section', { class: 'card chat-card', hidden: true, 'aria-labelledby': 'chat-title' });
    this.extra = h('div', { class: 'extra' });
    this.element = h(
      'div',
      { class: 'client' },
      this.connSlot,
      this.panel,
      this.callSlot,
      this.chatSlot,
      this.extra,
      h('p', { class: 'help-emergency' }, t('client.emergency')),
    );
    const m = this.#model;
    this.#off.push(
      onQuickExit(() => this.dispose()),
      m.on('phase', (change) => this.#render(change)),
      m.on('status', () => this.#updateStatusCard()),
      m.on('queue', () => this.#updateWaiting()),
      m.on('joined', () => parts.announce(t('waiting.announceJoined'))),
      m.on('movedUp', (n) => parts.announce(n === 1 ? t('waiting.announceNext') : t('waiting.announcePosition', { n }))),
      m.on('called', () => attention()),
      m.on('connection', (connection) => this.#showConnection(connection)),
      m.on('sessionEnded', () => this.#showConnection(null)),
      m.on('conversation', (conversationId) => this.#showChat(conversationId)),
      m.on('conversationChange', () => this.#updateChatHeader()),
      m.on('conversationClosed', () => this.#hideChat()),
    );
  }

  async mount(root) {
    root.append(this.element);
    await this.#model.start();
  }

  dispose() {
    for (const off of this.#off) off();
    this.#off = [];
    this.#chat?.dispose();
    this.#dropCall();
    this.#connectionStatus?.dispose();
    this.#model.dispose();
  }

  #showConnection(connection) {
    this.#connectionStatus?.dispose();
    this.#connectionStatus = connection ? new parts.ConnectionStatus(connection) : null;
    this.connSlot.replaceChildren(...(connection ? [this.#connectionStatus.element] : []));
  }

  #showChat(conversationId) {
    this.#chat?.dispose();
    this.#chat = new parts.ChatPanel({ hub: this.#model.hub, conversationId, audience: 'client' });
    this.chatSlot.replaceChildren(
      h('h2', { id: 'chat-title', class: 'chat-card__title' }, t('chat.title')),
      h('p', { class: 'chat-card__hint', id: 'chat-hint' }),
      this.#chat.element,
    );
    this.chatSlot.hidden = false;
    this.#updateChatHint();
    this.#loadCall(conversationId, this.#chat);
  }

  /**
   * A video call in this chat (the professional invites): pre-join, lobby and call above the chat. The call code
   * is not part of the start page: it loads now, and what the connection brings for the call meanwhile (the
   * call's events in the chat's history, the other side's signals after a reload) is kept and handed to the
   * panel in order, the moment it is created.
   */
  #loadCall(conversationId, chat) {
    this.#dropCall();
    const recorder = parts.recordConnection(this.#model.hub.connection, parts.CALL_EVENTS);
    this.#callLoading = recorder;
    import('../call/callPanel.js').then(
      ({ CallPanel }) => {
        if (this.#callLoading !== recorder) return; // the chat ended or the page was left meanwhile
        this.#callLoading = null;
        this.#call = new CallPanel({
          connection: recorder.connection,
          conversationId,
          myParticipantId: () => chat.model.myParticipantId,
          audience: 'client',
          hostName: () => chat.model.professional?.displayName || '',
        });
        this.callSlot.replaceChildren(h('div', { class: 'card call-card' }, this.#call.element));
        const card = this.callSlot.firstChild;
        const sync = () => (card.hidden = this.#call?.element.hidden !== false);
        this.#call.onChange = sync;
        sync();
        // In the same task as the panel's creation: nothing the socket brings can come in between. The panel is
        // in the page by now, as it would have been had it always been there (it may move focus to the pre-join).
        recorder.replay();
      },
      (err) => {
        if (this.#callLoading !== recorder) return;
        this.#callLoading = null;
        recorder.stop();
        console.warn('call panel not loaded', err);
      },
    );
  }

  #dropCall() {
    this.#callLoading?.stop();
    this.#callLoading = null;
    this.#call?.dispose();
    this.#call = null;
    this.callSlot.replaceChildren();
  }

  #hideChat() {
    this.#dropCall();
    this.#chat?.dispose();
    this.#chat = null;
    this.chatSlot.replaceChildren();
    this.chatSlot.hidden = true;
  }

  #updateChatHint() {
    const hint = this.chatSlot.querySelector('#chat-hint');
    if (!hint) return;
    const waiting = this.#model.phase === Phase.WAITING;
    hint.textContent = waiting ? t('chat.hintWaiting') : '';
    hint.hidden = !waiting;
  }

  // --- user input ---

  async #join(values) {
    try {
      await this.#model.join(values);
    } catch (err) {
      if (err?.code === 'TOO_LARGE') throw { field: 'firstQuestion', message: t('join.question.tooLong') };
      if (err?.code === 'INVALID_ARGUMENT') throw { field: 'nickname', message: t('join.nickname.invalid') };
      throw { field: null, message: errorText(err) };
    }
  }

  async #leaveOfflineMessage(values) {
    try {
      await this.#model.leaveOfflineMessage(values);
    } catch (err) {
      throw { message: errorText(err) };
    }
  }

  async #editQuestion() {
    const textarea = h('textarea', { id: 'edit-question', rows: '5', maxlength: String(QUESTION_MAX) });
    textarea.value = this.#model.queue?.firstQuestion || '';
    const error = h('p', { class: 'field__error', role: 'alert', hidden: true });
    await parts.openDialog({
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
              await this.#model.updateFirstQuestion(textarea.value.trim());
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

  /** Ask first (a confirmDialog with these texts); then do `action` and show its failure on the panel. */
  async #confirmThen(question, action) {
    if (!(await parts.confirmDialog({ ...question, danger: true }))) return;
    try {
      await action();
    } catch (err) {
      this.#showPanelError(errorText(err));
    }
  }

  #leaveQueue() {
    const question = { title: t('waiting.leave.title'), text: t('waiting.leave.text'), confirmLabel: t('waiting.leave.confirm') };
    return this.#confirmThen(question, () => this.#model.leaveQueue());
  }

  #endChat() {
    const question = { title: t('chat.end.title'), text: t('chat.end.text'), confirmLabel: t('chat.end.confirm') };
    return this.#confirmThen(question, () => this.#model.endChat());
  }

  async #setConsent(checkbox) {
    const consent = checkbox.checked;
    checkbox.disabled = true;
    try {
      await this.#model.setTranscriptConsent(consent);
    } catch (err) {
      checkbox.checked = !consent;
      this.#showPanelError(errorText(err));
    } finally {
      checkbox.disabled = false;
      this.#updateChatHeader();
    }
  }

  #startOver() {
    this.#model.startOver();
  }

  // --- rendering ---

  /** Draw the phase the model moved to (or re-entered). */
  #render({ phase, previous, detail }) {
    const m = this.#model;
    if (phase === Phase.STATUS && !this.#prefetched) {
      // The page is usable: fetch what joining needs while the person reads and types.
      this.#prefetched = true;
      (globalThis.requestIdleCallback || ((fn) => setTimeout(fn, 0)))(() => m.prefetch());
    }
    clear(this.panel);
    clear(this.extra);
    const build = {
      [Phase.LOADING]: () => this.panel.append(h('p', { class: 'loading' }, t('common.loading'))),
      [Phase.ERROR]: () => this.#buildError(detail),
      [Phase.STATUS]: () => this.#buildStatus(),
      [Phase.WAITING]: () => this.#buildWaiting(),
      [Phase.CHAT]: () => this.#buildChatHeader(),
      [Phase.ENDED]: () => this.#buildEnded(),
      [Phase.REFUSED]: () => this.#buildNotNow(t(`refused.${m.refusal}`)),
      [Phase.LEFT]: () => this.#buildNotNow(t('left.text'), t('left.title')),
      [Phase.EXPIRED]: () => this.#buildNotNow(t('expired.text'), t('expired.title')),
      [Phase.NOT_SERVED]: () => this.#buildNotNow(t('notServed.text'), t('notServed.title')),
      [Phase.SESSION_LOST]: () => this.#buildSessionLost(),
    }[phase];
    build();
    if (this.#chat && [Phase.LEFT, Phase.EXPIRED, Phase.NOT_SERVED, Phase.SESSION_LOST].includes(phase)) {
      this.chatSlot.hidden = true;
    } else if (this.#chat) {
      this.chatSlot.hidden = false;
    }
    this.#updateChatHint();
    // While chatting the messages are the page; their heading only needs to exist for screen readers.
    this.chatSlot.querySelector('.chat-card__title')?.classList.toggle('visually-hidden', phase === Phase.CHAT || phase === Phase.ENDED);
    // Move focus to the new heading so screen readers hear what changed, but never pull it out of the
    // message box while someone is typing.
    const changed = phase !== previous;
    if (changed && previous !== Phase.LOADING && phase !== Phase.LOADING && !this.chatSlot.contains(document.activeElement)) focusHeading(this.panel);
  }

  #buildError(kind) {
    this.panel.append(h('h1', {}, t(`client.${kind}.title`)), h('p', {}, t(`client.${kind}.text`)));
    if (kind === 'loadFailed') {
      this.panel.append(
        h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.#model.retry() }, t('common.tryAgain')),
      );
    }
  }

  /** The status card: name, open/closed, when, how busy. */
  #statusCard() {
    const s = this.#model.status;
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
        // Open, but nobody free: say so (not "closed"); the line above says until when it is open.
        lines.push(h('p', {}, t('status.nobodyOnDuty')));
      } else {
        lines.push(h('p', {}, t('status.tooBusy')));
      }
    } else {
      lines.push(h('p', {}, t('status.closedExplain')));
      if (nextOpening) lines.push(h('p', { class: 'status__next' }, t('status.nextOpening', { when: dayAndTime(nextOpening, tz) })));
      else lines.push(h('p', {}, t('status.noNextOpening')));
    }
    const badge = statusBadge(s);
    return h(
      'div',
      { class: 'status' },
      s.organisationName ? h('p', { class: 'status__org' }, s.organisationName) : null,
      h('h1', { class: 'status__title' }, s.name || t('client.title')),
      h('p', { class: ['badge', `badge--${badge}`] }, t(BADGE_TEXT[badge])),
      s.description ? h('p', { class: 'status__description' }, s.description) : null,
      h('div', { class: 'status__lines' }, lines),
      s.open && s.accepting ? null : organisationWhatNow(s),
      scheduleSection(s),
    );
  }

  #updateStatusCard() {
    const card = this.panel.querySelector('.status');
    if (!card || !this.#model.status) return;
    const fresh = this.#statusCard();
    // Switching from closed to open (or back) changes what the person can do: rebuild the phase.
    const wasOpen = card.querySelector('.badge--open') !== null;
    const isOpen = fresh.querySelector('.badge--open') !== null;
    if (wasOpen !== isOpen && this.#model.phase === Phase.STATUS) this.#render({ phase: Phase.STATUS, previous: Phase.STATUS });
    else card.replaceWith(fresh);
  }

  #buildStatus() {
    const status = this.#model.status;
    this.panel.append(this.#statusCard());
    if (status.open && status.accepting) {
      this.panel.append(
        joinForm({
          consentDefault: status.transcriptConsentDefault === true,
          retentionDays: status.retentionDays,
          onSubmit: (values) => this.#join(values),
        }),
      );
    } else {
      this.extra.append(h('section', { class: 'card' }, offlineMessageForm({ open: status.open === true, onSubmit: (v) => this.#leaveOfflineMessage(v) })));
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
    if (this.#model.phase !== Phase.WAITING || !this.waitingLines) return;
    const q = this.#model.queue;
    const lines = [];
    if (!q || !q.position) {
      lines.push(h('p', { class: 'waiting__position' }, t('waiting.inQueue')));
    } else {
      lines.push(h('p', { class: 'waiting__position' }, q.position === 1 ? t('waiting.next') : t('waiting.position', { n: q.position })));
      lines.push(h('p', {}, t('waiting.expectedWait', { wait: waitInWords(q.estimatedWaitSeconds) })));
    }
    if (q?.mayNotBeServed) {
      const closesAt = parseTime(q.closesAt);
      const tz = this.#model.status?.timeZone || 'Europe/Amsterdam';
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
    parts.announce(t('chatPhase.announce'));
  }

  #updateChatHeader() {
    if (this.#model.phase !== Phase.CHAT || !this.chatTitle) return;
    const pro = this.#chat?.model.professional;
    const text = pro?.displayName ? t('chatPhase.titleWith', { name: pro.displayName }) : t('chatPhase.title');
    if (this.chatTitle.textContent !== text) this.chatTitle.textContent = text;
    const model = this.#chat?.model;
    if (model?.subscribed && this.consentBox && !this.consentBox.disabled) this.consentBox.checked = model.transcriptConsent;
    const summary = t(this.consentBox?.checked ? 'chatPhase.consentSummaryYes' : 'chatPhase.consentSummaryNo');
    if (this.consentSummary && this.consentSummary.textContent !== summary) this.consentSummary.textContent = summary;
  }

  #buildEnded() {
    this.panel.append(
      ...parts.endedSection({
        officeHour: this.#model,
        chat: this.#chat?.model ?? null,
        onStartOver: () => this.#startOver(),
        removeCopyOffer: () => this.panel.querySelector('.ended__copy')?.remove(),
      }),
    );
  }

  #buildNotNow(text, title = null) {
    this.panel.append(this.#statusCard());
    this.panel.querySelector('h1')?.removeAttribute('tabindex');
    const notice = h('div', { class: 'notice notice--info' }, title ? h('h2', { class: 'h3' }, title) : null, h('p', {}, text));
    this.panel.append(notice);
    const status = this.#model.status;
    if (status.open && status.accepting && this.#model.phase !== Phase.REFUSED) {
      this.panel.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => this.#startOver() }, t('ended.again'))));
    }
    this.extra.append(h('section', { class: 'card' }, offlineMessageForm({ open: status.open === true, onSubmit: (v) => this.#leaveOfflineMessage(v) })));
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
