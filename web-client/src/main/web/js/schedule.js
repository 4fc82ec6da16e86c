// Weekly schedules as people read them, for the client's office-hour page and the admin editor. No DOM.

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

const minutes = (time) => {
  const [hours, mins] = time.split(':').map(Number);
  return hours * 60 + mins;
};

/** Whether the slots cover every minute of every day (however they are cut), so "24 hours open" can stand for them. */
export function isAlwaysOpen(slots = []) {
  if (!slots.length) return false;
  return WEEKDAYS.every((day) => {
    // 00:00-00:00 is no slot (the server refuses it); a slot past midnight counts for its own day only, so such a
    // schedule is shown day by day (nothing is lost, it is just not summed up as "always open").
    const ranges = slots.filter((s) => s.day === day && s.start && s.end && s.start !== s.end)
      .map((s) => [minutes(s.start), s.end === '00:00' ? 24 * 60 : minutes(s.end)])
      .sort((a, b) => a[0] - b[0]);
    let covered = 0;
    for (const [start, end] of ranges) {
      if (start > covered) return false;
      covered = Math.max(covered, end);
    }
    return covered >= 24 * 60;
  });
}

/**
 * The weekly slots per day, Monday first, days without slots left out; times in order, touching ones joined
 * ("09:00–12:00" and "12:00–17:00" read as "09:00–17:00").
 * @returns {Array<{day: string, ranges: Array<{start: string, end: string}>}>}
 */
export function scheduleByDay(slots = []) {
  const days = [];
  for (const day of WEEKDAYS) {
    const ranges = slots.filter((s) => s.day === day && s.start && s.end)
      .map(({ start, end }) => ({ start, end }))
      .sort((a, b) => minutes(a.start) - minutes(b.start));
    const joined = [];
    for (const range of ranges) {
      const last = joined[joined.length - 1];
      if (last && last.end === range.start && last.end !== '00:00') last.end = range.end;
      else joined.push({ ...range });
    }
    if (joined.length) days.push({ day, ranges: joined });
  }
  return days;
}
