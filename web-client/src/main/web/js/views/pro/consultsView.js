// /pro/consults: plan a video consult (date, time, duration) and get the one-time link for the client; the list of
// planned consults (link state, withdraw the link). /pro/consults/<id>: one consult, with its call and its chat.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { dayAndTime, parseTime } from '../../format.js';
import { errorText } from '../errors.js';
import { ChatPanel } from '../chat.js';
import { CallPanel } from '../call/callPanel.js';

const TIME_ZONE = 'Europe/Amsterdam';
const DURATIONS = [15, 30, 45, 60, 90];

/** The client's link for a join code, on this server. Exported for tests. */
export function consultLink(joinCode, origin = globalThis.location?.origin || '') {
  return `${origin}/v/${encodeURIComponent(joinCode)}`;
}

/**
 * The instant a professional means with a date and a time typed in a form, in the organisation's time zone
 * (Europe/Amsterdam, also when the browser runs elsewhere). Returns null for something that is not a date/time.
 * Exported for tests.
 */
export function zonedInstant(date, time, timeZone = TIME_ZONE) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  const n = /^(\d{2}):(\d{2})$/.exec(time || '');
  if (!m || !n) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +n[1], +n[2]);
  // The zone's offset at that moment (twice, so a time near a DST switch settles on the right side).
  let instant = asUtc;
  for (let i = 0; i < 2; i++) instant = asUtc - offsetMs(instant, timeZone);
  return new Date(instant);
}

function offsetMs(instant, timeZone) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(instant))
    .reduce((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return local - Math.floor(instant / 1000) * 1000;
}

function whenText(consult) {
  const start = parseTime(consult.startsAt);
  return start ? t('pro.consults.item', { when: dayAndTime(start, TIME_ZONE), minutes: consult.durationMinutes || 0 }) : '';
}

/** The link in a read-only field with a copy button. */
function linkBox(joinCode) {
  const input = h('input', { type: 'text', readonly: 'readonly', class: 'consult-link', value: consultLink(joinCode) });
  const copy = h('button', { type: 'button', class: 'btn btn--secondary btn--small' }, t('pro.consults.copy'));
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      document.execCommand?.('copy');
    }
    announce(t('pro.consults.copied'));
  });
  return { ...field({ label: t('pro.consults.link'), input }), copy };
}

export class ConsultsView {
  #session;
  #navigate;

  constructor({ session, navigate }) {
    this.#session = session;
    this.#navigate = navigate;
    this.result = h('div', { class: 'consult-result', 'aria-live': 'polite' });
    this.list = h('div', {});
    this.status = h('p', { class: 'muted', role: 'status' });
    this.element = h(
      'div',
      { class: 'consults' },
      h('section', { class: 'card' }, h('h1', {}, t('pro.consults.title')), h('h2', {}, t('pro.consults.planTitle')), this.#form(), this.result),
      h('section', { class: 'card', 'aria-labelledby': 'consults-list-title' }, h('h2', { id: 'consults-list-title' }, t('pro.consults.listTitle')), this.status, this.list),
    );
  }

  mount() {
    this.#load();
  }

  #form() {
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const date = field({ label: t('pro.consults.date'), input: h('input', { type: 'date', name: 'date', required: true, value: tomorrow.toISOString().slice(0, 10) }) });
    const time = field({ label: t('pro.consults.time'), input: h('input', { type: 'time', name: 'time', required: true, value: '10:00', step: '300' }) });
    const duration = field({
      label: t('pro.consults.duration'),
      input: h('select', { name: 'duration' }, DURATIONS.map((n) => h('option', { value: String(n), selected: n === 30 }, String(n)))),
    });
    const label = field({ label: t('pro.consults.label'), hint: t('pro.consults.labelHint'), optional: t('common.optional'), input: h('input', { type: 'text', name: 'label', maxlength: '80', autocomplete: 'off' }) });
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn btn--primary' }, t('pro.consults.plan'));
    const form = h('form', { class: 'form', novalidate: true }, h('div', { class: 'inline-fields' }, date.wrapper, time.wrapper, duration.wrapper), label.wrapper, error, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const startsAt = zonedInstant(date.input.value, time.input.value);
      if (!startsAt) {
        error.textContent = t('error.INVALID_ARGUMENT');
        error.hidden = false;
        return;
      }
      submit.disabled = true;
      try {
        const { payload } = await this.#session.connection.request({
          scheduleConsult: { startsAt: startsAt.toISOString(), durationMinutes: Number(duration.input.value), label: label.input.value.trim() },
        });
        error.hidden = true;
        this.#showPlanned(payload);
        this.#load();
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  #showPlanned(consult) {
    const until = parseTime(consult.linkExpiresAt);
    const box = linkBox(consult.joinCode);
    this.result.replaceChildren(
      h('div', { class: 'notice notice--success' },
        h('p', {}, t('pro.consults.planned', { until: until ? dayAndTime(until, TIME_ZONE) : '' })),
        box.wrapper,
        box.copy),
    );
    box.input.focus();
    box.input.select();
  }

