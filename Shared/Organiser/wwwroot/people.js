// People and their roles (administrators): who may sign in and what each may do. The list (GET /api/people), a form
// that adds a person or changes one (PUT /api/people/{signIn}: name, roles, units; the API's messages beside the
// fields), and removing a person (DELETE, after a question): a removed person is refused from the next request on.
import { h, clear, field, put, showDialog } from './dom.js';
import { t, addStrings } from './i18n.js';
import { call } from './api.js';
import { caller } from './access.js';
import { shortDateTime } from './format.js';
import { showProblem, clearErrors, problemText, notice, statusLine } from './forms.js';

const ROLES = ['organiser', 'officer', 'leader', 'administrator'];

addStrings({
  vi: {
    'people.title': 'Người dùng và vai trò',
    'people.intro': 'Chỉ người có trong danh sách mới đăng nhập được; vai trò quyết định họ làm được gì. Cán bộ xử lý đơn chỉ thấy vụ việc của đơn vị mình.',
    'people.add': 'Thêm người', 'people.editTitle': 'Sửa: {name}',
    'people.signIn': 'Tên đăng nhập', 'people.signInHint': 'Tên người dùng của tài khoản đăng nhập, thường là email công vụ.',
    'people.name': 'Họ và tên', 'people.roles': 'Vai trò', 'people.units': 'Đơn vị xử lý đơn',
    'people.unitsHint': 'Mỗi dòng một đơn vị; cần cho cán bộ xử lý đơn.',
    'people.signInMissing': 'Nhập tên đăng nhập.', 'people.save': 'Lưu', 'people.new': 'Thêm người khác', 'people.saved': 'Đã lưu {name}.',
    'people.col.name': 'Họ và tên', 'people.col.signIn': 'Tên đăng nhập', 'people.col.roles': 'Vai trò', 'people.col.units': 'Đơn vị',
    'people.col.updated': 'Cập nhật', 'people.col.actions': 'Thao tác', 'people.by': '{time}, {name}',
    'people.edit': 'Sửa', 'people.editLabel': 'Sửa {name}', 'people.remove': 'Xóa', 'people.removeLabel': 'Xóa {name}',
    'people.removeTitle': 'Xóa {name} khỏi danh sách?',
    'people.removeText': 'Người này sẽ không dùng được trang và API nữa, kể cả phiên đang mở. Có thể thêm lại sau.',
    'people.removeSelf': 'Đây là chính bạn: sau khi xóa, bạn sẽ không vào được trang nữa (trừ khi là quản trị viên trong cấu hình).',
    'people.removeConfirm': 'Xóa', 'people.removeKeep': 'Không xóa', 'people.removed': 'Đã xóa {name}.',
    'people.none': 'Chưa có ai trong danh sách.', 'people.count': '{n} người',
  },
  en: {
    'people.title': 'People and roles',
    'people.intro': 'Only people on this list can sign in; their roles decide what they may do. Complaint officers see their own units\' cases only.',
    'people.add': 'Add a person', 'people.editTitle': 'Edit: {name}',
    'people.signIn': 'Sign-in name', 'people.signInHint': "The account's user name, usually the work email.",
    'people.name': 'Full name', 'people.roles': 'Roles', 'people.units': 'Complaint handling units',
    'people.unitsHint': 'One unit per line; a complaint officer needs one.',
    'people.signInMissing': 'Enter the sign-in name.', 'people.save': 'Save', 'people.new': 'Add someone else', 'people.saved': '{name} saved.',
    'people.col.name': 'Name', 'people.col.signIn': 'Sign-in name', 'people.col.roles': 'Roles', 'people.col.units': 'Units',
    'people.col.updated': 'Updated', 'people.col.actions': 'Actions', 'people.by': '{time}, {name}',
    'people.edit': 'Edit', 'people.editLabel': 'Edit {name}', 'people.remove': 'Remove', 'people.removeLabel': 'Remove {name}',
    'people.removeTitle': 'Remove {name} from the list?',
    'people.removeText': 'They will no longer be able to use the page or the API, open sessions included. They can be added again later.',
    'people.removeSelf': 'This is you: once removed, you cannot use the page any more (unless you are an administrator by configuration).',
    'people.removeConfirm': 'Remove', 'people.removeKeep': 'Keep', 'people.removed': '{name} removed.',
    'people.none': 'Nobody on the list yet.', 'people.count': '{n} people', 'people.count.one': '1 person',
  },
});

const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);

