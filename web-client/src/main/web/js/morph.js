// Updates a part of the page in place to look like a freshly built copy, so what stays the same stays the same
// element: focus, a screen reader's reading position and a half-done click survive a change next to them.
// Children that carry data-key are matched by key (a queue item stays itself when someone above it leaves);
// others by position and kind. Listeners are not copied: morphed parts use event delegation (data-action).

const keyOf = (node) => (node.nodeType === 1 ? node.getAttribute('data-key') : null);
const sameKind = (a, b) => a.nodeType === b.nodeType && a.nodeName === b.nodeName;

/** Makes `current` look like `next`; returns the node that is now in the page (current, or next if replaced). */
export function morph(current, next) {
  if (!sameKind(current, next) || keyOf(current) !== keyOf(next)) {
    current.replaceWith(next);
    return next;
  }
  if (current.nodeType !== 1) {
    if (current.nodeValue !== next.nodeValue) current.nodeValue = next.nodeValue;
    return current;
  }
  for (const { name } of [...current.attributes]) if (!next.hasAttribute(name)) current.removeAttribute(name);
  for (const { name, value } of [...next.attributes]) if (current.getAttribute(name) !== value) current.setAttribute(name, value);
  morphChildren(current, next);
  return current;
}

/** Makes the children of `current` those of `next`, keeping matching ones. */
export function morphChildren(current, next) {
  const keyed = new Map();
  for (const child of current.childNodes) {
    const key = keyOf(child);
    if (key) keyed.set(key, child);
  }
  const kept = new Set();
  let cursor = current.firstChild;
  const skipUsed = () => {
    while (cursor && kept.has(cursor)) cursor = cursor.nextSibling;
  };
  for (const wanted of [...next.childNodes]) {
    skipUsed();
    const key = keyOf(wanted);
    let match = null;
    if (key) {
      const candidate = keyed.get(key);
      if (candidate && !kept.has(candidate) && sameKind(candidate, wanted)) match = candidate;
    } else if (cursor && !keyOf(cursor) && sameKind(cursor, wanted)) {
      match = cursor;
    }
    if (match) {
      if (match === cursor) cursor = cursor.nextSibling;
      else current.insertBefore(match, cursor); // moved (only when the order changed)
      kept.add(morph(match, wanted));
    } else {
      current.insertBefore(wanted, cursor);
      kept.add(wanted);
    }
  }
  for (const child of [...current.childNodes]) if (!kept.has(child)) child.remove();
}
