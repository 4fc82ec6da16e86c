// Dates, times and durations in plain words. Times of an office hour are shown in its own time zone.
import { t, tn, locale } from './i18n.js';

/** int64 fields arrive as strings in proto3 JSON; absent means 0. */
export function toInt(value) {
  if (value === undefined || value === null || value === '') return 0;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

export function parseTime(timestamp) {
  if (!timestamp) return null;
  const d = new Date(timestamp);
  return Number.isNaN(d.getTime()) ? null : d;
}

function dayKey(date, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** "14:30" */
export function clockTime(date, timeZone) {
  return new Intl.DateTimeFormat(locale(), { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

/** "vandaag om 14:30", "morgen om 09:00", "maandag 10 november om 09:00" */
export function dayAndTime(date, timeZone, now = new Date()) {
  const time = clockTime(date, timeZone);
  const day = dayKey(date, timeZone);
  if (day === dayKey(now, timeZone)) return t('time.todayAt', { time });
  if (day === dayKey(new Date(now.getTime() + 86400000), timeZone)) return t('time.tomorrowAt', { time });
  const weekday = new Intl.DateTimeFormat(locale(), { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(date);
  return t('time.dayAt', { day: weekday, time });
}

const CLOSING_HORIZON_MS = 7 * 86400000;

/**
 * "Open tot 17:00." / "Open tot morgen om 02:00." for an open office hour, or '' when closing is more than a week
 * away (an office hour that is open around the clock has a closing time far in the future, not "00:00").
 */
export function openUntilText(closesAt, timeZone, now = new Date()) {
  if (!closesAt || closesAt.getTime() - now.getTime() > CLOSING_HORIZON_MS) return '';
  if (dayKey(closesAt, timeZone) === dayKey(now, timeZone)) return t('status.openUntil', { time: clockTime(closesAt, timeZone) });
  return t('status.openUntilDay', { when: dayAndTime(closesAt, timeZone, now) });
}

/** "Sluit om 17:00" / "Sluit morgen om 02:00" on a professional's office hour card; '' as above. */
export function closesText(closesAt, timeZone, now = new Date()) {
  if (!closesAt || closesAt.getTime() - now.getTime() > CLOSING_HORIZON_MS) return '';
  if (dayKey(closesAt, timeZone) === dayKey(now, timeZone)) return t('pro.work.closesAt', { time: clockTime(closesAt, timeZone) });
  return t('pro.work.closesOn', { when: dayAndTime(closesAt, timeZone, now) });
}

/** Wait estimate in words; rounded so it does not promise a precision we do not have. */
export function waitInWords(seconds) {
  const s = toInt(seconds);
  if (s < 120) return t('wait.almost');
  let minutes = Math.ceil(s / 60);
  if (minutes > 10) minutes = Math.ceil(minutes / 5) * 5;
  if (minutes < 90) return tn('wait.minutes', minutes);
  const hours = Math.round(minutes / 30) / 2;
  return t('wait.hours', { n: hours.toLocaleString(locale()) });
}

/** "3:07" or "1:02:07": a ticking elapsed time. */
export function elapsed(fromDate, now = new Date()) {
  const total = Math.max(0, Math.floor((now.getTime() - fromDate.getTime()) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Durations in the statistics table: "45 s", "12 min", "1 u 20 min". */
export function duration(seconds) {
  const s = toInt(seconds);
  if (s < 60) return t('duration.seconds', { n: s });
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t('duration.minutes', { n: minutes });
  return t('duration.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** "12 nov 14:30" for lists (offline messages). */
export function shortDateTime(date, timeZone) {
  return new Intl.DateTimeFormat(locale(), { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

/** "YYYY-MM-DD" of a date in a time zone (local when none). */
export function isoDate(date, timeZone) {
  return dayKey(date, timeZone);
}

/** "woensdag 24 december" for a calendar date "YYYY-MM-DD" (no time zone: it is a date, not a moment). */
export function longDate(isoDay) {
  const [y, m, d] = String(isoDay).split('-').map(Number);
  if (!y || !m || !d) return String(isoDay);
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "09:00–12:00, 13:00–17:00". */
export function timeRanges(ranges = []) {
  return ranges.map((r) => `${r.start}–${r.end}`).join(', ');
}