  async #load() {
    this.status.textContent = t('common.loading');
    let consults;
    try {
      const { payload } = await this.#session.connection.request({ listScheduledConsults: {} });
      consults = payload.consults || [];
    } catch (err) {
      this.status.textContent = errorText(err);
      return;
    }
    this.status.textContent = consults.length ? '' : t('pro.consults.none');
    this.list.replaceChildren(
      h('ul', { class: 'consult-list' }, consults.map((c) => h(
        'li',
        { class: 'consult-item' },
        h('p', {}, h('strong', {}, whenText(c)), c.label ? ` · ${c.label}` : '', ' · ', t(`pro.consults.state.${c.linkState || 'LINK_OPEN'}`)),
        h('div', { class: 'actions' },
          h('a', { class: 'btn btn--primary btn--small', href: `/pro/consults/${encodeURIComponent(c.id)}`, 'data-link': '' }, t('pro.consults.open')),
          c.linkState === 'LINK_OPEN'
            ? h('button', { type: 'button', class: 'btn btn--secondary btn--small', onclick: () => this.#revoke(c) }, t('pro.consults.revoke'))
            : null),
      ))),
    );
  }

  async #revoke(consult) {
    try {
      await this.#session.connection.request({ revokeConsultLink: { consultId: consult.id } });
      announce(t('pro.consults.revoked'));
    } catch (err) {
      this.status.textContent = errorText(err);
    }
    this.#load();
  }

  dispose() {}
}

/** /pro/consults/<id>: the consult's call (start it, or let the waiting client in) and its chat. */
export class ConsultDetailView {
  #session;
  #consultId;
  #call = null;
  #chat = null;

  constructor({ session, consultId }) {
    this.#session = session;
    this.#consultId = consultId;
    this.element = h('section', { class: 'card consult-detail' }, h('p', { class: 'loading' }, t('common.loading')));
  }

  async mount() {
    let consult;
    try {
      const { payload } = await this.#session.connection.request({ listScheduledConsults: { includePast: true } });
      consult = (payload.consults || []).find((c) => c.id === this.#consultId);
    } catch (err) {
      this.element.replaceChildren(h('h1', {}, t('pro.consults.title')), h('p', {}, errorText(err)));
      return;
    }
    const back = h('p', {}, h('a', { href: '/pro/consults', 'data-link': '' }, t('pro.consults.back')));
    if (!consult) {
      this.element.replaceChildren(h('h1', {}, t('pro.consults.title')), h('p', {}, t('pro.consults.notFound')), back);
      return;
    }
    const hub = this.#session.hub;
    this.#chat = new ChatPanel({ hub, conversationId: consult.conversationId, audience: 'pro' });
    const chat = this.#chat;
    this.#call = new CallPanel({
      connection: this.#session.connection,
      conversationId: consult.conversationId,
      myParticipantId: () => chat.model.myParticipantId,
      audience: 'pro',
      whenNoCall: 'start',
    });
    const start = parseTime(consult.startsAt);
    const box = consult.linkState === 'LINK_OPEN' ? linkBox(consult.joinCode) : null;
    this.element.replaceChildren(
      back,
      h('h1', { class: 'h1--compact' }, t('pro.consults.detailTitle', { when: start ? dayAndTime(start, TIME_ZONE) : '' })),
      h('p', { class: 'muted' }, [consult.label, t(`pro.consults.state.${consult.linkState || 'LINK_OPEN'}`)].filter(Boolean).join(' · ')),
      box ? h('div', {}, box.wrapper, box.copy) : null,
      this.#call.element,
      h('h2', { class: 'h3' }, t('consult.chatTitle')),
      this.#chat.element,
    );
  }

  dispose() {
    this.#call?.dispose();
    this.#chat?.dispose();
  }
}
