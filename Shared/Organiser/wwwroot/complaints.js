// The complaint board: open cases sorted by days left to their next legal deadline, coloured by the alert thresholds
// (overdue, 0, 1, 3, 7 days) with the words beside the colour; register, accept, extend, resolve and withdraw with the
// API's errors shown; under each case, its history (who did what, when). There is no field for a denouncer's identity:
// the form carries the case file's facts only, and a case's history names the officers who acted, never a citizen.
import { h, clear, field, put, setOptions, showDialog } from './dom.js';
import { t, addStrings } from './i18n.js';
import { call } from './api.js';
import { can, handles } from './access.js';
import { date, number, todayInVietnam, fold } from './format.js';
import { showProblem, clearErrors, problemText, notice, statusLine } from './forms.js';
import { historyList } from './course.js';

const KINDS = ['firstComplaint', 'secondComplaint', 'denunciation', 'petition'];
const CASE_WHAT = ['registered', 'accepted', 'extended', 'resolved', 'withdrawn'];

addStrings({
  vi: {
    'cases.title': 'Đơn thư: hạn xử lý', 'cases.intro': 'Các vụ việc đang mở, hạn gần nhất lên đầu. Màu theo ngưỡng cảnh báo: quá hạn, hôm nay, còn 1, 3, 7 ngày.',
    'cases.register': 'Đăng ký vụ việc', 'cases.identity': 'Không ghi họ tên, địa chỉ hay thông tin nào giúp nhận ra người tố cáo (Luật Tố cáo 2018, Điều 9, 47–48).',
    'cases.code': 'Số hồ sơ', 'cases.kind': 'Loại', 'cases.receivedOn': 'Ngày nhận', 'cases.acceptedOn': 'Ngày thụ lý (nếu đã thụ lý)',
    'cases.complex': 'Vụ việc phức tạp', 'cases.especiallyComplex': 'Đặc biệt phức tạp', 'cases.remoteArea': 'Vùng sâu, vùng xa, đi lại khó khăn',
    'cases.severalPlaces': 'Nhiều nơi, nhiều địa bàn', 'cases.handlingUnit': 'Đơn vị xử lý', 'cases.officerEmails': 'Email cán bộ xử lý',
    'cases.officerHint': 'Mỗi dòng một địa chỉ; nhận cảnh báo hạn.', 'cases.subject': 'Nội dung tóm tắt', 'cases.save': 'Đăng ký',
    'cases.registered': 'Đã đăng ký vụ việc {code}.',
    'kind.firstComplaint': 'Khiếu nại lần đầu', 'kind.secondComplaint': 'Khiếu nại lần hai', 'kind.denunciation': 'Tố cáo', 'kind.petition': 'Kiến nghị, phản ánh',
    'stage.accept': 'Thụ lý', 'stage.classify': 'Phân loại, xác minh', 'stage.resolve': 'Giải quyết', 'stage.handle': 'Xử lý',
    'counted.days': 'ngày', 'counted.workingDays': 'ngày làm việc',
    'cases.col.case': 'Vụ việc', 'cases.col.kind': 'Loại', 'cases.col.stage': 'Giai đoạn', 'cases.col.due': 'Hạn', 'cases.col.left': 'Còn lại',
    'cases.col.unit': 'Đơn vị xử lý', 'cases.col.actions': 'Thao tác',
    'cases.overdue': 'Quá hạn {n} ngày', 'cases.today': 'Hết hạn hôm nay', 'cases.left': 'Còn {n} {unit}',
    'cases.none': 'Không có vụ việc nào đang mở.', 'cases.noMatch': 'Không có vụ việc nào khớp bộ lọc.', 'cases.noDeadline': 'Chưa tính được hạn',
    'cases.filterUnit': 'Lọc theo đơn vị xử lý', 'cases.search': 'Tìm theo số hồ sơ, nội dung', 'cases.all': 'Tất cả', 'cases.count': '{n} vụ việc đang mở',
    'cases.extensions': 'Đã gia hạn {n} lần',
    'act.accept': 'Thụ lý', 'act.extend': 'Gia hạn', 'act.resolve': 'Đã giải quyết', 'act.withdraw': 'Rút đơn',
    'act.acceptTitle': 'Thụ lý vụ việc {code}', 'act.extendTitle': 'Gia hạn giải quyết vụ việc {code}',
    'act.resolveTitle': 'Ghi nhận đã giải quyết vụ việc {code}', 'act.withdrawTitle': 'Ghi nhận rút đơn vụ việc {code}',
    'act.decisionNo': 'Số quyết định', 'act.decidedOn': 'Ngày quyết định', 'act.days': 'Số ngày gia hạn', 'act.resolvedOn': 'Ngày giải quyết',
    'act.withdrawnOn': 'Ngày rút đơn', 'act.reason': 'Lý do', 'act.confirm': 'Ghi nhận', 'act.done': 'Đã ghi nhận cho vụ việc {code}.',
    'caseHistory.title': 'Lịch sử ({n})', 'caseHistory.registered': 'Đăng ký', 'caseHistory.accepted': 'Thụ lý',
    'caseHistory.extended': 'Gia hạn giải quyết', 'caseHistory.resolved': 'Ghi nhận đã giải quyết', 'caseHistory.withdrawn': 'Ghi nhận rút đơn',
  },
  en: {
    'cases.title': 'Complaints: deadlines', 'cases.intro': 'Open cases, the nearest deadline first. Colours follow the alert thresholds: overdue, today, 1, 3, 7 days left.',
    'cases.register': 'Register a case', 'cases.identity': "No name, address or anything else that identifies a denouncer (Law on Denunciation 2018, Art. 9, 47–48).",
    'cases.code': 'File number', 'cases.kind': 'Kind', 'cases.receivedOn': 'Received on', 'cases.acceptedOn': 'Accepted on (if accepted)',
    'cases.complex': 'Complex', 'cases.especiallyComplex': 'Especially complex', 'cases.remoteArea': 'Remote area, hard to reach',
    'cases.severalPlaces': 'Several places', 'cases.handlingUnit': 'Handling unit', 'cases.officerEmails': 'Officer emails',
    'cases.officerHint': 'One address per line; they receive the deadline alerts.', 'cases.subject': 'Short subject', 'cases.save': 'Register',
    'cases.registered': 'Case {code} registered.',
    'kind.firstComplaint': 'First complaint', 'kind.secondComplaint': 'Second complaint', 'kind.denunciation': 'Denunciation', 'kind.petition': 'Petition',
    'stage.accept': 'Accept', 'stage.classify': 'Classify', 'stage.resolve': 'Resolve', 'stage.handle': 'Handle',
    'counted.days': 'days', 'counted.workingDays': 'working days',
    'cases.col.case': 'Case', 'cases.col.kind': 'Kind', 'cases.col.stage': 'Stage', 'cases.col.due': 'Due', 'cases.col.left': 'Left',
    'cases.col.unit': 'Handling unit', 'cases.col.actions': 'Actions',
    'cases.overdue': 'Overdue by {n} days', 'cases.overdue.one': 'Overdue by 1 day', 'cases.today': 'Due today', 'cases.left': '{n} {unit} left',
    'counted.days.one': 'day', 'counted.workingDays.one': 'working day',
    'cases.none': 'No open case.', 'cases.noMatch': 'No case matches the filters.', 'cases.noDeadline': 'No deadline yet',
    'cases.filterUnit': 'Filter by handling unit', 'cases.search': 'Search by file number, subject', 'cases.all': 'All', 'cases.count': '{n} open cases', 'cases.count.one': '1 open case',
    'cases.extensions': 'Extended {n} times', 'cases.extensions.one': 'Extended once',
    'act.accept': 'Accept', 'act.extend': 'Extend', 'act.resolve': 'Resolved', 'act.withdraw': 'Withdrawn',
    'act.acceptTitle': 'Accept case {code}', 'act.extendTitle': 'Extend case {code}',
    'act.resolveTitle': 'Record case {code} as resolved', 'act.withdrawTitle': 'Record case {code} as withdrawn',
    'act.decisionNo': 'Decision number', 'act.decidedOn': 'Decided on', 'act.days': 'Days of extension', 'act.resolvedOn': 'Resolved on',
    'act.withdrawnOn': 'Withdrawn on', 'act.reason': 'Reason', 'act.confirm': 'Record', 'act.done': 'Recorded for case {code}.',
    'caseHistory.title': 'History ({n})', 'caseHistory.registered': 'Registered', 'caseHistory.accepted': 'Accepted',
    'caseHistory.extended': 'Extended the resolution', 'caseHistory.resolved': 'Recorded as resolved', 'caseHistory.withdrawn': 'Recorded as withdrawn',
  },
});