export function peopleView() {
  const { node: status, say } = statusLine();
  const list = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', { class: 'muted' }, t('common.loading')));
  let editing = null;

  const signInInput = h('input', { type: 'text', name: 'signIn', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 256 });
  const nameInput = h('input', { type: 'text', name: 'name', required: true, autocomplete: 'off', maxlength: 200 });
  const roleBoxes = ROLES.map((r) => h('input', { type: 'checkbox', name: 'roles', value: r, id: `person-role-${r}` }));
  const unitsInput = h('textarea', { name: 'units', rows: 2 });
  const formTitle = h('h2', { id: 'person-form-title' }, t('people.add'));
  const again = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => fill(null) }, t('people.new'));
  const form = h('form', { class: 'card person-form', novalidate: true, 'aria-labelledby': 'person-form-title' },
    formTitle,
    h('div', { class: 'pair' }, field(t('people.signIn'), signInInput, { name: 'signIn', hint: t('people.signInHint') }),
      field(t('people.name'), nameInput, { name: 'name' })),
    h('fieldset', { class: 'group' }, h('legend', {}, t('people.roles')),
      roleBoxes.map((box) => h('div', { class: 'check' }, box, h('label', { for: box.id }, t(`role.${box.value}`)))),
      h('p', { class: 'error', 'data-error-for': 'roles', id: 'person-roles-error', hidden: true })),
    field(t('people.units'), unitsInput, { name: 'units', hint: t('people.unitsHint') }),
    h('p', { class: 'error', 'data-error-for': 'body', id: 'person-body-error', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('people.save')), again));

  /** The form for a new person (null) or for one of the list; a person's sign-in name is his key and stays. */
  const fill = (person) => {
    editing = person;
    clearErrors(form);
    formTitle.textContent = person ? t('people.editTitle', { name: person.name }) : t('people.add');
    signInInput.value = person?.signIn ?? '';
    signInInput.readOnly = Boolean(person);
    nameInput.value = person?.name ?? '';
    for (const box of roleBoxes) box.checked = Boolean(person?.roles.includes(box.value));
    unitsInput.value = (person?.units ?? []).join('\n');
    again.hidden = !person;
    (person ? nameInput : signInInput).focus();
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const signIn = signInInput.value.trim();
    if (!signIn) return showProblem(form, { status: 400, problem: { errors: { signIn: [t('people.signInMissing')] } } });
    const body = { name: nameInput.value.trim(), roles: roleBoxes.filter((b) => b.checked).map((b) => b.value), units: lines(unitsInput.value) };
    const result = await call('PUT', `people/${encodeURIComponent(signIn)}`, { json: body });
    if (!result.ok) return showProblem(form, result);
    say('ok', t('people.saved', { name: result.body.name }));
    fill(null);
    load();
  });

  const removeDialog = (person) => {
    const self = caller()?.id === person.signIn;
    const form = h('form', { novalidate: true },
      h('h2', {}, t('people.removeTitle', { name: person.name })),
      h('p', {}, t('people.removeText')),
      self ? notice('error', t('people.removeSelf')) : null,
      h('p', { class: 'error', 'data-error-for': 'body', id: 'remove-person-error', hidden: true }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'danger' }, t('people.removeConfirm')),
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('people.removeKeep'))));
    const dialog = h('dialog', { 'aria-label': t('people.removeTitle', { name: person.name }) }, form);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const result = await call('DELETE', `people/${encodeURIComponent(person.signIn)}`);
      if (!result.ok) return showProblem(form, result);
      dialog.close();
      say('ok', t('people.removed', { name: person.name }));
      if (editing?.signIn === person.signIn) fill(null);
      load();
    });
    showDialog(dialog, form.querySelector('button.secondary'));
  };

  const load = async () => {
    const result = await call('GET', 'people');
    list.setAttribute('aria-busy', 'false');
    clear(list);
    if (!result.ok) return put(list, notice('error', problemText(result)));
    const people = result.body;
    if (!people.length) return put(list, h('p', { class: 'muted' }, t('people.none')));
    put(list,
      h('p', { class: 'muted' }, t('people.count', { n: people.length, count: people.length })),
      h('div', { class: 'table-wrap' }, h('table', { class: 'people' },
        h('thead', {}, h('tr', {}, ['name', 'signIn', 'roles', 'units', 'updated', 'actions'].map((k) => h('th', { scope: 'col' }, t(`people.col.${k}`))))),
        h('tbody', {}, people.map((p) => h('tr', { 'data-person': p.signIn },
          h('th', { scope: 'row' }, p.name),
          h('td', {}, p.signIn),
          h('td', {}, p.roles.map((r) => t(`role.${r}`)).join(', ')),
          h('td', {}, p.units.length ? p.units.join(', ') : t('common.none')),
          h('td', { class: 'small' }, t('people.by', { time: shortDateTime(p.updatedAt), name: p.updatedBy?.name ?? t('common.none') })),
          h('td', {}, h('div', { class: 'buttons' },
            h('button', { type: 'button', class: 'link', 'aria-label': t('people.editLabel', { name: p.name }), onclick: () => fill(p) }, t('people.edit')),
            h('button', { type: 'button', class: 'link', 'aria-label': t('people.removeLabel', { name: p.name }), onclick: () => removeDialog(p) }, t('people.remove'))))))))));
  };

  load();
  return h('section', { class: 'people-admin' },
    h('h1', {}, t('people.title')),
    h('p', { class: 'muted' }, t('people.intro')),
    status,
    form,
    list);
}
