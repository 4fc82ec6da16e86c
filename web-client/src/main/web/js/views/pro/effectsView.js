// /pro/effects and /pro/effects/benchmark: the effect report (org-admins and kwaliteitsmedewerkers). The figures
// come from GET /api/effects/... (aggregates the server computed beforehand, small counts already shown as "< 5").
// Each chart is an SVG the server drew (aria-hidden); next to it a table with the same figures for everyone.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { downloadBlob, effects, setEffectsParticipation } from '../../api.js';
import { errorText } from '../errors.js';
import { isoDate } from '../../format.js';

const PERIODS = ['month', 'week', 'quarter', 'day'];
const CHANNELS = ['OFFICE_HOUR_CHAT', 'GROUP_ROOM', 'VIDEO_CONSULT'];

/** Builds the SVG the server sent as a node (parsed as SVG, not HTML; it holds no script or style attribute). */
function svgNode(markup) {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return h('p', {}, '');
  return document.importNode(svg, true);
}

export class EffectsView {
  #session;
  #benchmark;
  #scopes = [];

  constructor({ session, benchmark = false }) {
    this.#session = session;
    this.#benchmark = benchmark;
    const today = new Date();
    const yearAgo = new Date(today.getFullYear() - 1, today.getMonth() + 1, 1);
    this.period = h('select', { name: 'period', id: 'effects-period' }, PERIODS.map((p) => h('option', { value: p }, t(`effects.period.${p}`))));
    this.channel = h('select', { name: 'channel', id: 'effects-channel' }, CHANNELS.map((c) => h('option', { value: c }, t(`effects.channel.${c}`))));
    this.scope = h('select', { name: 'scope', id: 'effects-scope' }, h('option', { value: '*' }, t('effects.scope.all')));
    this.from = h('input', { type: 'date', name: 'from', id: 'effects-from', value: isoDate(yearAgo) });
    this.to = h('input', { type: 'date', name: 'to', id: 'effects-to', value: isoDate(today) });
    const label = (id, text, input) => h('div', { class: 'field' }, h('label', { for: id, class: 'field__label' }, text), input);
    const form = h(
      'form',
      { class: 'inline-fields effects__filters no-print', novalidate: true },
      label('effects-period', t('effects.filter.period'), this.period),
      label('effects-channel', t('effects.filter.channel'), this.channel),
      this.#benchmark ? null : label('effects-scope', t('effects.filter.scope'), this.scope),
      label('effects-from', t('effects.filter.from'), this.from),
      label('effects-to', t('effects.filter.to'), this.to),
      h('button', { type: 'submit', class: 'btn btn--primary' }, t('effects.show')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#load();
    });
    this.channel.addEventListener('change', () => this.#fillScopes());
    this.status = h('p', { class: 'muted', role: 'status' });
    this.result = h('div', { class: 'effects__result' });
    this.tools = h('div', { class: 'actions no-print' });
    this.participation = h('div', { class: 'effects__participation no-print' });
    const tabs = h(
      'ul',
      { class: 'effects__tabs no-print' },
      h('li', {}, h('a', { href: '/pro/effects', 'data-link': '', 'aria-current': this.#benchmark ? null : 'page' }, t('effects.tab.own'))),
      h('li', {}, h('a', { href: '/pro/effects/benchmark', 'data-link': '', 'aria-current': this.#benchmark ? 'page' : null }, t('effects.tab.benchmark'))),
    );
    this.element = h(
      'section',
      { class: 'card effects' },
      h('h1', {}, t(this.#benchmark ? 'effects.benchmark.title' : 'effects.title')),
      h('p', {}, t(this.#benchmark ? 'effects.benchmark.intro' : 'effects.intro')),
      h('nav', { 'aria-label': t('effects.tab.label'), class: 'no-print' }, tabs),
      form,
      this.tools,
      this.participation,
      this.status,
      this.result,
    );
  }

  mount() {
    this.#load();
    if (this.#benchmark) this.#loadParticipation();
  }

  #params() {
    return {
      period: this.period.value,
      channel: this.channel.value,
      scope: this.#benchmark ? '' : this.scope.value,
      from: this.from.value,
      to: this.to.value,
    };
  }

  #fillScopes() {
    const current = this.scope.value;
    const options = this.#scopes.filter((s) => s.channel === this.channel.value);
    this.scope.replaceChildren(h('option', { value: '*' }, t('effects.scope.all')), options.map((s) => h('option', { value: s.id }, s.name)));
    if (options.some((s) => s.id === current)) this.scope.value = current;
  }

  async #load() {
    this.status.textContent = t('common.loading');
    try {
      const data = await effects(this.#benchmark ? 'benchmark' : 'report', this.#session.token, this.#params());
      if (!this.#benchmark && data.scopes) {
        this.#scopes = data.scopes;
        this.#fillScopes();
      }
      this.status.textContent = '';
      if (this.#benchmark) this.#renderBenchmark(data);
      else this.#renderReport(data);
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  #renderTools() {
    const download = async (what, name) => {
      try {
        const blob = await downloadBlob(`/api/effects/${what}?${new URLSearchParams(this.#params())}`, this.#session.token);
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: name, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (err) {
        this.status.textContent = errorText(err);
      }
    };
    const stamp = `${this.period.value}-${this.from.value}-${this.to.value}`;
    this.tools.replaceChildren(
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'csv', onclick: () => download('report.csv', `effecten-${stamp}.csv`) }, t('effects.export.csv')),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'json', onclick: () => download('export', `effecten-${stamp}.json`) }, t('effects.export.json')),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'print', onclick: () => window.print() }, t('effects.print')),
    );
  }

  #renderReport(data) {
    this.#renderTools();
    const periods = data.periods || [];
    const sections = (data.charts || []).map((chart) => {
      const id = `chart-${chart.id}`;
      return h(
        'section',
        { class: 'effects__chart', 'aria-labelledby': id },
        h('h2', { class: 'h3', id }, t(`effects.chart.${chart.id}`)),
        h('figure', { class: 'effects__figure' }, svgNode(chart.svg), h('figcaption', { class: 'effects__legend' }, chart.figures.map((f, i) => h('span', { class: 'legend-item' }, h('span', { class: `swatch swatch--${i}`, 'aria-hidden': 'true' }), t(`effects.figure.${f}`))))),
        this.#table(t(`effects.chart.${chart.id}`), periods, chart.figures, (period, f) => period.figures[f]?.display ?? '0'),
      );
    });
    const note = h('p', { class: 'muted' }, t('effects.suppressionNote', { n: data.suppression_threshold || 5 }));
    this.result.replaceChildren(h('p', { class: 'effects__org' }, data.organisation?.name || ''), note, ...sections, this.#allFigures(periods));
  }

  /** Every figure of the channel (also those without a chart), for the yearly report. */
  #allFigures(periods) {
    const keys = periods.length ? Object.keys(periods[0].figures) : [];
    return h('section', { class: 'effects__chart', 'aria-labelledby': 'chart-all' }, h('h2', { class: 'h3', id: 'chart-all' }, t('effects.allFigures')), this.#table(t('effects.allFigures'), periods, keys, (p, f) => p.figures[f]?.display ?? '0'));
  }

  #table(caption, periods, figures, cell) {
    return h(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('effects.tableLabel', { name: caption }) },
      h(
        'table',
        { class: 'effects__table' },
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('effects.col.period')), figures.map((f) => h('th', { scope: 'col' }, t(`effects.figure.${f}`))))),
        h('tbody', {}, periods.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.label), figures.map((f) => h('td', {}, cell(p, f)))))),
      ),
    );
  }

