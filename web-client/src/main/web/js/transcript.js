// A copy of a finished chat that the client keeps on their own device (only when they chose to keep the chat):
// plain text, names and times, no ids. No DOM: the view turns it into a download.

/**
 * @param {Array<object>} timeline ConversationModel.timeline(): text events (and system events, left out)
 * @param {object} o
 * @param {string} o.title the office hour and organisation, for the first line
 * @param {string} o.you how the client is named ("Jij")
 * @param {(date: Date) => string} o.time formats a message's time
 * @param {string} [o.someone] for a sender without a name
 */
export function transcriptText(timeline, { title, you, time, someone = '?' }) {
  const lines = [title, ''];
  for (const item of timeline) {
    if (item.type !== 'text') continue;
    const who = item.mine ? you : item.senderName || someone;
    const when = item.at ? time(item.at) : '';
    lines.push(`${when ? `[${when}] ` : ''}${who}:`);
    lines.push(...String(item.text?.text ?? '').split('\n').map((line) => `  ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A file name without anything personal: "gesprek-2026-11-29.txt". */
export function transcriptFileName(isoDay, word = 'gesprek') {
  return `${word}-${isoDay}.txt`;
}
