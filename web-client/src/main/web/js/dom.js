// Building DOM without innerHTML: user text only ever becomes text nodes, so it can never become markup.

/**
 * h('button', {class: 'btn', onclick: fn, 'aria-pressed': 'true', text: 'Hi'}, child, ...)
 * Props: class, text, on<event> (function), boolean DOM properties (hidden, disabled, checked, required),
 * value, and anything else as an attribute (null/false leaves it out).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else if (['hidden', 'disabled', 'checked', 'required', 'selected', 'multiple', 'open'].includes(key)) el[key] = true;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replace all children of el. */
export function replaceChildren(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

let uid = 0;
/** Unique ids for label/aria wiring. */
export function uniqueId(prefix = 'id') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form field: returns {wrapper, input}. `hint` is linked with aria-describedby. */
export function field({ label, input, hint = null, optional = null }) {
  const id = input.id || uniqueId('f');
  input.id = id;
  const labelEl = h('label', { for: id, class: 'field__label' }, label, optional ? h('span', { class: 'field__optional' }, ` ${optional}`) : null);
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'field__hint', id: `${id}-hint` }, hint);
    input.setAttribute('aria-describedby', hintEl.id);
  }
  const errorEl = h('p', { class: 'field__error', id: `${id}-error`, hidden: true });
  const wrapper = h('div', { class: 'field' }, labelEl, hintEl, errorEl, input);
  return {
    wrapper,
    input,
    setError(message) {
      errorEl.textContent = message || '';
      errorEl.hidden = !message;
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', [hintEl?.id, errorEl.id].filter(Boolean).join(' '));
      } else {
        input.removeAttribute('aria-invalid');
        if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
        else input.removeAttribute('aria-describedby');
      }
    },
  };
}

/** Set the document title and move focus to the main heading, so screen readers hear the new page. */
export function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}
