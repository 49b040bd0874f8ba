// One course: what it is, its live progress (counts and the replies chart, polled from the aggregate endpoint with
// an ETag, so a course of 10,000 invitees costs one small answer or a 304 every few seconds), its actions, the
// invitee table (filters, search, waitlist order, reminders, offline replies, attendance), units and downloads.
import { h, clear, field, uid, put, showDialog } from './dom.js';
import { t, addStrings } from './i18n.js';
import { call, download } from './api.js';
import { can } from './access.js';
import { dateTime, shortDateTime, number, time } from './format.js';
import { showProblem, clearErrors, problemText, notice, statusLine, loadInto } from './forms.js';
import { phaseBadge, takeScheduleWarnings } from './courses.js';
import { drawChart } from './chart.js';
import { inviteesSection } from './invitees.js';
import { reportsSection } from './reports.js';

const POLL_MS = 3000;

addStrings({
  vi: {
    'course.sessions': 'Lịch học', 'course.session': 'Buổi {n}', 'course.venue': 'Địa điểm', 'course.deadline': 'Hạn trả lời',
    'course.capacity': 'Số chỗ', 'course.unlimited': 'Không giới hạn', 'course.presenters': 'Báo cáo viên',
    'course.start': 'Bắt đầu gửi thư mời', 'course.started': 'Đã bắt đầu: thư mời đang được gửi.',
    'course.edit': 'Sửa / dời lịch', 'course.cancel': 'Hủy khóa học…',
    'course.cancelTitle': 'Hủy khóa học này?', 'course.cancelText': 'Mọi người đang được mời, đã nhận lời hoặc đang chờ sẽ nhận một thư báo hủy kèm lý do. Không thể hoàn tác.',
    'course.cancelReason': 'Lý do hủy', 'course.cancelConfirm': 'Hủy khóa học', 'course.cancelKeep': 'Không hủy',
    'course.cancelled': 'Khóa học đã được hủy.',
    'course.downloads': 'Tải về', 'course.rosterCsv': 'Danh sách (CSV)', 'course.rosterXlsx': 'Danh sách (Excel)', 'course.report': 'Báo cáo (JSON)',
    'course.reportPdf': 'Báo cáo kết quả (PDF)', 'course.signInSheet': 'Danh sách ký nhận buổi {n} (PDF)',
    'course.warnings': 'Lưu ý về lịch học (lớp vẫn được lưu):',
    'letters.invitations': 'Giấy mời (PDF)', 'letters.nominations': 'Công văn cử cán bộ (PDF)',
    'course.downloaded': 'Đã tải {name}.',
    'progress.title': 'Tiến độ', 'progress.live': 'Tự cập nhật mỗi vài giây.',
    'count.invited': 'Đã mời', 'count.pending': 'Chưa trả lời', 'count.accepted': 'Nhận lời', 'count.declined': 'Từ chối',
    'count.delegated': 'Cử người khác', 'count.waitlisted': 'Danh sách chờ', 'count.noResponse': 'Không trả lời',
    'count.present': 'Có mặt', 'count.absent': 'Vắng', 'count.excused': 'Vắng có phép', 'count.surveyed': 'Đã khảo sát',
    'count.reported': 'Đã nộp thu hoạch', 'count.emailsFailed': 'Thư không gửi được',
    'units.title': 'Đơn vị cử người', 'units.intro': 'Mời đơn vị cử người theo chỉ tiêu: mỗi đầu mối nhận một thư có đường dẫn để ghi danh sách.',
    'units.unit': 'Đơn vị', 'units.contact': 'Email đầu mối', 'units.contactHint': 'Để trống nếu đơn vị đã có đầu mối trong danh mục.',
    'units.quota': 'Chỉ tiêu', 'units.addRow': '+ Thêm đơn vị', 'units.removeRow': 'Bỏ dòng {n}', 'units.submit': 'Mời các đơn vị',
    'units.result': 'Đã mời {added} đơn vị mới, cập nhật {updated}.', 'units.none': 'Chưa mời đơn vị nào.',
    'units.col.nominated': 'Đã cử', 'units.col.sent': 'Đã gửi thư', 'units.noNominee': 'Chưa cử ai', 'units.row': 'Đơn vị {n}',
    'history.title': 'Lịch sử thay đổi', 'history.none': 'Chưa có thay đổi nào được ghi.', 'history.line': '{when} · {who} · {what}',
    'history.system': 'Hệ thống', 'history.someone': '(không rõ)',
    'history.created': 'Tạo khóa học', 'history.edited': 'Sửa: {fields}', 'history.started': 'Bắt đầu gửi thư mời',
    'history.cancelled': 'Hủy khóa học. Lý do: {reason}', 'history.remindersSent': 'Gửi nhắc trả lời cho {n} người',
    'history.inviteesAdded': 'Thêm {n} người vào danh sách', 'history.nominationsAsked': 'Mời {n} đơn vị cử người',
    'history.field.title': 'tên khóa học', 'history.field.description': 'mô tả', 'history.field.presenters': 'báo cáo viên',
    'history.field.venue': 'địa điểm', 'history.field.sessions': 'lịch học', 'history.field.rsvpDeadline': 'hạn trả lời',
    'history.field.capacity': 'số chỗ', 'history.field.organiserEmails': 'email người tổ chức', 'history.field.language': 'ngôn ngữ',
    'history.field.reminders': 'lịch nhắc', 'history.field.checkIn': 'điểm danh', 'history.field.followUp': 'sau khóa học',
    'history.field.unitQuotas': 'chỉ tiêu của đơn vị',
  },
  en: {
    'course.sessions': 'Sessions', 'course.session': 'Session {n}', 'course.venue': 'Venue', 'course.deadline': 'Reply by',
    'course.capacity': 'Seats', 'course.unlimited': 'No limit', 'course.presenters': 'Presenters',
    'course.start': 'Start sending invitations', 'course.started': 'Started: the invitations are going out.',
    'course.edit': 'Edit / reschedule', 'course.cancel': 'Cancel the course…',
    'course.cancelTitle': 'Cancel this course?', 'course.cancelText': 'Everyone invited, accepted or waiting gets one notice with the reason. This cannot be undone.',
    'course.cancelReason': 'Reason', 'course.cancelConfirm': 'Cancel the course', 'course.cancelKeep': 'Keep it',
    'course.cancelled': 'The course has been cancelled.',
    'course.downloads': 'Downloads', 'course.rosterCsv': 'Roster (CSV)', 'course.rosterXlsx': 'Roster (Excel)', 'course.report': 'Report (JSON)',
    'course.reportPdf': 'Course report (PDF)', 'course.signInSheet': 'Sign-in sheet, session {n} (PDF)',
    'course.warnings': 'About the schedule (the course is saved):',
    'letters.invitations': 'Invitation letters (PDF)', 'letters.nominations': 'Nomination letters (PDF)',
    'course.downloaded': 'Downloaded {name}.',
    'progress.title': 'Progress', 'progress.live': 'Updates itself every few seconds.',
    'count.invited': 'Invited', 'count.pending': 'No reply yet', 'count.accepted': 'Accepted', 'count.declined': 'Declined',
    'count.delegated': 'Handed over', 'count.waitlisted': 'Waitlist', 'count.noResponse': 'No response',
    'count.present': 'Present', 'count.absent': 'Absent', 'count.excused': 'Excused', 'count.surveyed': 'Surveys in',
    'count.reported': 'Reports in', 'count.emailsFailed': 'Emails failed',
    'units.title': 'Units nominating people', 'units.intro': 'Ask units to nominate people up to a quota: each contact gets one email with a link to name them.',
    'units.unit': 'Unit', 'units.contact': 'Contact email', 'units.contactHint': 'Leave empty when the unit has a contact in the unit list.',
    'units.quota': 'Quota', 'units.addRow': '+ Add a unit', 'units.removeRow': 'Remove row {n}', 'units.submit': 'Ask these units',
    'units.result': '{added} units asked, {updated} updated.', 'units.none': 'No unit asked yet.',
    'units.col.nominated': 'Nominated', 'units.col.sent': 'Email sent', 'units.noNominee': 'Nobody yet', 'units.row': 'Unit {n}',
    'history.title': 'History of changes', 'history.none': 'No change recorded yet.', 'history.line': '{when} · {who} · {what}',
    'history.system': 'System', 'history.someone': '(unknown)',
    'history.created': 'Created the course', 'history.edited': 'Changed: {fields}', 'history.started': 'Started sending invitations',
    'history.cancelled': 'Cancelled the course. Reason: {reason}', 'history.remindersSent': 'Sent a reminder to {n} people',
    'history.remindersSent.one': 'Sent a reminder to 1 person', 'history.inviteesAdded': 'Added {n} people to the list',
    'history.inviteesAdded.one': 'Added 1 person to the list', 'history.nominationsAsked': 'Asked {n} units to nominate',
    'history.nominationsAsked.one': 'Asked 1 unit to nominate',
    'history.field.title': 'title', 'history.field.description': 'description', 'history.field.presenters': 'presenters',
    'history.field.venue': 'venue', 'history.field.sessions': 'sessions', 'history.field.rsvpDeadline': 'reply deadline',
    'history.field.capacity': 'seats', 'history.field.organiserEmails': "organisers' emails", 'history.field.language': 'language',
    'history.field.reminders': 'reminders', 'history.field.checkIn': 'check-in', 'history.field.followUp': 'follow-up',
    'history.field.unitQuotas': "units' quotas",
  },
});

