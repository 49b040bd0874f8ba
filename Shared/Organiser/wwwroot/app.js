// The organiser's page: sign-in, navigation and the views (hash routes, so a reload stays on the same view and the
// key never travels in a URL).
import { h, clear, field, put } from './dom.js';
import { t, lang, setLang } from './i18n.js';
import { call, hasKey, setKey, forgetKey } from './api.js';
import { coursesView, courseFormView } from './courses.js';
import { courseView } from './course.js';
import { complaintsView } from './complaints.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let leaving = null;

function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function renderNav() {
  clear(nav);
  document.documentElement.lang = lang();
  document.title = `${t('app.title')} · Workflow`;
  document.querySelector('.skip').textContent = t('app.skip');
  document.getElementById('brand').textContent = `${t('app.board')} · ${t('app.title')}`;
  const current = location.hash.startsWith('#/complaints') ? 'complaints' : 'courses';
  put(nav, ...[
    hasKey() ? h('a', { href: '#/courses', 'aria-current': current === 'courses' ? 'page' : null }, t('nav.courses')) : null,
    hasKey() ? h('a', { href: '#/complaints', 'aria-current': current === 'complaints' ? 'page' : null }, t('nav.complaints')) : null,
    h('button', { type: 'button', class: 'link', lang: lang() === 'vi' ? 'en' : 'vi', 'aria-label': t('nav.languageLabel'),
      onclick: () => { setLang(lang() === 'vi' ? 'en' : 'vi'); render(); } }, t('nav.language')),
    hasKey() ? h('button', { type: 'button', class: 'link', onclick: () => { forgetKey(); go('#/'); } }, t('nav.signOut')) : null,
  ].filter(Boolean));
}

function signInView(message) {
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'current-password', required: true, spellcheck: 'false' });
  const status = h('p', { class: 'error', role: 'alert', hidden: !message }, message ?? '');
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', {}, t('signIn.title')),
    h('p', {}, t('signIn.intro')),
    field(t('signIn.key'), input, { name: 'key' }),
    status,
    h('button', { type: 'submit', class: 'primary' }, t('signIn.submit')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) {
      status.textContent = t('signIn.empty');
      status.hidden = false;
      input.focus();
      return;
    }
    // The key is checked against a function-level read before it is kept.
    const result = await call('GET', 'courses?top=1', { key });
    if (result.ok) {
      setKey(key);
      render();
    } else {
      status.textContent = result.status === 401 ? t('signIn.wrong') : (result.network ? t('common.networkError') : t('common.serverError', { status: result.status }));
      status.hidden = false;
      input.focus();
    }
  });
  return { node: form, focus: input };
}

async function render() {
  if (leaving) leaving();
  leaving = null;
  renderNav();
  clear(main);
  if (!hasKey()) {
    const view = signInView(sessionStorage.getItem('workflow.organiser.expired') ? t('signIn.expired') : null);
    sessionStorage.removeItem('workflow.organiser.expired');
    put(main, view.node);
    view.focus.focus();
    return;
  }
  const path = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const context = { go, main, onLeave: (fn) => { leaving = fn; } };
  let view;
  if (path[0] === 'complaints') view = complaintsView(context);
  else if (path[0] === 'courses' && path[1] === 'new') view = courseFormView(context, null);
  else if (path[0] === 'courses' && path[1] && path[2] === 'edit') view = courseFormView(context, path[1]);
  else if (path[0] === 'courses' && path[1]) view = courseView(context, path[1]);
  else view = coursesView(context);
  put(main, view);
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

window.addEventListener('hashchange', render);
window.addEventListener('workflow:signed-out', () => {
  sessionStorage.setItem('workflow.organiser.expired', '1');
  render();
});
render();
