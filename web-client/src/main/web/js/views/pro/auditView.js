// /pro/audit (org-admins and supervisors): the organisation's audit log (NEN 7513: who, whose data, what, when,
// from which session), filtered by period, kind of action, person and subject, newest first, 50 at a time, and
// the same selection as a CSV file. Reading and exporting are themselves logged by the server.
// Requests: ListAuditLog, ListAccounts (org-admins: names for the "who" filter); GET /api/audit-log.csv.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';
import { downloadBlob } from '../../api.js';
import { errorText } from '../errors.js';
import { isoDate, shortDateTime } from '../../format.js';

/** Kinds of action the filter offers: each matches the action and everything below it ("login" → login.failed). */
export const ACTION_GROUPS = ['login', 'conversation', 'queue', 'offline_message', 'notes', 'office_hour', 'account', 'second_factor', 'room', 'effects', 'audit', 'privacy'];

const DAY = 24 * 60 * 60 * 1000;
const KNOWN_ROLES = ['PROFESSIONAL', 'SUPERVISOR', 'ORG_ADMIN', 'QUALITY', 'OPERATOR'];

/**
 * The filter form's values → the server's filter: dates (YYYY-MM-DD, local) become the instants of local midnight,
 * `to` inclusive (the next midnight). Empty values are left out. Pure: unit-tested.
 */
export function auditFilter({ from = '', to = '', action = '', actor = '', subject = '' }) {
  const filter = {};
  const midnight = (day) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(y, m - 1, d);
  };
  if (from) filter.from = midnight(from).toISOString();
  if (to) filter.to = new Date(midnight(to).getTime() + DAY).toISOString();
  if (action) filter.action = action;
  if (actor.trim()) filter.actor = actor.trim();
  if (subject.trim()) filter.subject = subject.trim();
  return filter;
}

export class AuditView {
  #session;
  #filter = {};
  #nextToken = '';

