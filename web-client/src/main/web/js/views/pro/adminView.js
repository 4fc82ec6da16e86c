// /pro/admin: office hour management for organisation admins. The list, and an editor for one office hour:
// name, slug, description, time zone, weekly slots, exception dates, professionals, limits, consent, retention.
import { whatNowForm } from './whatNowForm.js';
import { OrganisationSafetyForm } from './roomSafetyPage.js';
import { h, field, uniqueId, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { confirmDialog } from '../../dialog.js';
import { announce } from '../../live.js';
import { errorText } from '../errors.js';
import { ROLE } from '../../proSession.js';
import { WEEKDAYS, isAlwaysOpen } from '../../schedule.js';

export { isAlwaysOpen };

const SLUG_PATTERN = /^[a-z0-9-]{2,60}$/;
const TIME_RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

/** What the server accepts (OfficeHourValidator); checked here so people get a clear message per field. */
export const LIMITS = Object.freeze({
  description: 1000,
  maxChats: [1, 10],
  retentionDays: [1, 365],
  graceSeconds: [30, 900],
  averageMinutes: [1, 240],
});

export const DEFAULTS = Object.freeze({
  timeZone: 'Europe/Amsterdam',
  maxChatsPerProfessional: 3,
  transcriptConsentDefault: false,
  retentionDays: 30,
  reconnectGraceSeconds: 120,
  averageChatMinutes: 15,
});

/** "09:00-12:00, 13:00-17:00" <-> [{start, end}] for exception dates. */
export function parseRanges(text) {
  const parts = text.split(/[,;]/).map((p) => p.replace(/\s+/g, '').replace(/[–—]/g, '-')).filter(Boolean);
  const ranges = [];
  for (const part of parts) {
    if (!TIME_RANGE.test(part)) return null;
    const [start, end] = part.split('-');
    ranges.push({ start, end });
  }
  return ranges;
}

export function formatRanges(ranges = []) {
  return ranges.map((r) => `${r.start}-${r.end}`).join(', ');
}

/** Monday to Friday: where "copy to all working days" copies to. */
export const WORKING_DAYS = WEEKDAYS.slice(0, 5);

/** A slug suggested from the name: lower case, no accents, words joined by '-', at most 60 characters. */
export function slugFromName(name) {
  return (name || '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}

/**
 * Open around the clock: two touching slots a day (a slot cannot run 00:00-00:00), which the server merges into
 * one opening that never closes.
 */
export function alwaysOpenSlots() {
  return WEEKDAYS.flatMap((day) => [{ day, start: '00:00', end: '12:00' }, { day, start: '12:00', end: '00:00' }]);
}

/** The times of `fromDay` on every working day; the weekend stays as it is. */
export function copyToWorkingDays(slots, fromDay) {
  const times = slots.filter((s) => s.day === fromDay).map(({ start, end }) => ({ start, end }));
  const weekend = slots.filter((s) => !WORKING_DAYS.includes(s.day));
  return [...WORKING_DAYS.flatMap((day) => times.map((time) => ({ day, ...time }))), ...weekend];
}

export class AdminView {
  #session;
  #model;
  #navigate;
  #editId;
  #accounts = null;

  constructor({ session, model, navigate, editId }) {
    this.#session = session;
    this.#model = model;
    this.#navigate = navigate;
    this.#editId = editId;
    this.element = h('section', { class: 'card' }, h('p', { class: 'loading' }, t('common.loading')));
  }

  async mount() {
    const c = this.#session.connection;
    try {
      const { payload } = await c.request({ listOfficeHours: {} });
      this.#model.setOfficeHourList(payload);
    } catch (err) {
      this.element.replaceChildren(h('h1', {}, t('pro.admin.title')), h('p', { class: 'notice notice--error', role: 'alert' }, errorText(err)));
      return;
    }
    if (!this.#editId) {
      this.#renderList();
      return;
    }
    try {
      const { payload } = await c.request({ listAccounts: {} });
      this.#accounts = payload.accounts || [];
    } catch {
      this.#accounts = null; // the editor falls back to typing account ids
    }
    const existing = this.#editId === 'new' ? null : this.#model.officeHours.get(this.#editId);
    if (this.#editId !== 'new' && !existing) {
      this.element.replaceChildren(h('h1', {}, t('pro.admin.notFound')), h('p', {}, h('a', { href: '/pro/admin', 'data-link': '' }, t('pro.admin.back'))));
      return;
    }
    this.#renderEditor(existing);
  }

  #renderList(notice = '') {
    const items = this.#model.order.map((id) => {
      const oh = this.#model.officeHours.get(id);
      return h(
        'li',
        { class: 'oh-list__item' },
        h('a', { href: `/pro/admin/${encodeURIComponent(id)}`, 'data-link': '', class: 'oh-list__link' }, oh.name || oh.slug),
        h('p', { class: 'muted' }, `/s/${this.#session.organisation?.slug || ''}/${oh.slug}`),
      );
    });
    // dom.js replaceChildren skips absent parts (null); the DOM method would print "null".
    replaceChildren(this.element,
      h('h1', {}, t('pro.admin.title')),
      notice ? h('p', { class: 'notice notice--success', role: 'status' }, notice) : null,
      h('p', {}, h('a', { class: 'btn btn--primary', href: '/pro/admin/new', 'data-link': '' }, t('pro.admin.new'))),
      items.length ? h('ul', { class: 'oh-list' }, items) : h('p', { class: 'muted' }, t('pro.admin.empty')),
      whatNowForm({ session: this.#session }),
      this.#organisationSafety(),
    );
  }

  /** The organisation's default house rules and "Hulp nodig?" for its group rooms. */
  #organisationSafety() {
    const form = new OrganisationSafetyForm({ request: (body) => this.#session.connection.request(body) });
    form.load();
    return form.element;
  }

  #renderEditor(existing) {
    const oh = { ...DEFAULTS, slots: [], exceptions: [], professionalIds: [], ...(existing || {}) };
    const text = (name, label, value, extra = {}) =>
      field({ label, hint: extra.hint, optional: extra.optional, input: h('input', { type: 'text', name, value: value ?? '', ...extra.attrs }) });
    const number = (name, label, value, min, max, hint) =>
      field({ label, hint, input: h('input', { type: 'number', name, value: String(value ?? ''), min: String(min), max: String(max), inputmode: 'numeric' }) });

    const name = text('name', t('pro.admin.name'), oh.name, { attrs: { required: true, maxlength: '120' } });
    const slug = text('slug', t('pro.admin.slug'), oh.slug, { hint: t('pro.admin.slugHint'), attrs: { required: true, maxlength: '60', spellcheck: 'false', autocapitalize: 'none' } });
    if (!existing) {
      // A new office hour: suggest the slug from the name until someone types a slug of their own (the link of
      // an existing office hour is not changed by renaming it).
      let slugTouched = false;
      slug.input.addEventListener('input', () => (slugTouched = slug.input.value.trim() !== ''));
      name.input.addEventListener('input', () => {
        if (!slugTouched) slug.input.value = slugFromName(name.input.value);
      });
    }
    const description = field({ label: t('pro.admin.description'), optional: t('common.optional'), hint: t('pro.admin.descriptionHint'), input: h('textarea', { name: 'description', rows: '3', maxlength: String(LIMITS.description) }) });
    description.input.value = oh.description || '';
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Europe/Amsterdam'];
    const zoneList = h('datalist', { id: 'time-zones' }, zones.map((z) => h('option', { value: z })));
    const timeZone = text('timeZone', t('pro.admin.timeZone'), oh.timeZone, { attrs: { list: 'time-zones', spellcheck: 'false' } });
    const maxChats = number('maxChats', t('pro.admin.maxChats'), oh.maxChatsPerProfessional, ...LIMITS.maxChats);
    const retention = number('retention', t('pro.admin.retention'), oh.retentionDays, ...LIMITS.retentionDays, t('pro.admin.retentionHint'));
    const grace = number('grace', t('pro.admin.grace'), oh.reconnectGraceSeconds, ...LIMITS.graceSeconds, t('pro.admin.graceHint'));
    const average = number('average', t('pro.admin.average'), oh.averageChatMinutes, ...LIMITS.averageMinutes, t('pro.admin.averageHint'));
    const numbers = [maxChats, retention, grace, average];
    const consent = h('input', { type: 'checkbox', id: 'consent-default', checked: oh.transcriptConsentDefault === true });

    const slotRows = h('ul', { class: 'rows' });
    const addSlot = (slot = { day: 'MONDAY', start: '09:00', end: '17:00' }) => slotRows.append(this.#slotRow(slot));
    const readSlots = () => [...slotRows.children].map((row) => {
      const [day] = row.querySelectorAll('select');
      const [start, end] = row.querySelectorAll('input');
      return { day: day.value, start: start.value, end: end.value };
    }).filter((s) => s.start && s.end);
    // Open around the clock is one checkbox, not 14 rows.
    const allDay = h('input', { type: 'checkbox', id: 'always-open', checked: isAlwaysOpen(oh.slots) });
    if (!allDay.checked) oh.slots.forEach(addSlot);
    const slotEditor = h('div', { class: 'slot-editor', hidden: allDay.checked });
    allDay.addEventListener('change', () => {
      slotEditor.hidden = allDay.checked;
      if (!allDay.checked && !slotRows.children.length) addSlot();
    });
    const copyButton = h('button', {
      type: 'button',
      class: 'btn btn--small btn--secondary',
      onclick: () => {
        const slots = readSlots();
        const from = slots[0]?.day;
        if (!from) return;
        slotRows.replaceChildren();
        copyToWorkingDays(slots, from).forEach(addSlot);
        announce(t('pro.admin.copiedToWorkingDays', { day: t(`weekday.${from}`) }));
      },
    }, t('pro.admin.copyToWorkingDays'));
    slotEditor.append(
      slotRows,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => { addSlot(); slotRows.lastElementChild.querySelector('select').focus(); } }, t('pro.admin.addSlot')),
        copyButton),
    );
    const exceptionRows = h('ul', { class: 'rows' });
    const addException = (ex = { date: '', label: '', hours: [] }) => exceptionRows.append(this.#exceptionRow(ex));
    oh.exceptions.forEach(addException);

    const professionals = this.#professionalsField(oh.professionalIds);
    const error = h('div', { class: 'notice notice--error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'form', novalidate: true },
      name.wrapper,
      slug.wrapper,
      description.wrapper,
      timeZone.wrapper,
      zoneList,
      h('fieldset', { class: 'field' },
        h('legend', { class: 'field__label' }, t('pro.admin.slots')),
        h('p', { class: 'field__hint' }, t('pro.admin.slotsHint')),
        h('div', { class: 'check' }, allDay, h('label', { for: 'always-open' }, t('pro.admin.alwaysOpen'))),
        slotEditor,
      ),
      h('fieldset', { class: 'field' },
        h('legend', { class: 'field__label' }, t('pro.admin.exceptions')),
        h('p', { class: 'field__hint' }, t('pro.admin.exceptionsHint')),
        exceptionRows,
        h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => { addException(); exceptionRows.lastElementChild.querySelector('input').focus(); } }, t('pro.admin.addException')),
      ),
      professionals.element,
      h('div', { class: 'inline-fields' }, maxChats.wrapper, retention.wrapper),
      h('div', { class: 'inline-fields' }, grace.wrapper, average.wrapper),
      h('div', { class: 'check' }, consent, h('label', { for: 'consent-default' }, t('pro.admin.consentDefault'))),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn--primary' }, t('common.save')),
        h('a', { href: '/pro/admin', 'data-link': '', class: 'btn btn--secondary' }, t('common.cancel')),
        existing ? h('button', { type: 'button', class: 'btn btn--danger', onclick: () => this.#delete(existing) }, t('pro.admin.delete')) : null,
      ),
    );

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      [name, slug, timeZone, ...numbers].forEach((f) => f.setError(null));
      const problems = [];
      if (!name.input.value.trim()) {
        name.setError(t('pro.admin.nameRequired'));
        problems.push(name.input);
      }
      if (!SLUG_PATTERN.test(slug.input.value.trim())) {
        slug.setError(t('pro.admin.slugInvalid'));
        problems.push(slug.input);
      }
      if (timeZone.input.value && !zones.includes(timeZone.input.value.trim())) {
        timeZone.setError(t('pro.admin.timeZoneInvalid'));
        problems.push(timeZone.input);
      }
      // The form does its own checks (novalidate): the browser's bubbles are not announced reliably.
      for (const f of numbers) {
        const value = Number(f.input.value);
        const [min, max] = [Number(f.input.min), Number(f.input.max)];
        if (!Number.isInteger(value) || value < min || value > max) {
          f.setError(t('pro.admin.numberRange', { min, max }));
          problems.push(f.input);
        }
      }
      const exceptions = [];
      for (const row of exceptionRows.children) {
        const [date, label, hours] = row.querySelectorAll('input');
        if (!date.value) continue;
        const ranges = parseRanges(hours.value);
        if (ranges === null) {
          hours.setAttribute('aria-invalid', 'true');
          problems.push(hours);
          continue;
        }
        hours.removeAttribute('aria-invalid');
        exceptions.push({ date: date.value, label: label.value.trim(), hours: ranges });
      }
      if (problems.length) {
        error.textContent = t('pro.admin.fixErrors');
        error.hidden = false;
        problems[0].focus();
        return;
      }
      const slots = allDay.checked ? alwaysOpenSlots() : readSlots();
      const officeHour = {
        ...(existing || {}),
        name: name.input.value.trim(),
        slug: slug.input.value.trim(),
        description: description.input.value.trim(),
        timeZone: timeZone.input.value.trim() || DEFAULTS.timeZone,
        slots,
        exceptions,
        professionalIds: professionals.value(),
        maxChatsPerProfessional: Number(maxChats.input.value) || DEFAULTS.maxChatsPerProfessional,
        transcriptConsentDefault: consent.checked,
        retentionDays: Number(retention.input.value),
        reconnectGraceSeconds: Number(grace.input.value),
        averageChatMinutes: Number(average.input.value) || DEFAULTS.averageChatMinutes,
      };
      try {
        await this.#session.connection.request({ saveOfficeHour: { officeHour } });
        announce(t('pro.admin.saved'));
        this.#navigate('/pro/admin');
      } catch (err) {
        error.textContent = err?.code === 'CONFLICT' ? t('pro.admin.slugTaken') : errorText(err);
        error.hidden = false;
        error.focus?.();
      }
    });

    // dom.js replaceChildren skips absent parts (null); the DOM method would print "null".
    replaceChildren(this.element,
      h('p', {}, h('a', { href: '/pro/admin', 'data-link': '' }, `← ${t('pro.admin.back')}`)),
      h('h1', {}, existing ? t('pro.admin.editTitle', { name: existing.name }) : t('pro.admin.newTitle')),
      existing ? h('p', { class: 'muted' }, t('pro.admin.link'), ' ', h('code', {}, `/s/${this.#session.organisation?.slug || ''}/${existing.slug}`)) : null,
      form,
    );
  }

  #slotRow(slot) {
    const dayId = uniqueId('day');
    const startId = uniqueId('start');
    const endId = uniqueId('end');
    const row = h(
      'li',
      {},
      h('div', { class: 'field' }, h('label', { for: dayId, class: 'field__label' }, t('pro.admin.day')),
        h('select', { id: dayId }, WEEKDAYS.map((d) => h('option', { value: d, selected: d === slot.day }, t(`weekday.${d}`))))),
      h('div', { class: 'field' }, h('label', { for: startId, class: 'field__label' }, t('pro.admin.start')), h('input', { type: 'time', id: startId, value: slot.start || '' })),
      h('div', { class: 'field' }, h('label', { for: endId, class: 'field__label' }, t('pro.admin.end')), h('input', { type: 'time', id: endId, value: slot.end || '' })),
    );
    row.append(h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => this.#removeRow(row) }, t('pro.admin.remove')));
    return row;
  }

  #exceptionRow(ex) {
    const dateId = uniqueId('date');
    const labelId = uniqueId('label');
    const hoursId = uniqueId('hours');
    const row = h(
      'li',
      {},
      h('div', { class: 'field' }, h('label', { for: dateId, class: 'field__label' }, t('pro.admin.date')), h('input', { type: 'date', id: dateId, value: ex.date || '' })),
      h('div', { class: 'field' }, h('label', { for: labelId, class: 'field__label' }, t('pro.admin.exceptionLabel')), h('input', { type: 'text', id: labelId, value: ex.label || '', maxlength: '80' })),
      h('div', { class: 'field' }, h('label', { for: hoursId, class: 'field__label' }, t('pro.admin.exceptionHours')),
        h('input', { type: 'text', id: hoursId, value: formatRanges(ex.hours), placeholder: '10:00-14:00', inputmode: 'numeric', 'aria-describedby': `${hoursId}-hint` }),
        h('p', { class: 'field__hint', id: `${hoursId}-hint` }, t('pro.admin.exceptionHoursHint'))),
    );
    row.append(h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => this.#removeRow(row) }, t('pro.admin.remove')));
    return row;
  }

  /** Move focus somewhere sensible when a row (and its focused button) disappears. */
  #removeRow(row) {
    const next = row.nextElementSibling || row.previousElementSibling;
    const fieldset = row.closest('fieldset');
    row.remove();
    (next?.querySelector('select, input') || fieldset?.querySelector('button'))?.focus();
  }

  #professionalsField(selectedIds) {
    const selected = new Set(selectedIds || []);
    if (this.#accounts) {
      const professionals = this.#accounts.filter((a) => !a.disabled && (a.roles || []).includes(ROLE.PROFESSIONAL));
      const boxes = professionals.map((a) => {
        const id = `prof-${a.id}`;
        return h('div', { class: 'check' }, h('input', { type: 'checkbox', id, value: a.id, checked: selected.has(a.id) }), h('label', { for: id }, a.displayName || a.username));
      });
      const element = h('fieldset', { class: 'field' }, h('legend', { class: 'field__label' }, t('pro.admin.professionals')),
        boxes.length ? boxes : h('p', { class: 'muted' }, t('pro.admin.noProfessionals')));
      return { element, value: () => [...element.querySelectorAll('input:checked')].map((i) => i.value) };
    }
    const f = field({ label: t('pro.admin.professionals'), hint: t('pro.admin.professionalIdsHint'), input: h('textarea', { rows: '3', name: 'professionalIds' }) });
    f.input.value = [...selected].join('\n');
    return { element: f.wrapper, value: () => f.input.value.split(/[\s,]+/).filter(Boolean) };
  }

  async #delete(existing) {
    const ok = await confirmDialog({
      title: t('pro.admin.deleteTitle'),
      text: t('pro.admin.deleteText', { name: existing.name }),
      confirmLabel: t('pro.admin.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await this.#session.connection.request({ deleteOfficeHour: { officeHourId: existing.id } });
      announce(t('pro.admin.deleted'));
      this.#navigate('/pro/admin');
    } catch (err) {
      this.element.querySelector('[role=alert]').textContent = errorText(err);
      this.element.querySelector('[role=alert]').hidden = false;
    }
  }

  dispose() {}
}
