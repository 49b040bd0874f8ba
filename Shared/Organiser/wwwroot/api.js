// The product's own HTTP API, called with the organiser's function key from sessionStorage (x-functions-key
// header: never in a URL, so it is in no server log, history entry or Referer). Every call sends Accept-Language: the
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

/**
 * call('GET', 'courses/abc') → { status, ok, body, problem, etag, network }
 * options: json (body as JSON), text + contentType (raw body), headers, etag (If-None-Match).
 * A 401 forgets the key and tells the app (event "workflow:signed-out").
 */
export async function call(method, path, { json, text, contentType, headers = {}, etag, key } = {}) {
  const init = { method, headers: { 'accept-language': lang(), ...headers, 'x-functions-key': key ?? sessionStorage.getItem(KEY) ?? '' }, cache: 'no-store' };
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
  if (response.status === 401 && key === undefined) {
    forgetKey();
    window.dispatchEvent(new CustomEvent('workflow:signed-out'));
  }
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

/** Fetches a file with the key and hands it to the browser as a download (links cannot carry the header). */
export async function download(path, fallbackName) {
  let response;
  try {
    response = await fetch(BASE + path, { headers: { 'accept-language': lang(), 'x-functions-key': sessionStorage.getItem(KEY) ?? '' }, cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, network: true };
  }
  if (!response.ok) {
    if (response.status === 401) {
      forgetKey();
      window.dispatchEvent(new CustomEvent('workflow:signed-out'));
    }
    return { ok: false, status: response.status, problem: await response.json().catch(() => null) };
  }
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
