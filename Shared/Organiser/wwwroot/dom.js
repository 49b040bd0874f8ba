// Builds elements from data with textContent and attributes only: text a user typed never becomes markup.

/** h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'value' && 'value' in el) {
      el.value = value;
    } else if (name === 'checked' || name === 'selected' || name === 'disabled' || name === 'required' || name === 'multiple') {
      el[name] = Boolean(value);
      if (value === true) el.setAttribute(name, '');
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
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

/** SVG elements (the chart). */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/** el.append(...) that skips null/false children and flattens arrays, like h(). */
export function put(el, ...children) {
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Refills a filter's list: the "all" option, then the values; the value chosen stays chosen while it is offered. */
export function setOptions(select, allLabel, values) {
  const current = select.value;
  return put(clear(select), h('option', { value: '' }, allLabel), values.map((v) => h('option', { value: v, selected: v === current }, v)));
}

/** Shows a modal dialog over the page, the focus on `focus`; closing it (a button, Esc) takes it away. */
export function showDialog(dialog, focus) {
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  focus?.focus();
}

let ids = 0;
/** A unique id for label/for and aria-describedby pairs. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled field: <div class="field"><label for>…</label><input id …><p class="error" id> </p></div>. */
export function field(label, control, { hint, name } = {}) {
  const id = control.id || uid(name ?? 'f');
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  if (name) control.dataset.field = name;
  return h('div', { class: 'field', 'data-field-wrap': name ?? null },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'error', id: errorId, 'data-error-for': name ?? id, hidden: true }));
}