const COUNT_KEYS = ['invited', 'pending', 'accepted', 'waitlisted', 'declined', 'delegated', 'noResponse', 'emailsFailed'];
const LATER_KEYS = ['present', 'absent', 'excused', 'surveyed', 'reported'];

export function courseView(context, id) {
  const view = h('section', { class: 'course' }, h('p', { class: 'muted' }, t('common.loading')));
  let timer = null;
  let etag = null;
  let shownPhase = null;
  let invitees = null;
  let poll = async () => {};
  let left = false;
  context.onLeave(() => {
    left = true;
    clearInterval(timer);
  });

  const load = async () => {
    const result = await call('GET', `courses/${encodeURIComponent(id)}`);
    // The organiser may have moved on while this was loading: then nothing is drawn and nothing polls.
    if (left) return;
    if (!result.ok) {
      put(clear(view), h('p', {}, h('a', { href: '#/courses' }, t('common.back'))), h('h1', {}, t('courses.title')), notice('error', problemText(result)));
      return;
    }
    const course = result.body;
    shownPhase = course.phase;
    const tiles = h('dl', { class: 'tiles', 'aria-label': t('progress.title') });
    const chart = h('div', { class: 'chart-box' });
    const updated = h('p', { class: 'muted small' });
    const history = historySection(course);
    invitees = inviteesSection(course, { changed: () => { poll(); history.refresh(); } });
    put(clear(view),
      h('p', {}, h('a', { href: '#/courses' }, t('common.back'))),
      header(course),
      scheduleWarnings(course.id),
      actions(context, course, load),
      h('section', { class: 'card progress', 'aria-labelledby': 'progress-title' },
        h('h2', { id: 'progress-title' }, t('progress.title')),
        h('p', { class: 'muted small' }, t('progress.live')),
        h('div', { class: 'progress-grid' }, tiles, h('div', {}, h('h3', {}, t('chart.title')), chart)),
        updated),
      invitees.node,
      ['inProgress', 'followUp', 'completed'].includes(course.phase) ? reportsSection(course).node : null,
      unitsSection(course, history.refresh),
      history.node);
    etag = null;
    poll = async () => {
      if (document.hidden || left) return;
      const progress = await call('GET', `courses/${encodeURIComponent(id)}/progress`, { etag });
      if (progress.status === 304) {
        updated.textContent = t('common.updatedAt', { time: time(new Date().toISOString()) });
        return;
      }
      if (!progress.ok) return;
      etag = progress.etag;
      const p = progress.body;
      if (p.phase !== shownPhase) {
        // The phase moved (the deadline passed, the course began…): what may be done changed too.
        clearInterval(timer);
        load();
        return;
      }
      renderTiles(tiles, p.counts);
      drawChart(chart, p.replies);
      updated.textContent = t('common.updatedAt', { time: time(p.generatedAt ?? new Date().toISOString()) });
      invitees.countsChanged(p.counts);
    };
    clearInterval(timer);
    await poll();
    if (!left) timer = setInterval(poll, POLL_MS);
  };
  load();
  return view;
}

