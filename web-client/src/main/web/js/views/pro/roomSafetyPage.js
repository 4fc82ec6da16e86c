// /pro/rooms/<id>/safety: what a group's moderators do for its safety.
//   * Reports of members (kept up to date by the RoomAlert pushes; open ones first; resolve each with what was done and why, which goes to the moderation log).
//   * Messages that wait for review (approve: it appears in the group; reject, with a reason) and members whom
//     reports put on hold (lift the hold, with a reason).
//   * An announcement: a message marked as such and pinned.
//   * Moderation hours, what the group does outside them, quiet hours, the group's own house rules.
import { h, field, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { parseTime, shortDateTime } from '../../format.js';
import { WEEKDAYS } from '../../schedule.js';
import { errorText } from '../errors.js';
import { askReason } from '../roomMessages.js';

export const OUTCOMES = Object.freeze(['OUTCOME_NO_ACTION', 'OUTCOME_MESSAGE_HIDDEN', 'OUTCOME_MESSAGE_DELETED', 'OUTCOME_MEMBER_MUTED', 'OUTCOME_MEMBER_REMOVED', 'OUTCOME_TALKED_WITH_MEMBER']);
export const UNATTENDED_MODES = Object.freeze(['UNATTENDED_OPEN', 'UNATTENDED_READ_ONLY', 'UNATTENDED_HOLD_NEW_MEMBERS', 'UNATTENDED_HOLD_ALL']);

/**
 * The weekly slots of a simple form: the same hours on the chosen days ("ma–vr 09:00–17:00"). Empty days or times:
 * no slots (the schedule is not published).
 */
export function slotsFrom(days, start, end) {
  if (!start || !end || !days.length) return [];
  return WEEKDAYS.filter((d) => days.includes(d)).map((day) => ({ day, start, end }));
}

export class RoomSafetyPage {
  #request;
  #room;
  #off = [];

  /** @param {{request: (body) => Promise, room: object, connection?: object}} o connection: to follow RoomAlert pushes */
  constructor({ request, room, connection = null }) {
    this.#request = request;
    this.#room = room;
    if (connection) {
      // A new report or waiting message (or a colleague who dealt with one): the lists follow at once.
      this.#off.push(connection.on('push', (type, payload) => {
        if (type === 'roomAlert' && payload.roomId === room.id) this.reload();
      }));
    }
    this.error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    this.reports = h('div', {}, h('p', { class: 'loading' }, t('common.loading')));
    this.held = h('div', {});
    this.settings = h('div', {});
    this.includeResolved = h('input', { type: 'checkbox', id: 'reports-resolved' });
    this.includeResolved.addEventListener('change', () => this.reload());
    this.element = h(
      'div',
      { class: 'room-safety-page' },
      this.error,
      h('h2', {}, t('pro.rooms.safety.reportsTitle')),
      h('div', { class: 'check' }, this.includeResolved, h('label', { for: 'reports-resolved' }, t('pro.rooms.safety.includeResolved'))),
      this.reports,
      h('h2', {}, t('pro.rooms.safety.heldTitle')),
      this.held,
      h('h2', {}, t('pro.rooms.safety.announceTitle')),
      this.#announcementForm(),
      h('h2', {}, t('pro.rooms.safety.settingsTitle')),
      this.settings,
    );
  }

  dispose() {
    for (const off of this.#off) off();
  }

  #fail(err) {
    this.error.textContent = errorText(err);
    this.error.hidden = false;
  }

  async reload() {
    this.error.hidden = true;
    try {
      const roomId = this.#room.id;
      const [reports, held, safety] = await Promise.all([
        this.#request({ listReports: { roomId, includeResolved: this.includeResolved.checked } }),
        this.#request({ listHeldMessages: { roomId } }),
        this.#request({ getRoomSafety: { roomId } }),
      ]);
      this.reports.replaceChildren(this.#reportList(reports.payload.reports || []));
      this.held.replaceChildren(this.#heldList(held.payload));
      if (!this.settings.firstChild) this.settings.replaceChildren(this.#settingsForm(safety.payload));
    } catch (err) {
      this.#fail(err);
    }
  }

  #reportList(reports) {
    if (!reports.length) return h('p', {}, t('pro.rooms.safety.reportsNone'));
    return h(
      'ul',
      { class: 'report-list' },
      reports.map((r) => {
        const open = !r.outcome;
        return h(
          'li',
          { class: ['report', open && 'report--open'] },
          h('p', {}, h('strong', {}, `${r.authorName || t('chat.someone')}: `), r.text ? h('span', { dir: 'auto' }, r.text) : h('em', {}, t('pro.rooms.safety.textGone'))),
          h('p', { class: 'muted' }, t('pro.rooms.safety.reportedAt', { when: shortDateTime(parseTime(r.reportedAt)) }), r.reason ? ` · ${t('pro.rooms.safety.reportReason', { reason: r.reason })}` : ''),
          open
            ? h('button', { type: 'button', class: 'btn btn--small btn--primary', onclick: () => this.#resolve(r) }, t('pro.rooms.safety.resolve'), h('span', { class: 'visually-hidden' }, ` ${r.authorName || ''}`))
            : h('p', {}, t('pro.rooms.safety.resolved', { outcome: t(`pro.rooms.outcome.${r.outcome}`), who: r.resolvedByName || '', reason: r.resolutionReason || '' })),
        );
      }),
    );
  }

  async #resolve(report) {
    const id = uniqueId('outcome');
    const select = h('select', { id, name: 'outcome' }, OUTCOMES.map((o) => h('option', { value: o }, t(`pro.rooms.outcome.${o}`))));
    const reason = await askReason({
      title: t('pro.rooms.safety.resolveTitle'),
      text: t('pro.rooms.safety.resolveText'),
      confirmLabel: t('pro.rooms.safety.resolve'),
      extra: h('div', { class: 'field' }, h('label', { for: id, class: 'field__label' }, t('pro.rooms.safety.outcomeLabel')), select),
      onConfirm: (r) => this.#request({ resolveReport: { reportId: report.id, outcome: select.value, reason: r } }),
    });
    if (reason) {
      announce(t('pro.rooms.safety.resolvedNow'));
      await this.reload();
    }
  }

  #heldList(payload) {
    const messages = payload.messages || [];
    const members = payload.membersOnHold || [];
    return h(
      'div',
      {},
      messages.length
        ? h(
          'ul',
          { class: 'report-list' },
          messages.map((m) =>
            h(
              'li',
              { class: 'report report--open' },
              h('p', {}, h('strong', {}, `${m.authorName || t('chat.someone')}: `), h('span', { dir: 'auto' }, m.text || '')),
              h('p', { class: 'muted' }, t('pro.rooms.safety.heldAt', { when: shortDateTime(parseTime(m.heldAt)) })),
              h(
                'div',
                { class: 'actions' },
                h('button', { type: 'button', class: 'btn btn--small btn--primary', onclick: () => this.#review(m, true) }, t('pro.rooms.safety.approve'), h('span', { class: 'visually-hidden' }, ` ${m.authorName || ''}`)),
                h('button', { type: 'button', class: 'btn btn--small btn--danger', onclick: () => this.#review(m, false) }, t('pro.rooms.safety.reject'), h('span', { class: 'visually-hidden' }, ` ${m.authorName || ''}`)),
              ),
            ),
          ),
        )
        : h('p', {}, t('pro.rooms.safety.heldNone')),
      members.length
        ? h(
          'div',
          {},
          h('h3', {}, t('pro.rooms.safety.onHoldTitle')),
          h(
            'ul',
            {},
            members.map((m) =>
              h(
                'li',
                {},
                t('pro.rooms.safety.onHoldSince', { name: m.nickname || t('chat.someone'), when: shortDateTime(parseTime(m.heldSince)) }),
                ' ',
                h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => this.#lift(m) }, t('pro.rooms.safety.lift'), h('span', { class: 'visually-hidden' }, ` ${m.nickname || ''}`)),
              ),
            ),
          ),
        )
        : null,
    );
  }

  async #review(message, approve) {
    try {
      if (approve) {
        await this.#request({ reviewHeldMessage: { heldId: message.id, approve: true } });
      } else {
        const reason = await askReason({
          title: t('pro.rooms.safety.rejectTitle'),
          text: t('pro.rooms.safety.rejectText'),
          confirmLabel: t('pro.rooms.safety.reject'),
          danger: true,
          onConfirm: (r) => this.#request({ reviewHeldMessage: { heldId: message.id, approve: false, reason: r } }),
        });
        if (!reason) return;
      }
      announce(approve ? t('pro.rooms.safety.approvedNow') : t('pro.rooms.safety.rejectedNow'));
      await this.reload();
    } catch (err) {
      this.#fail(err);
    }
  }

  async #lift(member) {
    const reason = await askReason({
      title: t('pro.rooms.safety.liftTitle'),
      text: t('pro.rooms.safety.liftText', { name: member.nickname || t('chat.someone') }),
      confirmLabel: t('pro.rooms.safety.lift'),
      onConfirm: (r) => this.#request({ liftHold: { roomId: this.#room.id, participantId: member.participantId, reason: r } }),
    });
    if (reason) await this.reload();
  }

  #announcementForm() {
    const input = h('textarea', { rows: '3', name: 'announcement', dir: 'auto' });
    const f = field({ label: t('pro.rooms.safety.announceLabel'), input, hint: t('pro.rooms.safety.announceHint') });
    const status = h('p', { class: 'notice notice--info', role: 'status', hidden: true });
    const form = h('form', { class: 'form', novalidate: true }, f.wrapper, status, h('button', { type: 'submit', class: 'btn btn--primary' }, t('pro.rooms.safety.announceSubmit')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        f.setError(t('pro.rooms.safety.announceEmpty'));
        input.focus();
        return;
      }
      f.setError('');
      try {
        const clientMsgId = (globalThis.crypto?.randomUUID?.() || String(Date.now())).slice(0, 36);
        await this.#request({ postAnnouncement: { conversationId: this.#room.conversationId, clientMsgId, text } });
        input.value = '';
        status.textContent = t('pro.rooms.safety.announced');
        status.hidden = false;
      } catch (err) {
        f.setError(errorText(err));
      }
    });
    return form;
  }

  #settingsForm(safety) {
    const hours = safety.moderationHours || [];
    const days = new Set(hours.map((s) => s.day));
    const first = hours[0] || { start: '09:00', end: '17:00' };
    const quiet = (safety.quietHours || [])[0] || { start: '', end: '' };
    const dayBoxes = WEEKDAYS.map((day) => {
      const id = uniqueId('day');
      const box = h('input', { type: 'checkbox', id, value: day, checked: days.has(day) });
      return { day, box, wrapper: h('div', { class: 'check' }, box, h('label', { for: id }, t(`weekday.${day}`))) };
    });
    const start = h('input', { type: 'time', value: hours.length ? first.start : '' });
    const end = h('input', { type: 'time', value: hours.length ? first.end : '' });
    const mode = h('select', {}, UNATTENDED_MODES.map((m) => h('option', { value: m, selected: (safety.unattendedMode || 'UNATTENDED_OPEN') === m }, t(`pro.rooms.unattended.${m}`))));
    const quietStart = h('input', { type: 'time', value: quiet.start });
    const quietEnd = h('input', { type: 'time', value: quiet.end });
    const rules = h('textarea', { rows: '8', dir: 'auto' });
    rules.value = safety.houseRules || '';
    const status = h('p', { class: 'notice notice--info', role: 'status', hidden: true });
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'form', novalidate: true },
      h('fieldset', {}, h('legend', {}, t('pro.rooms.safety.hoursLegend')), h('p', { class: 'field__hint' }, t('pro.rooms.safety.hoursHint')), dayBoxes.map((d) => d.wrapper), field({ label: t('pro.rooms.safety.from'), input: start }).wrapper, field({ label: t('pro.rooms.safety.to'), input: end }).wrapper),
      field({ label: t('pro.rooms.safety.unattendedLabel'), input: mode }).wrapper,
      h('fieldset', {}, h('legend', {}, t('pro.rooms.safety.quietLegend')), h('p', { class: 'field__hint' }, t('pro.rooms.safety.quietHint')), field({ label: t('pro.rooms.safety.from'), input: quietStart }).wrapper, field({ label: t('pro.rooms.safety.to'), input: quietEnd }).wrapper),
      field({ label: t('pro.rooms.safety.rulesLabel'), input: rules, hint: t('pro.rooms.safety.rulesHint') }).wrapper,
      error,
      status,
      h('button', { type: 'submit', class: 'btn btn--primary' }, t('common.save')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      status.hidden = true;
      const chosen = dayBoxes.filter((d) => d.box.checked).map((d) => d.day);
      const quietSlots = quietStart.value && quietEnd.value ? WEEKDAYS.map((day) => ({ day, start: quietStart.value, end: quietEnd.value })) : [];
      try {
        await this.#request({
          saveRoomSafety: {
            safety: {
              roomId: this.#room.id,
              timeZone: safety.timeZone || 'Europe/Amsterdam',
              moderationHours: slotsFrom(chosen, start.value, end.value),
              unattendedMode: mode.value,
              quietHours: quietSlots,
              houseRules: rules.value.trim(),
            },
          },
        });
        status.textContent = t('pro.rooms.safety.saved');
        status.hidden = false;
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    });
    return form;
  }
}

