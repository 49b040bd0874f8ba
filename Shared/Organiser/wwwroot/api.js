// The product's own HTTP API, called as the signed-in person: the browser's session cookie (App Service
// Authentication on Azure, the development sign-in locally) goes with every same-origin fetch, and a change carries
// the page's Origin, which the API checks. In development a script's key may be typed in instead: it is kept in
// sessionStorage and sent as the x-functions-key header (never in a URL). Every call sends Accept-Language: the
// page's language, so the API's messages come in the organiser's language.
import { lang } from './i18n.js';

const KEY = 'workflow.organiser.key';
const BASE = '/api/';

export function hasKey() {
  return Boolean(sessionStorage.getItem(KEY));
}

export function setKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

/** The request's headers: the page's language, and the key when one is kept (or given). */
function headersWith(extra, key) {
  const headers = { 'accept-language': lang(), ...extra };
  const kept = key ?? sessionStorage.getItem(KEY);
  if (kept) headers['x-functions-key'] = kept;
  return headers;
}

// The shell is served with Referrer-Policy: no-referrer. Chromium still sends a same-origin POST's Origin, but the
// Fetch standard lets a browser send "Origin: null" under that policy; the API's cross-site check needs the page's
// own origin, so the calls to the API (its own origin, no secret to it) use the policy same-origin.
const SAME_ORIGIN = { credentials: 'same-origin', referrerPolicy: 'same-origin' };

/** Tells the app the session is gone (a 401): it asks who is signed in again. */
function signedOut() {
  forgetKey();
  window.dispatchEvent(new CustomEvent('workflow:signed-out'));
}

/**
 * call('GET', 'courses/abc') → { status, ok, body, problem, etag, network }
 * options: json (body as JSON), text + contentType (raw body), headers, etag (If-None-Match), key (try this key),
 * quiet (a 401 is only answered, not announced: the app's own "who am I" question).
 * A 401 forgets the key and tells the app (event "workflow:signed-out").
 */
export async function call(method, path, { json, text, contentType, headers = {}, etag, key, quiet } = {}) {
  const init = { method, headers: headersWith(headers, key), cache: 'no-store', ...SAME_ORIGIN };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] = 'application/json';
  } else if (text !== undefined) {
    init.body = text;
    init.headers['content-type'] = contentType ?? 'text/plain; charset=utf-8';
  }
  if (etag) init.headers['if-none-match'] = etag;
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch {
    return { status: 0, ok: false, network: true };
  }
  if (response.status === 401 && key === undefined && !quiet) signedOut();
  const result = { status: response.status, ok: response.ok, etag: response.headers.get('etag') };
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 204 && response.status !== 304) {
    if (type.includes('json')) {
      const body = await response.json().catch(() => null);
      if (response.ok) result.body = body;
      else result.problem = body;
    } else if (!response.ok) {
      result.problem = { title: await response.text().catch(() => '') };
    }
  }
  return result;
}

/** Fetches a file and hands it to the browser as a download (a link could not carry a key header or the language). */
export async function download(path, fallbackName) {
  const { response, failed } = await fetchOk(path);
  if (failed) return failed;
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true, status: response.status, name };
}

/** Fetches a file to show in the page: { ok, status, blob, type } (the type the server sent, without parameters). */
export async function fetchFile(path) {
  const { response, failed } = await fetchOk(path);
  if (failed) return failed;
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  return { ok: true, status: response.status, type, blob: new Blob([await response.arrayBuffer()], { type }) };
}

/**
 * GETs a file: { response } when it came, else { failed }: { ok: false, status, problem } (a 401 also tells the app), or
 * { ok: false, status: 0, network: true } when the server could not be reached.
 */
async function fetchOk(path) {
  let response;
  try {
    response = await fetch(BASE + path, { headers: headersWith({}), cache: 'no-store', ...SAME_ORIGIN });
  } catch {
    return { failed: { ok: false, status: 0, network: true } };
  }
  if (!response.ok) {
    if (response.status === 401) signedOut();
    return { failed: { ok: false, status: response.status, problem: await response.json().catch(() => null) } };
  }
  return { response };
}

/**
 * Signs the person out with the host's sign-out: a POST (the development sign-in), then on to the page it answers
 * with; App Service Authentication's is a plain link, which the app draws itself.
 */
export async function postSignOut(url) {
  forgetKey();
  try {
    const response = await fetch(url, { method: 'POST', cache: 'no-store', ...SAME_ORIGIN });
    location.assign(response.redirected ? response.url : BASE + 'organiser');
  } catch {
    location.assign(BASE + 'organiser');
  }
}