/** The stages still ahead (acceptance or classification only until the case is accepted), soonest first. */
export function pendingDeadlines(c) {
  return (c.deadlines ?? []).filter((d) => !['accept', 'classify'].includes(d.stage) || !c.acceptedOn).sort((a, b) => a.daysLeft - b.daysLeft);
}

/** The threshold band of the alerts: overdue, 0, 1, 3, 7, or later. */
export function band(daysLeft) {
  if (daysLeft < 0) return 'overdue';
  if (daysLeft === 0) return '0';
  if (daysLeft <= 1) return '1';
  if (daysLeft <= 3) return '3';
  if (daysLeft <= 7) return '7';
  return 'later';
}

function leftText(d) {
  if (d.daysLeft < 0) return t('cases.overdue', { n: number(-d.daysLeft), count: -d.daysLeft });
  if (d.daysLeft === 0) return t('cases.today');
  return t('cases.left', { n: number(d.daysLeft), unit: t(`counted.${d.countedIn}`, { count: d.daysLeft }) });
}

export function complaintsView() {
  // An officer registers and acts on his units' cases (the API lists only those to him); a leader reads the whole board.
  const acting = can('cases.act');
  const { node: status, say } = statusLine();
  const board = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', { class: 'muted' }, t('common.loading')));
  const unitFilter = h('select', { name: 'unit', onchange: () => render() }, h('option', { value: '' }, t('cases.all')));
  const search = h('input', { type: 'search', name: 'q', autocomplete: 'off', oninput: () => render() });
  let cases = [];
  const openHistories = new Set();

  const load = async () => {
    const result = await call('GET', 'complaints?status=open');
    board.setAttribute('aria-busy', 'false');
    if (!result.ok) {
      put(clear(board), notice('error', problemText(result)));
      return;
    }
    cases = result.body.map((c) => ({ ...c, next: pendingDeadlines(c)[0] ?? null }));
    const units = [...new Set(cases.map((c) => c.handlingUnit))].sort(new Intl.Collator('vi').compare);
    setOptions(unitFilter, t('cases.all'), units);
    render();
  };

  const render = () => {
    clear(board);
    if (!cases.length) {
      put(board, h('p', { class: 'muted' }, t('cases.none')));
      return;
    }
    const q = fold(search.value.trim());
    const shown = cases
      .filter((c) => (!unitFilter.value || c.handlingUnit === unitFilter.value) && (!q || fold(`${c.code} ${c.subject ?? ''}`).includes(q)))
      .sort((a, b) => (a.next?.daysLeft ?? Infinity) - (b.next?.daysLeft ?? Infinity) || a.code.localeCompare(b.code));
    put(board,
      h('p', { class: 'muted' }, t('cases.count', { n: number(cases.length), count: cases.length })),
      shown.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'cases' },
        h('thead', {}, h('tr', {}, ['case', 'kind', 'stage', 'due', 'left', 'unit', ...(acting ? ['actions'] : [])].map((k) => h('th', { scope: 'col' }, t(`cases.col.${k}`))))),
        h('tbody', {}, shown.map((c) => caseRow(c))))) : h('p', { class: 'muted' }, t('cases.noMatch')));
  };

  // The case's history (who registered it and took each action, when), folded under the case; unfolded ones stay so.
  const caseHistory = (c) => (c.history?.length
    ? h('details', { class: 'history small', open: openHistories.has(c.id), ontoggle: (e) => { (e.target.open ? openHistories.add(c.id) : openHistories.delete(c.id)); } },
      h('summary', {}, t('caseHistory.title', { n: number(c.history.length) })),
      historyList(c.history, (e) => (CASE_WHAT.includes(e.what) ? t(`caseHistory.${e.what}`) : e.what)))
    : null);

  const caseRow = (c) => {
    const d = c.next;
    const b = d ? band(d.daysLeft) : 'later';
    // Only a denunciation's resolution can be extended (Luật Tố cáo 2018, Art. 30); the API says so for the others too.
    const act = (name) => h('button', { type: 'button', class: name === 'extend' ? 'secondary' : 'link', onclick: () => actionDialog(c, name, say, load) }, t(`act.${name}`));
    return h('tr', { class: `due-${b}`, 'data-case': c.code, 'data-band': b },
      h('th', { scope: 'row' }, h('strong', {}, c.code), c.subject ? h('div', { class: 'small' }, c.subject) : null,
        c.extensions?.length ? h('div', { class: 'muted small' }, t('cases.extensions', { n: c.extensions.length, count: c.extensions.length })) : null,
        caseHistory(c)),
      h('td', {}, t(`kind.${c.kind}`)),
      h('td', {}, d ? t(`stage.${d.stage}`) : t('common.none')),
      h('td', {}, d ? date(d.due) : t('common.none')),
      h('td', { 'data-left': d?.daysLeft ?? '' }, h('strong', {}, d ? leftText(d) : t('cases.noDeadline'))),
      h('td', {}, c.handlingUnit),
      acting ? h('td', {}, handles(c.handlingUnit) ? h('div', { class: 'buttons' }, c.acceptedOn ? null : act('accept'), c.kind === 'denunciation' ? act('extend') : null, act('resolve'), act('withdraw')) : null) : null);
  };

  load();
  return h('section', { class: 'complaints' },
    h('h1', {}, t('cases.title')),
    h('p', { class: 'muted' }, t('cases.intro')),
    acting ? h('details', { class: 'card' }, h('summary', {}, h('strong', {}, t('cases.register'))), registerForm(say, load)) : null,
    status,
    h('div', { class: 'filters' }, field(t('cases.filterUnit'), unitFilter, { name: 'unit' }), field(t('cases.search'), search, { name: 'q' })),
    board);
}

