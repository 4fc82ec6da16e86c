// The page's one polite live region. Only NEW things are announced (a new chat message, a changed
// queue position); history that is loaded or replayed is never pushed through here.
const MAX_ITEMS = 3;

export function announce(text) {
  const region = document.getElementById('live');
  if (!region || !text) return;
  const item = document.createElement('p');
  item.textContent = text;
  region.append(item);
  while (region.childElementCount > MAX_ITEMS) region.firstElementChild.remove();
}

export function clearAnnouncements() {
  const region = document.getElementById('live');
  if (region) region.textContent = '';
}