  constructor({ session }) {
    this.#session = session;
    const today = new Date();
    this.from = h('input', { type: 'date', name: 'from', value: isoDate(new Date(today.getTime() - 30 * DAY)) });
    this.to = h('input', { type: 'date', name: 'to', value: isoDate(today) });
    this.action = h('select', { name: 'action' }, h('option', { value: '' }, t('pro.audit.allActions')), ACTION_GROUPS.map((g) => h('option', { value: g }, t(`pro.audit.group.${g}`))));
    this.actor = h('select', { name: 'actor' }, h('option', { value: '' }, t('pro.audit.everyone')));
    this.subject = h('input', { type: 'text', name: 'subject', spellcheck: 'false', autocomplete: 'off' });
    this.status = h('p', { class: 'muted', role: 'status' });
    // focusable, so keyboard users can scroll a wide table sideways
    this.table = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('pro.audit.caption') });
    this.more = h('div', { class: 'actions' });
    const form = h(
      'form',
      { class: 'form audit-filter', novalidate: true },
      h('div', { class: 'audit-filter__row' }, field({ label: t('pro.audit.from'), input: this.from }).wrapper, field({ label: t('pro.audit.to'), input: this.to }).wrapper),
      field({ label: t('pro.audit.action'), input: this.action }).wrapper,
      this.#session.isOrgAdmin ? field({ label: t('pro.audit.actor'), input: this.actor }).wrapper : null,
      field({ label: t('pro.audit.subject'), hint: t('pro.audit.subjectHint'), input: this.subject }).wrapper,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn--primary' }, t('pro.audit.show')),
        h('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'csv', onclick: () => this.#download() }, t('pro.audit.csv')),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#search();
    });
    this.element = h('section', { class: 'card audit' }, h('h1', {}, t('pro.audit.title')), h('p', {}, t('pro.audit.intro')), form, this.status, this.table, this.more);
  }

  async mount() {
    if (this.#session.isOrgAdmin) {
      try {
        const { payload } = await this.#session.connection.request({ listAccounts: {} });
        for (const a of (payload.accounts || []).slice().sort((x, y) => x.displayName.localeCompare(y.displayName, 'nl'))) {
          this.actor.append(h('option', { value: a.id }, a.displayName));
        }
      } catch {
        // the filter works without names
      }
    }
    this.#search();
  }

  #currentFilter() {
    return auditFilter({ from: this.from.value, to: this.to.value, action: this.action.value, actor: this.actor.value, subject: this.subject.value });
  }

  async #search() {
    this.#filter = this.#currentFilter();
    this.#nextToken = '';
    this.table.replaceChildren();
    await this.#loadPage(true);
  }

  async #loadPage(first) {
    this.status.textContent = t('common.loading');
    const f = this.#filter;
    try {
      const { payload } = await this.#session.connection.request({
        listAuditLog: { from: f.from, to: f.to, actorId: f.actor || '', action: f.action || '', subjectId: f.subject || '', pageSize: 50, pageToken: this.#nextToken },
      });
      const entries = payload.entries || [];
      this.#nextToken = payload.nextPageToken || '';
      if (first) this.table.replaceChildren(this.#tableFor(entries));
      else this.table.querySelector('tbody').append(...entries.map((e) => this.#row(e)));
      const shown = this.table.querySelectorAll('tbody tr').length;
      this.status.textContent = shown ? t('pro.audit.count', { n: shown }) : t('pro.audit.none');
      this.more.replaceChildren(this.#nextToken ? h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => this.#loadPage(false) }, t('pro.audit.more')) : null);
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }

  #tableFor(entries) {
    const cols = ['when', 'who', 'role', 'action', 'object', 'whose', 'session'];
    return h(
      'table',
      { class: 'audit-table' },
      h('caption', { class: 'visually-hidden' }, t('pro.audit.caption')),
      h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, t(`pro.audit.col.${c}`))))),
      h('tbody', {}, entries.map((e) => this.#row(e))),
    );
  }

  #row(e) {
    const when = e.at ? new Date(e.at) : null;
    const who = e.actorName ? h('bdi', {}, e.actorName) : h('code', { translate: 'no' }, short(e.actorId) || '–');
    return h(
      'tr',
      { 'data-action': e.action },
      h('td', {}, when ? h('time', { datetime: e.at }, shortDateTime(when)) : ''),
      h('td', {}, who),
      h('td', {}, roleText(e.actorRole)),
      h('td', {}, h('code', { translate: 'no' }, e.action), e.detail ? h('span', { class: 'muted' }, ` ${e.detail}`) : null),
      h('td', {}, e.targetType ? `${e.targetType} ` : '', e.targetId ? h('code', { translate: 'no', title: e.targetId }, short(e.targetId)) : ''),
      h('td', {}, e.onBehalfOf ? h('code', { translate: 'no', title: e.onBehalfOf }, short(e.onBehalfOf)) : ''),
      h('td', {}, e.actorSession ? h('code', { translate: 'no', title: e.actorSession }, short(e.actorSession)) : ''),
    );
  }

  async #download() {
    const f = this.#currentFilter();
    try {
      const blob = await downloadBlob(`/api/audit-log.csv?${new URLSearchParams(f)}`, this.#session.token);
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `auditlog-${this.from.value}-${this.to.value}.csv`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      this.status.textContent = t('pro.audit.downloaded');
    } catch (err) {
      this.status.textContent = errorText(err);
    }
  }
}

/** The first 8 characters of an id (the whole id is in the title and the CSV). */
function short(id) {
  return (id || '').slice(0, 8);
}

function roleText(roles) {
  if (!roles) return '';
  if (roles === 'CLIENT') return t('pro.audit.client');
  if (roles === 'STAFF') return t('pro.audit.staff');
  return roles.split(',').map((r) => (KNOWN_ROLES.includes(r) ? t(`pro.audit.role.${r}`) : r)).join(', ');
}