function renderTiles(tiles, counts) {
  clear(tiles);
  const keys = COUNT_KEYS.concat(LATER_KEYS.filter((k) => (counts?.[k] ?? 0) > 0));
  for (const key of keys) {
    put(tiles, h('div', { class: `tile tile-${key}` }, h('dt', {}, t(`count.${key}`)), h('dd', { 'data-count': key }, number(counts?.[key] ?? 0))));
  }
  (counts?.sessions ?? []).forEach((s, i) => {
    if (s && (s.present || s.absent || s.excused)) {
      put(tiles, h('div', { class: 'tile' }, h('dt', {}, `${t('course.session', { n: i + 1 })}: ${t('count.present')}`), h('dd', { 'data-count': `session-${i + 1}-present` }, number(s.present))));
    }
  });
}

function header(course) {
  return h('header', { class: 'course-head' },
    h('div', { class: 'title-row' }, h('h1', {}, course.title), phaseBadge(course.phase)),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, t('course.sessions')), h('dd', {}, h('ol', {}, course.sessions.map((s) => h('li', {}, `${dateTime(s.start)} – ${time(s.end).slice(0, 5)}`))))),
      h('div', {}, h('dt', {}, t('course.venue')), h('dd', {}, course.venue)),
      h('div', {}, h('dt', {}, t('course.deadline')), h('dd', {}, dateTime(course.rsvpDeadline))),
      h('div', {}, h('dt', {}, t('course.capacity')), h('dd', {}, course.capacity ? number(course.capacity) : t('course.unlimited'))),
      course.presenters.length ? h('div', {}, h('dt', {}, t('course.presenters')), h('dd', {}, course.presenters.join(', '))) : null));
}

