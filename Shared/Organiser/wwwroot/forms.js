// Shows the API's answers on a form: each validation message beside its field (problem+json "errors" keyed by JSON
// path, e.g. "sessions[0].start"), the rest in a summary at the top that takes the focus.
import { h, clear, put } from './dom.js';
import { t } from './i18n.js';
import { call } from './api.js';

/** An API message as sent: the API writes it in the page's language (the page sends Accept-Language). */
export function localise(message) {
  return typeof message === 'string' ? message : '';
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('[data-error-for]')) {
    el.hidden = true;
    clear(el);
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const summary = form.querySelector('.error-summary');
  if (summary) summary.remove();
}

/** The field's own error slot, else the nearest one above it in the path ("sessions[0].start" → "sessions[0]" → "sessions"). */
function slotFor(form, path) {
  let key = path;
  while (key) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
    if (slot) return slot;
    const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    key = cut > 0 ? key.slice(0, cut) : '';
  }
  return null;
}

/** GETs path for box: empties the box and answers the body, or shows the problem in the box and answers null. */
export async function loadInto(box, path) {
  const result = await call('GET', path);
  clear(box);
  if (result.ok) return result.body;
  put(box, notice('error', problemText(result)));
  return null;
}

/** Text for an answer that is not a validation problem (404, 409, 413, network). */
export function problemText(result) {
  if (result.network) return t('common.networkError');
  const p = result.problem ?? {};
  const parts = [localise(p.title), localise(p.detail)].filter(Boolean);
  return parts.length ? parts.join(' — ') : t('common.serverError', { status: result.status });
}

/** Puts an API error on the form; returns the summary element. */
export function showProblem(form, result) {
  clearErrors(form);
  const loose = [];
  const errors = result.problem?.errors ?? {};
  for (const [path, messages] of Object.entries(errors)) {
    const text = (Array.isArray(messages) ? messages : [messages]).map(localise).join(' ');
    const slot = slotFor(form, path);
    if (slot) {
      slot.append(slot.childNodes.length ? ` ${text}` : text);
      slot.hidden = false;
      const control = form.querySelector(`[aria-describedby~="${CSS.escape(slot.id)}"]`);
      if (control) control.setAttribute('aria-invalid', 'true');
    } else {
      loose.push(`${path}: ${text}`);
    }
  }
  const hasFieldErrors = Object.keys(errors).length > loose.length;
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('p', {}, Object.keys(errors).length ? t('common.errorSummary') : problemText(result)),
    loose.length || hasFieldErrors ? h('ul', {}, loose.map((l) => h('li', {}, l)),
      hasFieldErrors ? Object.entries(errors).filter(([p]) => slotFor(form, p)).map(([p, m]) => h('li', {}, `${labelOf(form, p)}: ${(Array.isArray(m) ? m : [m]).map(localise).join(' ')}`)) : null) : null);
  // Under the form's heading when it has one, else at its top.
  const heading = form.querySelector('h1, h2');
  if (heading) heading.after(summary);
  else form.prepend(summary);
  summary.focus();
  return summary;
}

function labelOf(form, path) {
  const slot = slotFor(form, path);
  const label = slot?.closest('.field')?.querySelector('label');
  return label ? label.textContent : path;
}

/** A section's action status: say(kind, text) shows one notice in node, in place of the one before. */
export function statusLine() {
  const node = h('div', { class: 'action-status' });
  return { node, say: (kind, text) => { put(clear(node), notice(kind, text)); } };
}

/** A status line (role=status) above a section: ok or error text. */
export function notice(kind, text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