/** The organisation's defaults (org-admins, on the admin page): default house rules and "Hulp nodig?". */
export class OrganisationSafetyForm {
  #request;

  constructor({ request }) {
    this.#request = request;
    this.element = h('section', { class: 'card', 'aria-labelledby': 'org-safety-title' }, h('h2', { id: 'org-safety-title' }, t('pro.admin.safety.title')), h('p', { class: 'loading' }, t('common.loading')));
  }

  async load() {
    try {
      const { payload } = await this.#request({ getOrganisationSafety: {} });
      this.#render(payload);
    } catch (err) {
      this.element.replaceChildren(this.element.firstChild, h('p', { class: 'notice notice--error', role: 'alert' }, errorText(err)));
    }
  }

  #render(safety) {
    const help = safety.help || {};
    const input = (name, value, type = 'text') => {
      const el = h('input', { type, name, value: value || '' });
      return el;
    };
    const contactName = input('contactName', help.contactName);
    const contactPhone = input('contactPhone', help.contactPhone, 'tel');
    const contactEmail = input('contactEmail', help.contactEmail, 'email');
    const contactHours = input('contactHours', help.contactHours);
    const rules = h('textarea', { rows: '8', name: 'houseRules', dir: 'auto' });
    rules.value = safety.defaultHouseRules || '';
    // The numbers of "Hulp nodig?": the national ones by default; the organisation may change or add to them.
    const lineList = h('ul', { class: 'help-lines' });
    const addLine = (line = { label: '', phone: '' }) => {
      const n = lineList.children.length + 1;
      const label = h('input', { type: 'text', name: 'lineLabel', value: line.label || '' });
      const phone = h('input', { type: 'tel', name: 'linePhone', value: line.phone || '' });
      const row = h(
        'li',
        { class: 'help-lines__row' },
        field({ label: t('pro.admin.safety.lineLabel', { n }), input: label }).wrapper,
        field({ label: t('pro.admin.safety.linePhone', { n }), input: phone }).wrapper,
        h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => row.remove() }, t('pro.admin.safety.lineRemove', { n })),
      );
      lineList.append(row);
      return label;
    };
    for (const line of help.lines || []) addLine(line);
    const addButton = h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => addLine().focus() }, t('pro.admin.safety.lineAdd'));
    const status = h('p', { class: 'notice notice--info', role: 'status', hidden: true });
    const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'form', novalidate: true },
      h('p', {}, t('pro.admin.safety.intro')),
      field({ label: t('pro.admin.safety.rules'), input: rules, hint: t('pro.admin.safety.rulesHint') }).wrapper,
      h(
        'fieldset',
        {},
        h('legend', {}, t('pro.admin.safety.helpLegend')),
        h('p', { class: 'field__hint' }, t('pro.admin.safety.helpHint')),
        field({ label: t('pro.admin.safety.contactName'), input: contactName }).wrapper,
        field({ label: t('pro.admin.safety.contactPhone'), input: contactPhone }).wrapper,
        field({ label: t('pro.admin.safety.contactEmail'), input: contactEmail }).wrapper,
        field({ label: t('pro.admin.safety.contactHours'), input: contactHours }).wrapper,
      ),
      h('fieldset', {}, h('legend', {}, t('pro.admin.safety.linesLegend')), h('p', { class: 'field__hint' }, t('pro.admin.safety.linesHint')), lineList, addButton),
      error,
      status,
      h('button', { type: 'submit', class: 'btn btn--primary' }, t('common.save')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      const lines = [...lineList.querySelectorAll('.help-lines__row')]
        .map((row) => ({ label: row.querySelector('input[name=lineLabel]').value.trim(), phone: row.querySelector('input[name=linePhone]').value.trim() }))
        .filter((line) => line.label || line.phone);
      try {
        const { payload } = await this.#request({
          saveOrganisationSafety: {
            safety: {
              defaultHouseRules: rules.value.trim(),
              help: { contactName: contactName.value.trim(), contactPhone: contactPhone.value.trim(), contactEmail: contactEmail.value.trim(), contactHours: contactHours.value.trim(), lines },
            },
          },
        });
        rules.value = payload.defaultHouseRules || '';
        lineList.replaceChildren();
        for (const line of payload.help?.lines || []) addLine(line);
        status.textContent = t('pro.admin.safety.saved');
        status.hidden = false;
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    });
    this.element.replaceChildren(this.element.firstChild, form);
  }
}
