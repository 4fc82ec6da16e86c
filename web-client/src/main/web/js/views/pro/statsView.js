// /pro/stats: daily aggregates per office hour for a date range, as a table.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { duration, isoDate } from '../../format.js';
import { errorText } from '../errors.js';
import { officeHourPicker } from './officeHourPicker.js';

const COUNT_COLUMNS = ['clientsJoined', 'clientsServed', 'abandonedWhileWaiting', 'refusedAtAdmission', 'offlineMessages', 'transfers', 'quickExits', 'videoEscalations'];
const DURATION_COLUMNS = ['waitP50Seconds', 'waitP90Seconds', 'chatDurationP50Seconds', 'chatDurationP90Seconds'];
const COLUMNS = ['clientsJoined', 'clientsServed', 'abandonedWhileWaiting', 'refusedAtAdmission', 'offlineMessages', 'waitP50Seconds', 'waitP90Seconds', 'chatDurationP50Seconds', 'chatDurationP90Seconds', 'transfers', 'quickExits', 'videoEscalations'];

export class StatisticsView {
  #session;
  #model;

  constructor({ session, model }) {
    this.#session = session;
    this.#model = model;
    const today = new Date();
    const weekAgo = new Date(today.getTime() - 6 * 86400000);
    this.picker = officeHourPicker({ session, model, onChange: () => {} });
    this.from = field({ label: t('pro.stats.from'), input: h('input', { type: 'date', name: 'from', value: isoDate(weekAgo) }) });
    this.to = field({ label: t('pro.stats.to'), input: h('input', { type: 'date', name: 'to', value: isoDate(today) }) });
    this.status = h('p', { class: 'muted', role: 'status' });
    this.result = h('div', {});
    const form = h(
      'form',
      { class: 'inline-fields', novalidate: true },
      this.picker.wrapper,
      this.from.wrapper,
      this.to.wrapper,
      h('button', { type: 'submit', class: 'btn btn--primary' }, t('pro.stats.show')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#load();
    });
    this.element = h('section', { class: 'card' }, h('h1', {}, t('pro.stats.title')), h('p', {}, t('pro.stats.intro')), form, this.status, this.result);
  }

  mount() {
    if (this.picker.select.value) this.#load();
  }

  async #load() {
    const officeHourId = this.picker.select.value;
    const fromDate = this.from.input.value;
    const toDate = this.to.input.value;
    this.to.setError(null);
    if (!officeHourId) return;
    if (fromDate && toDate && fromDate > toDate) {
      this.to.setError(t('pro.stats.rangeError'));
      this.to.input.focus();
      return;
    }
    this.status.textContent = t('common.loading');
    try {
      const { payload } = await this.#session.connection.request({ getStatistics: { officeHourId, fromDate, toDate } });
      this.#render(payload.days || [], officeHourId);
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  #render(days, officeHourId) {
    this.status.textContent = days.length ? '' : t('pro.stats.empty');
    if (!days.length) {
      this.result.replaceChildren();
      return;
    }
    const cell = (day, key) => {
      const value = day[key];
      if (DURATION_COLUMNS.includes(key)) return value === undefined || value === '0' ? '–' : duration(value);
      return String(value ?? 0);
    };
    const totals = Object.fromEntries(COUNT_COLUMNS.map((key) => [key, days.reduce((sum, d) => sum + Number(d[key] || 0), 0)]));
    const table = h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, t('pro.stats.caption', { name: this.#model.officeHourName(officeHourId) })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('pro.stats.col.date')), COLUMNS.map((key) => h('th', { scope: 'col' }, t(`pro.stats.col.${key}`))))),
      h('tbody', {}, days.map((day) => h('tr', {}, h('th', { scope: 'row' }, day.date), COLUMNS.map((key) => h('td', {}, cell(day, key)))))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('pro.stats.total')), COLUMNS.map((key) => h('td', {}, COUNT_COLUMNS.includes(key) ? String(totals[key]) : '')))),
    );
    this.result.replaceChildren(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('pro.stats.tableLabel') }, table));
  }

  dispose() {}
}