function actions(context, course, reload) {
  const { node: status, say } = statusLine();
  // Start, edit and cancel are the organiser's; a leader reads and downloads.
  const open = can('courses.change') && !['cancelled', 'completed'].includes(course.phase);
  const start = can('courses.change') && course.phase === 'draft'
    ? h('button', { type: 'button', class: 'primary', onclick: async (e) => {
      e.target.disabled = true;
      const result = await call('POST', `courses/${encodeURIComponent(course.id)}/start`);
      e.target.disabled = false;
      if (result.ok) {
        say('ok', t('course.started'));
        reload();
      } else say('error', problemText(result));
    } }, t('course.start'))
    : null;
  const edit = open ? h('a', { class: 'button secondary', href: `#/courses/${course.id}/edit` }, t('course.edit')) : null;
  const cancel = open ? h('button', { type: 'button', class: 'danger', onclick: () => cancelDialog(course, reload, say) }, t('course.cancel')) : null;
  const get = (path, name) => async () => {
    const result = await download(path, name);
    if (result.ok) say('ok', t('course.downloaded', { name: result.name }));
    else say('error', problemText(result));
  };
  return h('div', { class: 'actions-bar' },
    h('div', { class: 'buttons' }, start, edit, cancel),
    h('div', { class: 'buttons', role: 'group', 'aria-label': t('course.downloads') },
      h('span', { class: 'muted' }, `${t('course.downloads')}:`),
      h('button', { type: 'button', class: 'secondary', onclick: get(`courses/${course.id}/roster?format=csv`, 'roster.csv') }, t('course.rosterCsv')),
      h('button', { type: 'button', class: 'secondary', onclick: get(`courses/${course.id}/roster?format=xlsx`, 'roster.xlsx') }, t('course.rosterXlsx')),
      h('button', { type: 'button', class: 'secondary', onclick: get(`courses/${course.id}/report`, 'report.json') }, t('course.report')),
      h('button', { type: 'button', class: 'secondary', onclick: get(`courses/${course.id}/report?format=pdf`, 'report.pdf') }, t('course.reportPdf')),
      // Letters (issue 18): every invitee's Giấy mời, every unit's công văn, when the course has a signer.
      course.letter ? h('button', { type: 'button', class: 'secondary', onclick: get(`courses/${course.id}/letters/invitation`, 'giay-moi.pdf') }, t('letters.invitations')) : null,
      course.letter ? h('button', { type: 'button', class: 'secondary', onclick: get(`courses/${course.id}/letters/nomination`, 'cong-van.pdf') }, t('letters.nominations')) : null),
    // One sign-in sheet per session (numbered from 1, as the API and people number them), printed for the session.
    h('div', { class: 'buttons', role: 'group', 'aria-label': t('course.signInSheet', { n: '' }).trim() },
      ...course.sessions.map((s, i) => h('button', { type: 'button', class: 'secondary', onclick: get(`courses/${course.id}/sessions/${i + 1}/sign-in-sheet`, `sign-in-${i + 1}.pdf`) },
        t('course.signInSheet', { n: i + 1 })))),
    status);
}

