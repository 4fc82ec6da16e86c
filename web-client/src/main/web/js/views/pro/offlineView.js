// /pro/offline: messages people left while nobody could chat; mark them handled.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { shortDateTime, parseTime } from '../../format.js';
import { errorText } from '../errors.js';
import { ALL_OFFICE_HOURS, officeHourPicker } from './officeHourPicker.js';

/**
 * The messages of several office hours as one list, newest first, each with the office hour it came from.
 * @param {Array<{officeHourId: string, messages: object[]}>} lists
 */
export function mergeOfflineLists(lists) {
  const all = lists.flatMap(({ officeHourId, messages }) => (messages || []).map((m) => ({ ...m, officeHourId: m.officeHourId || officeHourId })));
  const time = (m) => parseTime(m.createdAt)?.getTime() || 0;
  return all.sort((a, b) => time(b) - time(a));
}

export class OfflineMessagesView {
  #session;
  #model;

  constructor({ session, model }) {
    this.#session = session;
    this.#model = model;
    this.list = h('div', { 'aria-live': 'off' });
    this.status = h('p', { class: 'muted', role: 'status' });
    // All office hours by default: a message is never hidden behind another office hour's empty list.
    this.picker = officeHourPicker({ session, model, onChange: () => this.#load(), allOption: true });
    this.includeHandled = h('input', { type: 'checkbox', id: 'include-handled' });
    this.includeHandled.addEventListener('change', () => this.#load());
    this.element = h(
      'section',
      { class: 'card' },
      h('h1', {}, t('pro.offline.title')),
      h('div', { class: 'inline-fields' }, this.picker.wrapper, h('div', { class: 'check' }, this.includeHandled, h('label', { for: 'include-handled' }, t('pro.offline.includeHandled')))),
      this.status,
      this.list,
    );
  }

  mount() {
    if (this.picker.select.value) this.#load();
  }

  async #load() {
    const officeHourId = this.picker.select.value;
    if (!officeHourId) return;
    this.status.textContent = t('common.loading');
    const all = officeHourId === ALL_OFFICE_HOURS;
    const ids = all ? this.#model.order : [officeHourId];
    const includeHandled = this.includeHandled.checked;
    const results = await Promise.allSettled(ids.map((id) => this.#session.connection
      .request({ listOfflineMessages: { officeHourId: id, includeHandled } })
      .then(({ payload }) => ({ officeHourId: id, messages: payload.messages || [] }))));
    const loaded = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    if (!loaded.length) {
      this.status.textContent = errorText(results[0]?.reason);
      return;
    }
    this.#render(mergeOfflineLists(loaded), all);
  }

  #render(messages, all = false) {
    this.status.textContent = messages.length ? '' : t(all ? 'pro.offline.emptyAll' : 'pro.offline.empty');
    this.list.replaceChildren(
      h(
        'ul',
        { class: 'offline-list' },
        messages.map((m) => {
          const tz = this.#model.officeHours.get(m.officeHourId)?.timeZone;
          const created = parseTime(m.createdAt);
          const handled = parseTime(m.handledAt);
          return h(
            'li',
            { 'data-id': m.id },
            h('h2', { class: 'h3' }, m.nickname || t('pro.offline.anonymous'), created ? h('span', { class: 'muted' }, ` · ${shortDateTime(created, tz)}`) : null),
            all ? h('p', { class: 'muted' }, this.#model.officeHourName(m.officeHourId) || '') : null,
            h('p', { class: 'offline-list__text' }, m.text),
            m.contact ? h('p', {}, h('strong', {}, t('pro.offline.contact')), ' ', m.contact) : h('p', { class: 'muted' }, t('pro.offline.noContact')),
            handled
              ? h('p', { class: 'offline-list__handled' }, this.#handledText(m, shortDateTime(handled, tz)))
              : h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: (e) => this.#handle(m, e.currentTarget) }, t('pro.offline.markHandled')),
          );
        }),
      ),
    );
  }

  /** handled_by is an account id: name it when we know who that is (me, or a colleague on duty). */
  #handledText(message, time) {
    const id = message.handledBy || '';
    let name = '';
    if (id && id === this.#session.principalId) name = t('pro.offline.handledByYou');
    else if (id) {
      for (const view of this.#model.queueViews.values()) {
        name = (view.onDuty || []).find((p) => p.professionalId === id)?.displayName || name;
      }
    }
    return name ? t('pro.offline.handledBy', { name, time }) : t('pro.offline.handledAt', { time });
  }

  async #handle(message, button) {
    button.disabled = true;
    try {
      await this.#session.connection.request({ handleOfflineMessage: { offlineMessageId: message.id } });
      this.status.textContent = t('pro.offline.marked');
      await this.#load();
      this.list.querySelector('button')?.focus();
    } catch (err) {
      button.disabled = false;
      this.status.textContent = errorText(err);
    }
  }

  dispose() {}
}
