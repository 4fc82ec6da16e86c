// Safety on the member's pages of a group room: "Hulp nodig?" (the organisation's contact and the national numbers,
// always reachable: the sticky top bar's "Hulp nodig?" of member pages jumps to it, see app.js), the house rules (shown on the join page and
// reachable in the room; accepted before the first message), and when moderators are around ("moderatie: ma–vr
// 9:00–17:00") with what that means for the room right now.
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { scheduleByDay, WEEKDAYS } from '../../schedule.js';
import { errorText } from '../errors.js';

/** The national numbers when the server gave none (pages without a room: /g). */
export const NATIONAL_LINES = Object.freeze([
  { label: '', key: 'emergency', phone: '112' },
  { label: '', key: 'suicide', phone: '0800-0113' },
  { label: '', key: 'veiligThuis', phone: '0800-2000' },
]);

export const HELP_ID = 'hulp';

/** The help section; `help` is HelpInfo from the server (organisation contact and numbers), or null. */
export function helpSection(help = null) {
  const id = uniqueId('help');
  const section = h('section', { class: 'card room-help', id: HELP_ID, 'aria-labelledby': id, tabindex: '-1' });
  renderHelp(section, id, help);
  return section;
}

/** Redraws a help section with the server's HelpInfo. */
export function updateHelp(section, help) {
  const id = section.getAttribute('aria-labelledby');
  section.replaceChildren();
  renderHelp(section, id, help);
}

function renderHelp(section, id, help) {
  const lines = help?.lines?.length ? help.lines : NATIONAL_LINES;
  const contact = help && (help.contactName || help.contactPhone || help.contactEmail)
    ? h(
      'div',
      { class: 'room-help__contact' },
      h('h3', { class: 'h4' }, t('room.help.contactTitle')),
      h(
        'p',
        {},
        help.contactName ? h('span', {}, help.contactName) : null,
        help.contactPhone ? [help.contactName ? ', ' : '', h('a', { href: `tel:${dial(help.contactPhone)}` }, help.contactPhone)] : null,
        help.contactEmail ? [' ', h('a', { href: `mailto:${help.contactEmail}` }, help.contactEmail)] : null,
        help.contactHours ? ` (${help.contactHours})` : null,
      ),
    )
    : null;
  // (DOM append would print an absent contact as "null")
  section.append(...[
    h('h2', { class: 'h3', id }, t('room.help.title')),
    h('p', {}, t('room.help.text')),
    h('ul', {}, lines.map((line) => h('li', {}, line.label || t(`ended.now.${line.key}`), ' ', h('a', { href: `tel:${dial(line.phone)}` }, line.phone)))),
    contact,
  ].filter(Boolean));
}

/** A phone number as dialled: digits and a leading +. */
export function dial(phone) {
  return String(phone).replace(/[^0-9+]/g, '');
}

const SHORT_DAY = (day) => t(`weekday.short.${day}`);

/**
 * Moderation hours in a few words: days with the same hours joined into runs ("ma–vr 09:00–17:00, za 10:00–12:00").
 * @param {Array<{day, start, end}>} slots
 */
export function hoursText(slots = []) {
  const days = scheduleByDay(slots);
  const groups = [];
  for (const { day, ranges } of days) {
    const key = ranges.map((r) => `${r.start}–${r.end}`).join(', ');
    const last = groups[groups.length - 1];
    if (last && last.key === key && WEEKDAYS.indexOf(day) === WEEKDAYS.indexOf(last.to) + 1) last.to = day;
    else groups.push({ from: day, to: day, key });
  }
  return groups.map((g) => `${g.from === g.to ? SHORT_DAY(g.from) : `${SHORT_DAY(g.from)}–${SHORT_DAY(g.to)}`} ${g.key}`).join(', ');
}

/** The house rules as text blocks (one paragraph per line). */
export function houseRulesText(text) {
  return h('div', { class: 'house-rules', dir: 'auto' }, String(text || '').split('\n').filter((line) => line.trim()).map((line) => h('p', {}, line)));
}

/**
 * The "I accept the house rules" checkbox of a join or knock form, with its error line (ids from idPrefix).
 * confirmed() is true when ticked; otherwise it shows requiredText, marks the box invalid and focuses it.
 */
