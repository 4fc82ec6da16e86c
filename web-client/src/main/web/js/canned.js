// Canned responses ("standaardantwoorden") in the professional's composer: "/code" + Enter puts the text in
// place of the code (it is not sent yet, so it can be changed first). A professional's own response wins over
// the organisation's shared one with the same code. No DOM: unit-tested under node.

/** The response for a code: own first, then shared. */
export function responseFor(code, responses) {
  const wanted = String(code || '').toLowerCase();
  return responses.find((r) => r.code === wanted && !r.shared) || responses.find((r) => r.code === wanted && r.shared) || null;
}

/** The "/code" word that ends at the cursor, or null. */
export function codeAtCursor(value, cursor) {
  const before = value.slice(0, cursor);
  const match = /(^|\s)\/([a-z0-9-]{1,30})$/i.exec(before);
  return match ? { code: match[2].toLowerCase(), start: before.length - match[2].length - 1 } : null;
}

/**
 * Replaces the "/code" before the cursor with its response's text.
 * @returns {{value: string, cursor: number, response: object} | null} null when there is no known code there
 */
export function expandShortCode(value, cursor, responses) {
  const found = codeAtCursor(value, cursor);
  if (!found) return null;
  const response = responseFor(found.code, responses);
  if (!response) return null;
  const text = response.text || '';
  return {
    value: value.slice(0, found.start) + text + value.slice(cursor),
    cursor: found.start + text.length,
    response,
  };
}

/** Responses whose code or title contains the filter (case-insensitive), own first as the server sends them. */
export function filterResponses(responses, filter) {
  const f = String(filter || '').trim().toLowerCase().replace(/^\//, '');
  if (!f) return responses;
  return responses.filter((r) => r.code.includes(f) || (r.title || '').toLowerCase().includes(f));
}

/** Inserts text at the cursor (replacing a selection). */
export function insertAt(value, selectionStart, selectionEnd, text) {
  return { value: value.slice(0, selectionStart) + text + value.slice(selectionEnd), cursor: selectionStart + text.length };
}
