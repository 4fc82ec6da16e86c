// "Iemand wacht al lang": a desktop notification (the browser's Notification API) when a client has waited longer
// than the professional's chosen time in a queue they are on duty for. Permission is only asked from a button
// (a user gesture); without it the existing title count and sound (notify.js) and a spoken line stand in.
// No DOM here: the decision is unit-tested under node.
import { parseTime } from './format.js';

/** Minutes the professional can choose; 0 = off. */
export const WAIT_ALERT_CHOICES = [0, 2, 5, 10, 15];

/**
 * Clients who have waited at least `thresholdMs` in queues I am on duty for, and who were not alerted yet.
 * @param {Map<string, object>} queueViews officeHourId -> QueueView
 * @param {Set<string>} onDuty
 * @param {number} thresholdMs 0 = off
 * @param {Date} now
 * @param {Set<string>} alerted queueEntryIds already alerted (this visit)
 */
export function overdueClients(queueViews, onDuty, thresholdMs, now, alerted) {
  if (!thresholdMs) return [];
  const due = [];
  for (const [officeHourId, view] of queueViews) {
    if (!onDuty.has(officeHourId)) continue;
    for (const item of view.waiting || []) {
      const joined = parseTime(item.joinedAt);
      if (!joined || alerted.has(item.queueEntryId)) continue;
      if (now.getTime() - joined.getTime() >= thresholdMs) due.push({ officeHourId, item, waitedMs: now.getTime() - joined.getTime() });
    }
  }
  return due;
}

/** What the browser allows: 'granted', 'denied', 'default', or 'unsupported'. */
export function notificationPermission(scope = globalThis) {
  return scope.Notification ? scope.Notification.permission : 'unsupported';
}

export class WaitAlerts {
  #alerted = new Set();
  #thresholdMs = 0;
  #notify;
  #fallback;

  /**
   * @param {object} o
   * @param {(title: string, body: string, tag: string) => boolean} o.notify shows a desktop notification; false when it cannot
   * @param {(title: string, body: string) => void} o.fallback title count, sound, spoken line
   */
  constructor({ notify, fallback }) {
    this.#notify = notify;
    this.#fallback = fallback;
  }

  setThresholdMinutes(minutes) {
    this.#thresholdMs = Math.max(0, Number(minutes) || 0) * 60_000;
  }

  /** Run on every tick and queue change; alerts each waiting client once. */
  check(queueViews, onDuty, now, describe) {
    const due = overdueClients(queueViews, onDuty, this.#thresholdMs, now, this.#alerted);
    for (const { officeHourId, item, waitedMs } of due) {
      this.#alerted.add(item.queueEntryId);
      const { title, body } = describe(officeHourId, item, waitedMs);
      if (!this.#notify(title, body, `wait-${item.queueEntryId}`)) this.#fallback(title, body);
    }
    return due.length;
  }
}