  #renderBenchmark(data) {
    this.tools.replaceChildren(h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'print', onclick: () => window.print() }, t('effects.print')));
    if (!data.shown) {
      this.result.replaceChildren(h('p', { class: 'notice notice--info', 'data-reason': data.reason || '' }, t(`effects.benchmark.reason.${data.reason || 'TOO_FEW_ORGANISATIONS'}`, { n: data.minimum_organisations || 3 })));
      return;
    }
    const periods = (data.periods || []).filter((p) => p.shown);
    const charts = (data.charts || []).map((chart) => {
      const id = `chart-${chart.id}`;
      const figure = chart.figures[0];
      return h(
        'section',
        { class: 'effects__chart', 'aria-labelledby': id },
        h('h2', { class: 'h3', id }, t(`effects.figure.${figure}`)),
        h('figure', { class: 'effects__figure' }, svgNode(chart.svg), h('figcaption', { class: 'effects__legend' }, h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch--0', 'aria-hidden': 'true' }), t('effects.benchmark.own')), h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch--1', 'aria-hidden': 'true' }), t('effects.benchmark.median')))),
      );
    });
    const keys = periods.length ? Object.keys(periods[0].figures) : [];
    const tables = periods.map((p) =>
      h(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('effects.tableLabel', { name: p.label }) },
        h(
          'table',
          { class: 'effects__table' },
          h('caption', {}, t('effects.benchmark.caption', { period: p.label })),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('effects.col.figure')), ['own', 'q1', 'median', 'q3'].map((c) => h('th', { scope: 'col' }, t(`effects.benchmark.${c}`))))),
          h('tbody', {}, keys.map((f) => h('tr', {}, h('th', { scope: 'row' }, t(`effects.figure.${f}`)), ['own', 'q1', 'median', 'q3'].map((c) => h('td', {}, p.figures[f]?.[c]?.display ?? '-'))))),
        ),
      ),
    );
    this.result.replaceChildren(h('p', { class: 'muted' }, t('effects.benchmark.note', { n: data.minimum_organisations || 3 })), ...charts, ...tables);
  }

  async #loadParticipation() {
    try {
      const p = await effects('participation', this.#session.token);
      this.#renderParticipation(p);
    } catch (err) {
      this.participation.replaceChildren(h('p', {}, errorText(err)));
    }
  }

  #renderParticipation(p) {
    const text = h('p', {}, t(p.opted_in ? 'effects.participation.in' : 'effects.participation.out'));
    if (!this.#session.isOrgAdmin) {
      this.participation.replaceChildren(text);
      return;
    }
    const toggle = h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'participation' }, t(p.opted_in ? 'effects.participation.leave' : 'effects.participation.join'));
    toggle.addEventListener('click', async () => {
      try {
        const changed = await setEffectsParticipation(this.#session.token, !p.opted_in);
        this.#renderParticipation(changed);
        this.#load();
      } catch (err) {
        this.status.textContent = errorText(err);
      }
    });
    this.participation.replaceChildren(text, toggle);
  }

  dispose() {}
}