export function rulesAcceptance(idPrefix, requiredText) {
  const errorId = `${idPrefix}-error`;
  const box = h('input', { type: 'checkbox', id: idPrefix, name: 'acceptHouseRules', required: true, 'aria-describedby': errorId });
  const error = h('p', { class: 'field__error', id: errorId, role: 'alert', hidden: true });
  return {
    error,
    check: h('div', { class: 'check' }, box, h('label', { for: idPrefix }, t('room.rules.acceptLabel'))),
    confirmed() {
      if (!box.checked) {
        error.textContent = requiredText;
        error.hidden = false;
        box.setAttribute('aria-invalid', 'true');
        box.focus();
        return false;
      }
      error.hidden = true;
      box.removeAttribute('aria-invalid');
      return true;
    },
  };
}

/**
 * In the room: moderation hours and what holds now, the house rules to read again, and — until the member accepted
 * them — the gate that asks for it (the message box stays read-only until then).
 */
export class MemberSafetyBar {
  #connection;
  #roomId;
  #onAccepted;
  #safety = null;

  /** @param {{connection, roomId: string, onAccepted: () => void}} o */
  constructor({ connection, roomId, onAccepted }) {
    this.#connection = connection;
    this.#roomId = roomId;
    this.#onAccepted = onAccepted;
    this.element = h('div', { class: 'room-safety' });
  }

  get accepted() {
    return this.#safety ? !!this.#safety.houseRulesAccepted : true;
  }

  get help() {
    return this.#safety?.help || null;
  }

  /** Why a member cannot write right now (quiet hours, no moderator in a read-only group), or '' when they can. */
  get writeBlock() {
    const s = this.#safety;
    if (!s) return '';
    if (s.quietNow) return t('room.safety.quiet');
    if (s.unattendedMode === 'UNATTENDED_READ_ONLY' && !s.moderatedNow) return t('room.safety.unattended.UNATTENDED_READ_ONLY');
    return '';
  }

  /** GetRoomSafety again (after every reconnect); resolves with it. */
  async refresh() {
    const { payload } = await this.#connection.request({ getRoomSafety: { roomId: this.#roomId } });
    this.#safety = payload;
    this.#render();
    return payload;
  }

  #render() {
    const s = this.#safety;
    const parts = [];
    if (s.moderationHours?.length) {
      parts.push(h('p', { class: 'room-safety__hours' }, t('room.safety.hours', { hours: hoursText(s.moderationHours) })));
      if (!s.moderatedNow && s.unattendedMode && s.unattendedMode !== 'UNATTENDED_OPEN') {
        parts.push(h('p', { class: 'notice notice--info', role: 'status' }, t(`room.safety.unattended.${s.unattendedMode}`)));
      }
    }
    if (s.quietNow) parts.push(h('p', { class: 'notice notice--info', role: 'status' }, t('room.safety.quiet')));
    if (s.onHold && !(s.unattendedMode?.startsWith('UNATTENDED_HOLD') && !s.moderatedNow)) {
      parts.push(h('p', { class: 'notice notice--info', role: 'status' }, t('room.safety.onHold')));
    }
    if (!s.houseRulesAccepted) {
      const error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
      const headingId = uniqueId('rules');
      parts.push(
        h(
          'section',
          { class: 'room-safety__gate', 'aria-labelledby': headingId },
          h('h2', { class: 'h3', id: headingId }, t('room.rules.gateTitle')),
          h('p', {}, t('room.rules.gateText')),
          houseRulesText(s.effectiveHouseRules),
          error,
          h('button', {
            type: 'button',
            class: 'btn btn--primary',
            onclick: async () => {
              try {
                await this.#connection.request({ acceptHouseRules: { roomId: this.#roomId } });
                this.#safety = { ...this.#safety, houseRulesAccepted: true };
                this.#render();
                this.#onAccepted();
              } catch (err) {
                error.textContent = errorText(err);
                error.hidden = false;
              }
            },
          }, t('room.rules.accept')),
        ),
      );
    } else {
      parts.push(h('details', { class: 'room-safety__rules' }, h('summary', {}, t('room.rules.title')), houseRulesText(s.effectiveHouseRules)));
    }
    this.element.replaceChildren(...parts);
  }
}