/** The warnings of the create or reschedule just made (sessions on a holiday or a weekend), in the course's words, once. */
function scheduleWarnings(id) {
  const messages = takeScheduleWarnings(id);
  if (!messages.length) return null;
  return h('div', { class: 'notice warning schedule-warnings', role: 'status' },
    h('p', {}, t('course.warnings')),
    h('ul', {}, ...messages.map((m) => h('li', {}, m))));
}

function cancelDialog(course, reload, say) {
  const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 1000, required: true });
  const form = h('form', { method: 'dialog', novalidate: true },
    h('h2', {}, t('course.cancelTitle')),
    h('p', {}, t('course.cancelText')),
    field(t('course.cancelReason'), reason, { name: 'reason' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'danger', value: 'confirm' }, t('course.cancelConfirm')),
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('course.cancelKeep'))));
  const dialog = h('dialog', {}, form);
  dialog.setAttribute('aria-label', t('course.cancelTitle'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const result = await call('POST', `courses/${encodeURIComponent(course.id)}/cancel`, { json: { reason: reason.value.trim() } });
    if (result.ok) {
      dialog.close();
      say('ok', t('course.cancelled'));
      reload();
    } else showProblem(form, result);
  });
  showDialog(dialog, reason);
}

function unitsSection(course, changed) {
  const canAsk = can('courses.change') && ['draft', 'inviting'].includes(course.phase);
  const list = h('div', { 'aria-live': 'polite' });
  const rows = h('ol', { class: 'unit-rows' });
  const status = h('div');
  const addRow = () => {
    const unit = h('input', { type: 'text', name: 'unit', required: true });
    const contact = h('input', { type: 'email', name: 'contactEmail', autocomplete: 'off' });
    const quota = h('input', { type: 'number', name: 'quota', min: 1, step: 1, inputmode: 'numeric', required: true });
    const row = h('li', { class: 'unit-row' });
    put(row, h('div', { class: 'triple' }, field(t('units.unit'), unit), field(t('units.contact'), contact), field(t('units.quota'), quota),
      h('button', { type: 'button', class: 'link', onclick: () => { row.remove(); renumber(); } })));
    put(rows, row);
    renumber();
    return unit;
  };
  const renumber = () => {
    [...rows.children].forEach((row, i) => {
      row.setAttribute('aria-label', t('units.row', { n: i + 1 }));
      const [unit, contact, quota] = row.querySelectorAll('input');
      [[unit, 'unit'], [contact, 'contactEmail'], [quota, 'quota']].forEach(([el, name]) => {
        const slot = el.parentElement.querySelector('.error');
        slot.dataset.errorFor = `[${i}].${name}`;
      });
      const remove = row.querySelector('button');
      remove.textContent = t('units.removeRow', { n: i + 1 });
      remove.hidden = rows.children.length === 1;
    });
  };
  const form = canAsk ? h('form', { class: 'units-form', novalidate: true },
    h('p', { class: 'hint' }, t('units.intro')),
    rows,
    h('p', { class: 'hint' }, t('units.contactHint')),
    h('p', { class: 'error', 'data-error-for': 'body', id: uid('units-body'), hidden: true }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => addRow().focus() }, t('units.addRow')),
      h('button', { type: 'submit', class: 'primary' }, t('units.submit')))) : null;
  if (form) {
    addRow();
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const body = [...rows.children].map((row) => {
        const [unit, contact, quota] = row.querySelectorAll('input');
        return { unit: unit.value.trim(), contactEmail: contact.value.trim() || null, quota: quota.value === '' ? null : Number(quota.value) };
      });
      const result = await call('POST', `courses/${encodeURIComponent(course.id)}/units`, { json: body });
      if (!result.ok) {
        showProblem(form, result);
        return;
      }
      const { added, updated, rejected } = result.body;
      if (rejected?.length) {
        // Rows refused one by one: their messages go beside their fields ("[1].quota").
        showProblem(form, { status: 400, problem: { errors: Object.fromEntries(rejected.map((r) => [r.field, [r.reason]])) } });
      } else {
        clear(rows);
        addRow();
      }
      put(clear(status), notice('ok', t('units.result', { added: number(added), updated: number(updated) })));
      loadUnits();
      changed?.();
    });
  }
  const loadUnits = async () => {
    const units = await loadInto(list, `courses/${encodeURIComponent(course.id)}/units`);
    if (!units) return;
    if (!units.length) {
      put(list, h('p', { class: 'muted' }, t('units.none')));
      return;
    }
    put(list, h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('units.unit')), h('th', { scope: 'col' }, t('units.contact')),
        h('th', { scope: 'col', class: 'num' }, t('units.quota')), h('th', { scope: 'col', class: 'num' }, t('units.col.nominated')), h('th', { scope: 'col' }, t('units.col.sent')))),
      h('tbody', {}, units.map((u) => h('tr', { class: u.nominated ? null : 'warn' },
        h('th', { scope: 'row' }, u.unit), h('td', {}, u.contactEmail), h('td', { class: 'num' }, number(u.quota)),
        h('td', { class: 'num' }, u.nominated ? number(u.nominated) : t('units.noNominee')),
        h('td', {}, u.requestSentAt ? shortDateTime(u.requestSentAt) : t('common.none'))))))));
  };
  loadUnits();
  return h('section', { class: 'card', 'aria-labelledby': 'units-title' }, h('h2', { id: 'units-title' }, t('units.title')), status, form, list);
}

