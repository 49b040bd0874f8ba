// The organiser's page: who is signed in (GET /api/me), navigation and the views (hash routes, so a reload stays on the
// same view). A person signs in with the host's sign-in (App Service Authentication on Azure, the development sign-in
// locally); the page then offers only what the person's roles allow. In development a script's key may be typed in.
import { h, clear, field, put } from './dom.js';
import { t, lang, setLang } from './i18n.js';
import { call, hasKey, setKey, forgetKey, postSignOut } from './api.js';
import { signIn, caller, setCaller, can } from './access.js';
import { problemText, notice } from './forms.js';
import { coursesView, courseFormView } from './courses.js';
import { courseView } from './course.js';
import { complaintsView } from './complaints.js';
import { peopleView } from './people.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let leaving = null;

// 'loading' (asking /api/me), 'in' (caller() is set), 'out' (sign in; message), 'refused' (a 403: problem), 'error'.
let session = { state: 'loading' };

function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

/** Asks the API who is signed in, then draws the page for that person (or the sign-in). */
async function start(message) {
  session = { state: 'loading' };
  const result = await call('GET', 'me', { quiet: true });
  if (result.ok) {
    setCaller(result.body);
    session = { state: 'in' };
  } else {
    setCaller(null);
    if (result.status === 401 && hasKey()) {
      // The typed key stopped working: forget it, and see whether a signed-in session remains.
      forgetKey();
      return start(t('signIn.expired'));
    }
    if (result.status === 401) session = { state: 'out', message };
    else if (result.status === 403) session = { state: 'refused', result };
    else session = { state: 'error', result };
  }
  render();
}

const roleWords = (me) => me.roles.map((r) => t(`role.${r}`)).join(', ');

function signOutControl() {
  const label = t('nav.signOut');
  // A typed key: forget it (a signed-in session, if any, then shows).
  if (hasKey()) return h('button', { type: 'button', class: 'link', onclick: () => { forgetKey(); start(); } }, label);
  if (!signIn.outUrl) return null;
  if (signIn.outMethod === 'POST') return h('button', { type: 'button', class: 'link', onclick: () => postSignOut(signIn.outUrl) }, label);
  return h('a', { href: signIn.outUrl }, label);
}

/** The first view the roles allow. */
function home() {
  if (can('courses.read')) return '#/courses';
  if (can('cases.read')) return '#/complaints';
  if (can('people')) return '#/people';
  return '#/';
}

function renderNav() {
  clear(nav);
  document.documentElement.lang = lang();
  document.title = `${t('app.title')} · Workflow`;
  document.querySelector('.skip').textContent = t('app.skip');
  document.getElementById('brand').textContent = `${t('app.board')} · ${t('app.title')}`;
  const me = session.state === 'in' ? caller() : null;
  const current = location.hash.startsWith('#/complaints') ? 'complaints' : location.hash.startsWith('#/people') ? 'people' : 'courses';
  const link = (view, need) => (me && can(need)
    ? h('a', { href: `#/${view}`, 'aria-current': current === view ? 'page' : null }, t(`nav.${view}`)) : null);
  put(nav, ...[
    link('courses', 'courses.read'),
    link('complaints', 'cases.read'),
    link('people', 'people'),
    me ? h('span', { class: 'who', 'data-who': me.id, title: t('nav.who') }, `${me.name} · ${roleWords(me)}`) : null,
    h('button', { type: 'button', class: 'link', lang: lang() === 'vi' ? 'en' : 'vi', 'aria-label': t('nav.languageLabel'),
      onclick: () => { setLang(lang() === 'vi' ? 'en' : 'vi'); render(); } }, t('nav.language')),
    me || session.state === 'refused' ? signOutControl() : null,
  ].filter(Boolean));
}

function keyForm() {
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'current-password', required: true, spellcheck: 'false' });
  const status = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { class: 'key-form', novalidate: true, 'aria-labelledby': 'key-title' },
    h('h2', { id: 'key-title' }, t('signIn.keyTitle')),
    h('p', {}, t('signIn.intro')),
    field(t('signIn.key'), input, { name: 'key' }),
    status,
    h('button', { type: 'submit', class: 'secondary' }, t('signIn.submit')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) {
      status.textContent = t('signIn.empty');
      status.hidden = false;
      input.focus();
      return;
    }
    // The key is asked who it is before it is kept.
    const result = await call('GET', 'me', { key });
    if (result.ok) {
      setKey(key);
      setCaller(result.body);
      session = { state: 'in' };
      render();
    } else {
      status.textContent = result.status === 401 ? t('signIn.wrong') : problemText(result);
      status.hidden = false;
      input.focus();
    }
  });
  return form;
}

function signInView(message) {
  const button = signIn.url ? h('a', { class: 'button primary', href: signIn.url }, t('signIn.button')) : null;
  const view = h('section', { class: 'card narrow sign-in' },
    h('h1', {}, t('signIn.title')),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
    button ? h('p', {}, t('signIn.person')) : h('p', {}, t('signIn.unavailable')),
    button ? h('p', {}, button) : null,
    signIn.keyForm ? keyForm() : null);
  return { node: view, focus: button ?? view.querySelector('input') };
}

/** A signed-in person the API does not admit (not among the people): its words, which name whom to ask. */
function refusedView(result) {
  const out = signOutControl();
  return h('section', { class: 'card narrow refused' },
    h('h1', {}, t('refused.title')),
    notice('error', problemText(result)),
    out ? h('p', {}, t('refused.signOut'), ' ', out) : null);
}

function deniedView() {
  return h('section', { class: 'denied' },
    h('h1', {}, t('denied.title')),
    h('p', {}, t('denied.text')),
    home() !== '#/' ? h('p', {}, h('a', { href: home() }, t('denied.home'))) : null);
}

function route(context) {
  const path = location.hash.replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean);
  const only = (need, view) => (can(need) ? view() : deniedView());
  if (!path.length) {
    const first = home();
    if (first === '#/') return deniedView();
    history.replaceState(null, '', first);
    return route(context);
  }
  if (path[0] === 'complaints') return only('cases.read', () => complaintsView(context));
  if (path[0] === 'people') return only('people', () => peopleView(context));
  if (path[0] === 'courses' && path[1] === 'new') return only('courses.change', () => courseFormView(context, null));
  if (path[0] === 'courses' && path[1] && path[2] === 'edit') return only('courses.change', () => courseFormView(context, path[1]));
  if (path[0] === 'courses' && path[1]) return only('courses.read', () => courseView(context, path[1]));
  return only('courses.read', () => coursesView(context));
}

function render() {
  if (leaving) leaving();
  leaving = null;
  renderNav();
  clear(main);
  if (session.state === 'loading') {
    put(main, h('p', { class: 'muted' }, t('common.loading')));
    return;
  }
  if (session.state === 'out') {
    const view = signInView(session.message);
    put(main, view.node);
    view.focus?.focus();
    return;
  }
  if (session.state === 'refused' || session.state === 'error') {
    put(main, session.state === 'refused' ? refusedView(session.result)
      : h('section', { class: 'card narrow' }, h('h1', {}, t('app.title')), notice('error', problemText(session.result)),
        h('button', { type: 'button', class: 'secondary', onclick: () => start() }, t('common.retry'))));
  } else {
    const context = { go, main, onLeave: (fn) => { leaving = fn; } };
    put(main, route(context));
    renderNav();
  }
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

window.addEventListener('hashchange', () => {
  if (session.state === 'in') render();
});
window.addEventListener('workflow:signed-out', () => start(t('signIn.expired')));
start();