function registerForm(say, reload) {
  const code = h('input', { type: 'text', name: 'code', required: true, autocomplete: 'off' });
  const kind = h('select', { name: 'kind' }, KINDS.map((k) => h('option', { value: k }, t(`kind.${k}`))));
  const receivedOn = h('input', { type: 'date', name: 'receivedOn', value: todayInVietnam(), required: true });
  const acceptedOn = h('input', { type: 'date', name: 'acceptedOn' });
  const box = (name) => h('input', { type: 'checkbox', name, id: `case-${name}` });
  const flags = ['complex', 'especiallyComplex', 'remoteArea', 'severalPlaces'].map((n) => [n, box(n)]);
  const unit = h('input', { type: 'text', name: 'handlingUnit', required: true });
  const officers = h('textarea', { name: 'officerEmails', rows: 2 });
  const subject = h('input', { type: 'text', name: 'subject', maxlength: 500 });
  const form = h('form', { novalidate: true },
    notice('info', t('cases.identity')),
    h('div', { class: 'pair' }, field(t('cases.code'), code, { name: 'code' }), field(t('cases.kind'), kind, { name: 'kind' })),
    h('div', { class: 'pair' }, field(t('cases.receivedOn'), receivedOn, { name: 'receivedOn' }), field(t('cases.acceptedOn'), acceptedOn, { name: 'acceptedOn' })),
    h('div', { class: 'pair' }, flags.map(([n, el]) => h('div', { class: 'check' }, el, h('label', { for: el.id }, t(`cases.${n}`)),
      h('p', { class: 'error', 'data-error-for': n, id: `${el.id}-error`, hidden: true })))),
    field(t('cases.handlingUnit'), unit, { name: 'handlingUnit' }),
    field(t('cases.officerEmails'), officers, { name: 'officerEmails', hint: t('cases.officerHint') }),
    field(t('cases.subject'), subject, { name: 'subject' }),
    h('p', { class: 'error', 'data-error-for': 'body', id: 'case-body-error', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('cases.save'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      code: code.value.trim(), kind: kind.value, receivedOn: receivedOn.value || null, acceptedOn: acceptedOn.value || null,
      ...Object.fromEntries(flags.map(([n, el]) => [n, el.checked])),
      handlingUnit: unit.value.trim(),
      officerEmails: officers.value.split('\n').map((s) => s.trim()).filter(Boolean),
      subject: subject.value.trim() || null,
    };
    const result = await call('POST', 'complaints', { json: body });
    if (!result.ok) return showProblem(form, result);
    say('ok', t('cases.registered', { code: result.body.code }));
    form.reset();
    form.closest('details').open = false;
    receivedOn.value = todayInVietnam();
    reload();
  });
  return form;
}

const ACTION_FIELDS = {
  accept: () => ({ acceptedOn: h('input', { type: 'date', name: 'acceptedOn', value: todayInVietnam() }), complex: h('input', { type: 'checkbox', name: 'complex' }), especiallyComplex: h('input', { type: 'checkbox', name: 'especiallyComplex' }) }),
  extend: () => ({ decisionNo: h('input', { type: 'text', name: 'decisionNo' }), decidedOn: h('input', { type: 'date', name: 'decidedOn', value: todayInVietnam() }), days: h('input', { type: 'number', name: 'days', min: 1, max: 30, step: 1, inputmode: 'numeric' }) }),
  resolve: () => ({ resolvedOn: h('input', { type: 'date', name: 'resolvedOn', value: todayInVietnam() }), decisionNo: h('input', { type: 'text', name: 'decisionNo' }) }),
  withdraw: () => ({ withdrawnOn: h('input', { type: 'date', name: 'withdrawnOn', value: todayInVietnam() }), reason: h('input', { type: 'text', name: 'reason' }) }),
};
const LABELS = { acceptedOn: 'cases.acceptedOn', complex: 'cases.complex', especiallyComplex: 'cases.especiallyComplex', decisionNo: 'act.decisionNo', decidedOn: 'act.decidedOn', days: 'act.days', resolvedOn: 'act.resolvedOn', withdrawnOn: 'act.withdrawnOn', reason: 'act.reason' };

function actionDialog(c, action, say, reload) {
  const inputs = ACTION_FIELDS[action]();
  const form = h('form', { novalidate: true },
    h('h2', {}, t(`act.${action}Title`, { code: c.code })),
    Object.entries(inputs).map(([name, el]) => (el.type === 'checkbox'
      ? h('div', { class: 'check' }, el, h('label', { for: el.id || (el.id = `act-${name}`) }, t(LABELS[name])), h('p', { class: 'error', 'data-error-for': name, id: `act-${name}-error`, hidden: true }))
      : field(t(LABELS[name]), el, { name }))),
    h('p', { class: 'error', 'data-error-for': 'body', id: 'act-body-error', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('act.confirm')),
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('common.cancel'))));
  const dialog = h('dialog', { 'aria-label': t(`act.${action}Title`, { code: c.code }) }, form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = Object.fromEntries(Object.entries(inputs).map(([name, el]) => [name,
      el.type === 'checkbox' ? el.checked : el.type === 'number' ? (el.value === '' ? null : Number(el.value)) : (el.value.trim() || null)]));
    const result = await call('POST', `complaints/${encodeURIComponent(c.id)}/${action}`, { json: body });
    if (!result.ok) return showProblem(form, result);
    dialog.close();
    say('ok', t('act.done', { code: c.code }));
    reload();
  });
  showDialog(dialog, form.querySelector('input'));
}