const HISTORY_WHAT = ['created', 'edited', 'started', 'cancelled', 'remindersSent', 'inviteesAdded', 'nominationsAsked'];

/** What a course's history line says, in the reader's words (field names and counts from its detail). */
function courseChange(entry) {
  if (!HISTORY_WHAT.includes(entry.what)) return entry.what;
  const n = Number(entry.detail ?? 0);
  const fields = (entry.detail ?? '').split(',').filter(Boolean).map((f) => t(`history.field.${f}`)).join(', ');
  return t(`history.${entry.what}`, { n: number(n), count: n, fields, reason: entry.detail ?? '' });
}

/**
 * A course's or a case's history, newest first: when (Vietnam time, as people write it), who (the name the person
 * signed in with, "System" for the workflow), what (<describe> says it in the reader's words). Never an id.
 */
export function historyList(entries, describe) {
  if (!entries?.length) return h('p', { class: 'muted' }, t('history.none'));
  return h('ul', { class: 'history' }, [...entries].reverse().map((e) => h('li', {},
    t('history.line', { when: dateTime(e.at), who: e.by?.id === 'system' ? t('history.system') : e.by?.name || t('history.someone'), what: describe(e) }))));
}

/** The course's history section; refresh() reads the course again after a change made on this page (invitees, units). */
function historySection(course) {
  const list = h('div', { 'aria-live': 'polite' }, historyList(course.history, courseChange));
  const node = h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, t('history.title')), list);
  return {
    node,
    async refresh() {
      const result = await call('GET', `courses/${encodeURIComponent(course.id)}`);
      if (result.ok) put(clear(list), historyList(result.body.history, courseChange));
    },
  };
}
