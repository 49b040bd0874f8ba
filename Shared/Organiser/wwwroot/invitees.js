// The invitees of a course: upload (an Excel .xlsx, or CSV such as an Excel sheet saved as "CSV UTF-8"), one person by hand, the table
// with filters by status and unit and a search, waitlist order, reminders to the chosen, offline replies and
// attendance per session. The full list is read when the section opens and after the organiser's own changes; the
// live counts come from the progress endpoint, so a large course is not re-read every few seconds.
import { h, clear, field, uid, put, setOptions, showDialog } from './dom.js';
import { t, addStrings } from './i18n.js';
import { call } from './api.js';
import { can } from './access.js';
import { shortDateTime, number, fold } from './format.js';
import { showProblem, clearErrors, problemText, notice, localise, statusLine } from './forms.js';

const STATUSES = ['pending', 'accepted', 'waitlisted', 'declined', 'delegated', 'noResponse', 'cancelled'];
const PAGE = 100;

/** Courses up to this size re-read their list by themselves when the counts move; larger ones offer a button. */
const AUTO_REFRESH_LIMIT = 500;

addStrings({
  vi: {
    'status.pending': 'Chưa trả lời', 'status.accepted': 'Nhận lời', 'status.waitlisted': 'Danh sách chờ', 'status.declined': 'Từ chối',
    'status.delegated': 'Cử người khác', 'status.noResponse': 'Không trả lời', 'status.cancelled': 'Đã hủy',
    'att.present': 'Có mặt', 'att.absent': 'Vắng', 'att.excused': 'Vắng có phép',
    'inv.title': 'Người được mời', 'inv.upload': 'Nhập danh sách từ tệp Excel (.xlsx) hoặc CSV',
    'inv.uploadHint': 'Cột: Họ và tên; Email; Đơn vị; Chức vụ. Tệp .xlsx: đọc trang tính đầu tiên đang hiện, dòng tiêu đề có thể ở dưới dòng tên danh sách. Tệp .xls cũ: Lưu thành Excel Workbook (.xlsx).',
    'inv.uploadButton': 'Tải lên', 'inv.notUtf8': 'Tệp không phải UTF-8 nên tiếng Việt sẽ bị lỗi. Trong Excel chọn Lưu thành "CSV UTF-8 (Comma delimited)" rồi tải lại.',
    'inv.noFile': 'Hãy chọn một tệp Excel (.xlsx) hoặc CSV.', 'inv.uploading': 'Đang tải lên {name}…',
    'inv.imported': 'Đã thêm {added} người. Trùng: {duplicates}. Bị từ chối: {rejected}.',
    'inv.rejectedRow': 'Dòng {row}: {reason}', 'inv.duplicateRow': 'Dòng {row}: {email} đã có trong danh sách',
    'inv.addOne': 'Thêm một người', 'inv.name': 'Họ và tên', 'inv.email': 'Email', 'inv.unit': 'Đơn vị', 'inv.position': 'Chức vụ',
    'inv.add': 'Thêm', 'inv.added': 'Đã thêm {name}.',
    'inv.filterStatus': 'Lọc theo trạng thái', 'inv.filterUnit': 'Lọc theo đơn vị', 'inv.search': 'Tìm theo tên, email',
    'inv.all': 'Tất cả', 'inv.shown': 'Hiển thị {shown} / {total} người', 'inv.more': 'Xem thêm',
    'inv.refresh': 'Làm mới danh sách', 'inv.changed': 'Đã có trả lời mới.',
    'inv.col.select': 'Chọn', 'inv.col.name': 'Họ và tên', 'inv.col.unit': 'Đơn vị', 'inv.col.status': 'Trạng thái',
    'inv.col.replied': 'Trả lời lúc', 'inv.col.session': 'Buổi {n}', 'inv.col.email': 'Thư', 'inv.col.action': 'Thao tác',
    'inv.selectAll': 'Chọn tất cả người đang hiển thị', 'inv.selectOne': 'Chọn {name}',
    'inv.waitPos': 'vị trí {n}', 'inv.late': 'trễ hạn', 'inv.to': 'cho {name}', 'inv.toSomeone': 'cho một đồng chí khác',
    'inv.showRow': 'Xem dòng của {name}',
    'inv.emailFailed': 'Không gửi được', 'inv.emailSent': 'Đã gửi', 'inv.emailNotSent': 'Chưa gửi',
    'inv.selected': 'Đã chọn {n} người', 'inv.remind': 'Nhắc những người đã chọn', 'inv.reminded': 'Đã gửi nhắc cho {n} người.',
    'inv.remindedLater': 'Đã hẹn gửi nhắc cho {n} người: thư đến sau khoảng {m} phút (gửi theo lô hẹn giờ để không ai nhận hai lần).',
    'inv.someone': '(người không còn trong danh sách)',
    'inv.remindNone': 'Chỉ nhắc được người chưa trả lời: trong số đã chọn không có ai.',
    'inv.attSession': 'Buổi', 'inv.attStatus': 'Điểm danh', 'inv.attSubmit': 'Ghi điểm danh cho người đã chọn',
    'inv.attDone': 'Đã ghi {recorded} điểm danh ({unchanged} không đổi).', 'inv.noneSelected': 'Hãy chọn ít nhất một người.',
    'inv.reply': 'Ghi trả lời…', 'inv.replyTitle': 'Ghi trả lời nhận qua thư, điện thoại: {name}',
    'inv.answer': 'Trả lời', 'inv.accept': 'Nhận lời', 'inv.decline': 'Từ chối', 'inv.delegate': 'Cử người khác đi thay',
    'inv.note': 'Ghi chú (số công văn, lý do)', 'inv.delegateName': 'Họ tên người đi thay', 'inv.delegateEmail': 'Email người đi thay',
    'inv.delegateUnit': 'Đơn vị người đi thay', 'inv.saveReply': 'Ghi trả lời', 'inv.replySaved': 'Đã ghi trả lời của {name}.',
    'inv.empty': 'Chưa có ai trong danh sách.', 'inv.noMatch': 'Không có ai khớp bộ lọc.',
    'inv.certificate': 'Chứng nhận {n}',
    'audit.title': 'Lịch sử ({n})',
    'audit.system': 'Hệ thống', 'audit.organiser': 'Người tổ chức', 'audit.self': '{name} (qua đường dẫn)',
    'audit.line': '{when} · {who} · {what}', 'audit.note': '{line}: {note}',
    'audit.added': 'Thêm vào danh sách', 'audit.accepted': 'Nhận lời', 'audit.waitlisted': 'Vào danh sách chờ', 'audit.declined': 'Từ chối',
    'audit.delegated': 'Cử người đi thay', 'audit.promoted': 'Được chuyển từ danh sách chờ sang nhận lời',
    'audit.present': 'Điểm danh: có mặt', 'audit.absent': 'Điểm danh: vắng', 'audit.excused': 'Điểm danh: vắng có phép',
    'audit.session': 'buổi {n}', 'audit.sessionWas': 'buổi {n}, trước đó: {was}',
  },
  en: {
    'status.pending': 'No reply yet', 'status.accepted': 'Accepted', 'status.waitlisted': 'Waitlist', 'status.declined': 'Declined',
    'status.delegated': 'Handed over', 'status.noResponse': 'No response', 'status.cancelled': 'Cancelled',
    'att.present': 'Present', 'att.absent': 'Absent', 'att.excused': 'Excused',
    'inv.title': 'Invitees', 'inv.upload': 'Import an Excel (.xlsx) or CSV file',
    'inv.uploadHint': 'Columns: Name; Email; Unit; Position. An .xlsx file: its first visible sheet is read; the header row may sit below a title. An old .xls file: save it as an Excel Workbook (.xlsx).',
    'inv.uploadButton': 'Upload', 'inv.notUtf8': 'The file is not UTF-8, so Vietnamese letters would be broken. In Excel save as "CSV UTF-8 (Comma delimited)" and upload again.',
    'inv.noFile': 'Choose an Excel (.xlsx) or CSV file.', 'inv.uploading': 'Uploading {name}…',
    'inv.imported': '{added} added. Duplicates: {duplicates}. Refused: {rejected}.',
    'inv.rejectedRow': 'Row {row}: {reason}', 'inv.duplicateRow': 'Row {row}: {email} is already on the list',
    'inv.addOne': 'Add one person', 'inv.name': 'Name', 'inv.email': 'Email', 'inv.unit': 'Unit', 'inv.position': 'Position',
    'inv.add': 'Add', 'inv.added': '{name} added.',
    'inv.filterStatus': 'Filter by status', 'inv.filterUnit': 'Filter by unit', 'inv.search': 'Search by name, email',
    'inv.all': 'All', 'inv.shown': 'Showing {shown} of {total}', 'inv.more': 'Show more',
    'inv.refresh': 'Refresh the list', 'inv.changed': 'New replies have come in.',
    'inv.col.select': 'Select', 'inv.col.name': 'Name', 'inv.col.unit': 'Unit', 'inv.col.status': 'Status',
    'inv.col.replied': 'Replied', 'inv.col.session': 'Session {n}', 'inv.col.email': 'Email', 'inv.col.action': 'Action',
    'inv.selectAll': 'Select everyone shown', 'inv.selectOne': 'Select {name}',
    'inv.waitPos': 'position {n}', 'inv.late': 'late', 'inv.to': 'to {name}', 'inv.toSomeone': 'to a colleague',
    'inv.showRow': "Go to {name}'s row",
    'inv.emailFailed': 'Failed', 'inv.emailSent': 'Sent', 'inv.emailNotSent': 'Not sent',
    'inv.selected': '{n} selected', 'inv.remind': 'Remind the selected', 'inv.reminded': 'A reminder went to {n} people.', 'inv.reminded.one': 'A reminder went to 1 person.',
    'inv.remindedLater': 'A reminder to {n} people is scheduled: it arrives in about {m} minutes (sent as a scheduled batch so that nobody gets it twice).',
    'inv.remindedLater.one': 'A reminder to 1 person is scheduled: it arrives in about {m} minutes (sent as a scheduled batch so that nobody gets it twice).',
    'inv.someone': '(no longer on the list)',
    'inv.remindNone': 'Only people who have not replied can be reminded: none of the selected.',
    'inv.attSession': 'Session', 'inv.attStatus': 'Attendance', 'inv.attSubmit': 'Record for the selected',
    'inv.attDone': '{recorded} marks recorded ({unchanged} unchanged).', 'inv.noneSelected': 'Select at least one person.',
    'inv.reply': 'Record a reply…', 'inv.replyTitle': 'Record a reply received by letter or phone: {name}',
    'inv.answer': 'Answer', 'inv.accept': 'Accept', 'inv.decline': 'Decline', 'inv.delegate': 'Hand over to a colleague',
    'inv.note': 'Note (letter number, reason)', 'inv.delegateName': "Colleague's name", 'inv.delegateEmail': "Colleague's email",
    'inv.delegateUnit': "Colleague's unit", 'inv.saveReply': 'Record the reply', 'inv.replySaved': "{name}'s reply recorded.",
    'inv.empty': 'Nobody on the list yet.', 'inv.noMatch': 'Nobody matches the filters.',
    'inv.certificate': 'Certificate {n}',
    'audit.title': 'History ({n})',
    'audit.system': 'System', 'audit.organiser': 'Organiser', 'audit.self': '{name} (own link)',
    'audit.line': '{when} · {who} · {what}', 'audit.note': '{line}: {note}',
    'audit.added': 'Added to the list', 'audit.accepted': 'Accepted', 'audit.waitlisted': 'Put on the waitlist', 'audit.declined': 'Declined',
    'audit.delegated': 'Handed over to a colleague', 'audit.promoted': 'Moved from the waitlist to accepted',
    'audit.present': 'Attendance: present', 'audit.absent': 'Attendance: absent', 'audit.excused': 'Attendance: excused',
    'audit.session': 'session {n}', 'audit.sessionWas': 'session {n}, before: {was}',
  },
});

const collator = new Intl.Collator('vi');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function inviteesSection(course, { changed } = {}) {
  const sessions = course.sessions.length;
  // The organiser acts on the invitees (select, remind, reply, mark, add); a leader reads the table only.
  const acting = can('courses.change');
  const canAdd = acting && ['draft', 'inviting'].includes(course.phase);
  const canRemind = acting && course.phase === 'inviting';
  const canReply = acting && ['draft', 'inviting', 'rsvpClosed'].includes(course.phase);
  const canMark = acting && (['rsvpClosed', 'inProgress', 'followUp'].includes(course.phase) || (course.phase === 'inviting'));
  let all = [];
  let shown = PAGE;
  let lastInvited = null;
  let stale = false;
  const selected = new Set();
  const openTrails = new Set(); // the histories the organiser unfolded stay so when the list is read again
  const nameOf = (id) => all.find((i) => i.id === id)?.name ?? t('inv.someone');

  const { node: status, say } = statusLine();
  const tableBox = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' });
  const staleBox = h('div');

  const statusFilter = h('select', { name: 'status', onchange: () => { shown = PAGE; renderTable(); } },
    h('option', { value: '' }, t('inv.all')), STATUSES.map((s) => h('option', { value: s }, t(`status.${s}`))));
  const unitFilter = h('select', { name: 'unit', onchange: () => { shown = PAGE; renderTable(); } }, h('option', { value: '' }, t('inv.all')));
  const search = h('input', { type: 'search', name: 'q', autocomplete: 'off' });
  let searchTimer = null;
  search.addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => { shown = PAGE; renderTable(); }, 150); });
  const selectedLine = h('p', { class: 'muted', 'aria-live': 'polite' });

  const load = async () => {
    const result = await call('GET', `courses/${encodeURIComponent(course.id)}/invitees`);
    tableBox.setAttribute('aria-busy', 'false');
    if (!result.ok) {
      put(clear(tableBox), notice('error', problemText(result)));
      return;
    }
    all = result.body;
    stale = false;
    clear(staleBox);
    for (const id of [...selected]) if (!all.some((i) => i.id === id)) selected.delete(id);
    const units = [...new Set(all.map((i) => i.unit).filter(Boolean))].sort(collator.compare);
    setOptions(unitFilter, t('inv.all'), units);
    renderTable();
  };

  // After the organiser's own change: the list again, and the counts and chart at once rather than at the next poll.
  const afterChange = async () => {
    await load();
    changed?.();
  };

  const filtered = () => {
    const q = fold(search.value.trim());
    const list = all.filter((i) => (!statusFilter.value || i.status === statusFilter.value)
      && (!unitFilter.value || i.unit === unitFilter.value)
      && (!q || fold(`${i.name} ${i.email} ${i.unit ?? ''} ${i.position ?? ''}`).includes(q)));
    // The waitlist in its order (first to be promoted first); everyone else by unit, then name.
    return list.sort((a, b) => (a.waitlistPosition ?? Infinity) - (b.waitlistPosition ?? Infinity)
      || collator.compare(a.unit ?? '', b.unit ?? '') || collator.compare(a.name, b.name));
  };

  const renderTable = () => {
    clear(tableBox);
    if (!all.length) {
      put(tableBox, h('p', { class: 'muted' }, t('inv.empty')));
      updateSelected();
      return;
    }
    const rows = filtered();
    const visible = rows.slice(0, shown);
    const selectAll = h('input', { type: 'checkbox', 'aria-label': t('inv.selectAll'), checked: visible.length > 0 && visible.every((i) => selected.has(i.id)),
      onchange: (e) => { for (const i of visible) (e.target.checked ? selected.add(i.id) : selected.delete(i.id)); renderTable(); } });
    put(tableBox, 
      h('p', { class: 'muted' }, t('inv.shown', { shown: number(visible.length), total: number(rows.length) })),
      rows.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'invitees' },
        h('thead', {}, h('tr', {},
          acting ? h('th', { scope: 'col', class: 'select' }, selectAll) : null,
          h('th', { scope: 'col' }, t('inv.col.name')), h('th', { scope: 'col' }, t('inv.col.unit')),
          h('th', { scope: 'col' }, t('inv.col.status')), h('th', { scope: 'col' }, t('inv.col.replied')),
          Array.from({ length: sessions }, (_, n) => h('th', { scope: 'col' }, t('inv.col.session', { n: n + 1 }))),
          h('th', { scope: 'col' }, t('inv.col.email')),
          canReply ? h('th', { scope: 'col' }, t('inv.col.action')) : null)),
        h('tbody', {}, visible.map((i) => row(i))))) : h('p', { class: 'muted' }, t('inv.noMatch')),
      rows.length > shown ? h('button', { type: 'button', class: 'secondary', onclick: () => { shown += PAGE; renderTable(); } }, t('inv.more')) : null);
    updateSelected();
  };

  const row = (i) => {
    const box = h('input', { type: 'checkbox', 'aria-label': t('inv.selectOne', { name: i.name }), checked: selected.has(i.id),
      onchange: (e) => { (e.target.checked ? selected.add(i.id) : selected.delete(i.id)); updateSelected(); } });
    const statusText = [t(`status.${i.status}`),
      i.waitlistPosition ? `(${t('inv.waitPos', { n: number(i.waitlistPosition) })})` : null,
      i.late ? `· ${t('inv.late')}` : null].filter(Boolean).join(' ');
    const emailText = i.emailStatus === 'failed' ? t('inv.emailFailed') : t(i.emailStatus === 'sent' ? 'inv.emailSent' : 'inv.emailNotSent');
    return h('tr', { 'data-invitee': i.email },
      acting ? h('td', { class: 'select' }, box) : null,
      h('th', { scope: 'row' }, h('span', { class: 'name' }, i.name), h('br'), h('span', { class: 'muted small' }, [i.email, i.position].filter(Boolean).join(' · '))),
      h('td', {}, i.unit ?? t('common.none')),
      h('td', {}, h('span', { class: `badge status-${i.status}` }, statusText), i.delegatedTo ? handedTo(i) : null,
        i.reason ? h('div', { class: 'muted small' }, i.reason) : null,
        i.certificateNumber ? h('div', { class: 'small' }, t('inv.certificate', { n: i.certificateNumber })) : null,
        auditTrail(i, openTrails)),
      h('td', {}, shortDateTime(i.repliedAt)),
      Array.from({ length: sessions }, (_, n) => h('td', { 'data-session': n + 1 }, i.attendance?.[n] ? t(`att.${i.attendance[n]}`) : t('common.none'))),
      h('td', { class: i.emailStatus === 'failed' ? 'bad' : null, title: i.emailError ?? null }, emailText),
      canReply ? h('td', {}, ['pending', 'accepted', 'waitlisted', 'declined', 'noResponse'].includes(i.status)
        ? h('button', { type: 'button', class: 'link', onclick: () => replyDialog(i) }, t('inv.reply')) : null) : null);
  };

  // A hand-over names the colleague (never his id) and leads to his row: filters that hide it are cleared first.
  const handedTo = (i) => {
    const colleague = all.find((c) => c.id === i.delegatedTo);
    if (!colleague) return h('div', { class: 'small handed-to' }, `(${t('inv.toSomeone')})`);
    const mark = '\u0000';
    const [before, after = ''] = t('inv.to', { name: mark }).split(mark);
    const go = h('button', { type: 'button', class: 'link', title: t('inv.showRow', { name: colleague.name }), onclick: () => showRow(colleague) }, colleague.name);
    return h('div', { class: 'small handed-to' }, `(${before}`, go, `${after})`);
  };

  const showRow = (person) => {
    if (!filtered().some((c) => c.id === person.id)) {
      statusFilter.value = '';
      unitFilter.value = '';
      search.value = '';
    }
    const index = filtered().findIndex((c) => c.id === person.id);
    if (index >= shown) shown = Math.ceil((index + 1) / PAGE) * PAGE;
    renderTable();
    const target = [...tableBox.querySelectorAll('tr[data-invitee]')].find((r) => r.dataset.invitee === person.email);
    const cell = target?.querySelector('th');
    if (!cell) return;
    for (const r of tableBox.querySelectorAll('tr.target')) r.classList.remove('target');
    target.classList.add('target');
    cell.tabIndex = -1;
    cell.focus({ preventScroll: true });
    cell.scrollIntoView({ block: 'center' });
  };

  const updateSelected = () => { selectedLine.textContent = t('inv.selected', { n: number(selected.size) }); };

  // Reminders to the chosen people who have not replied (one reminder per request: a fresh Idempotency-Key per click).
  const remind = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    if (!selected.size) return say('error', t('inv.noneSelected'));
    const ids = all.filter((i) => selected.has(i.id) && i.status === 'pending' && i.emailStatus === 'sent').map((i) => i.id);
    if (!ids.length) return say('error', t('inv.remindNone'));
    remind.disabled = true;
    const result = await call('POST', `courses/${encodeURIComponent(course.id)}/remind`, { json: { inviteeIds: ids }, headers: { 'Idempotency-Key': crypto.randomUUID() } });
    remind.disabled = false;
    // Reminders go as a scheduled batch (docs/email.md): they arrive deliveryDelayMinutes later, and the page says so.
    const later = result.ok && result.body.deliveryDelayMinutes > 0;
    if (result.ok) say('ok', t(later ? 'inv.remindedLater' : 'inv.reminded', { n: number(result.body.count), count: result.body.count, m: number(result.body.deliveryDelayMinutes ?? 0) }));
    else say('error', problemText(result) + errorsText(result, ids.map(nameOf)));
  } }, t('inv.remind'));

  const attSession = h('select', { name: 'session' }, Array.from({ length: sessions }, (_, n) => h('option', { value: n + 1 }, t('inv.col.session', { n: n + 1 }))));
  const attStatus = h('select', { name: 'attendance' }, ['present', 'absent', 'excused'].map((s) => h('option', { value: s }, t(`att.${s}`))));
  const attForm = h('form', { class: 'inline', novalidate: true },
    field(t('inv.attSession'), attSession, { name: 'session' }), field(t('inv.attStatus'), attStatus, { name: 'status' }),
    h('button', { type: 'submit', class: 'secondary' }, t('inv.attSubmit')));
  attForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!selected.size) return say('error', t('inv.noneSelected'));
    // Sent by the session's id: the mark lands on the session shown even if someone reschedules the course meanwhile.
    const chosen = course.sessions[Number(attSession.value) - 1];
    const session = chosen?.id ? { sessionId: chosen.id } : { session: Number(attSession.value) };
    const chosenIds = [...selected];
    const rows = chosenIds.map((id) => ({ inviteeId: id, ...session, status: attStatus.value }));
    const result = await call('POST', `courses/${encodeURIComponent(course.id)}/attendance`, { json: rows });
    if (result.ok) {
      say('ok', t('inv.attDone', { recorded: number(result.body.recorded), unchanged: number(result.body.unchanged) }));
      await afterChange();
    } else say('error', problemText(result) + errorsText(result, chosenIds.map(nameOf)));
  });

  const replyDialog = (invitee) => {
    const answers = ['accept', 'decline', 'delegate'];
    const group = uid('answer');
    const radios = answers.map((a, n) => h('input', { type: 'radio', name: group, value: a, id: `${group}-${a}`, checked: n === 0 }));
    const note = h('input', { type: 'text', name: 'note', maxlength: 1000 });
    const dName = h('input', { type: 'text', name: 'delegateName' });
    const dEmail = h('input', { type: 'email', name: 'delegateEmail' });
    const dUnit = h('input', { type: 'text', name: 'delegateUnit' });
    const delegateBox = h('div', { hidden: true }, field(t('inv.delegateName'), dName, { name: 'delegateName' }),
      field(t('inv.delegateEmail'), dEmail, { name: 'delegateEmail' }), field(t('inv.delegateUnit'), dUnit, { name: 'delegateUnit' }));
    const form = h('form', { novalidate: true },
      h('h2', {}, t('inv.replyTitle', { name: invitee.name })),
      h('fieldset', { class: 'group' }, h('legend', {}, t('inv.answer')),
        radios.map((r, n) => h('div', { class: 'check' }, r, h('label', { for: r.id }, t(`inv.${answers[n]}`)))),
        h('p', { class: 'error', 'data-error-for': 'answer', id: uid('answer-error'), hidden: true })),
      field(t('inv.note'), note, { name: 'note' }),
      delegateBox,
      h('p', { class: 'error', 'data-error-for': 'body', id: uid('reply-body'), hidden: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('inv.saveReply')),
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('common.cancel'))));
    for (const r of radios) r.addEventListener('change', () => { delegateBox.hidden = !radios[2].checked; });
    const dialog = h('dialog', { 'aria-label': t('inv.replyTitle', { name: invitee.name }) }, form);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const answer = radios.find((r) => r.checked).value;
      const body = { inviteeId: invitee.id, answer, note: note.value.trim() || null };
      if (answer === 'delegate') Object.assign(body, { delegateName: dName.value.trim(), delegateEmail: dEmail.value.trim(), delegateUnit: dUnit.value.trim() || null });
      const result = await call('POST', `courses/${encodeURIComponent(course.id)}/replies`, { json: body });
      if (result.ok) {
        dialog.close();
        say('ok', t('inv.replySaved', { name: invitee.name }));
        afterChange();
      } else showProblem(form, result);
    });
    showDialog(dialog, radios[0]);
  };

  // Upload: a .csv file's bytes as text/csv, after checking they are UTF-8 (Excel's plain "CSV" is not); any other file's
  // bytes as they are, typed by its name: the server reads the content (an .xlsx) or says what the file really is.
  const file = h('input', { type: 'file', name: 'file', accept: `.xlsx,.csv,text/csv,${XLSX}` });
  const uploadResult = h('div');
  const uploadForm = h('form', { class: 'inline', novalidate: true },
    field(t('inv.upload'), file, { name: 'file', hint: t('inv.uploadHint') }),
    h('button', { type: 'submit', class: 'primary' }, t('inv.uploadButton')));
  uploadForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(uploadResult);
    const chosen = file.files?.[0];
    if (!chosen) return put(uploadResult, notice('error', t('inv.noFile')));
    const bytes = await chosen.arrayBuffer();
    const csv = /\.csv$/i.test(chosen.name);
    let text;
    try {
      text = csv ? new TextDecoder('utf-8', { fatal: true }).decode(bytes) : bytes;
    } catch {
      return put(uploadResult, notice('error', t('inv.notUtf8')));
    }
    const button = uploadForm.querySelector('button[type=submit]');
    button.disabled = true;
    put(uploadResult, h('p', { class: 'muted', role: 'status' }, t('inv.uploading', { name: chosen.name })));
    const contentType = csv ? 'text/csv; charset=utf-8' : /\.xlsx$/i.test(chosen.name) ? XLSX : 'application/octet-stream';
    const result = await call('POST', `courses/${encodeURIComponent(course.id)}/invitees`, { text, contentType });
    button.disabled = false;
    clear(uploadResult);
    if (!result.ok) return put(uploadResult, notice('error', problemText(result) + errorsText(result)));
    const { added, duplicates, rejected } = result.body;
    put(uploadResult, 
      notice(rejected.length ? 'error' : 'ok', t('inv.imported', { added: number(added), duplicates: number(duplicates.length), rejected: number(rejected.length) })),
      rejected.length || duplicates.length ? h('ul', { class: 'row-errors' },
        rejected.map((r) => h('li', { class: 'bad' }, t('inv.rejectedRow', { row: r.row, reason: localise(r.reason) }))),
        duplicates.map((d) => h('li', {}, t('inv.duplicateRow', { row: d.row, email: d.email })))) : null);
    file.value = '';
    await afterChange();
  });

  const one = { name: h('input', { type: 'text', name: 'name', required: true }), email: h('input', { type: 'email', name: 'email', required: true }),
    unit: h('input', { type: 'text', name: 'unit' }), position: h('input', { type: 'text', name: 'position' }) };
  const oneForm = h('form', { class: 'inline', novalidate: true },
    field(t('inv.name'), one.name, { name: '[0].name' }), field(t('inv.email'), one.email, { name: '[0].email' }),
    field(t('inv.unit'), one.unit, { name: '[0].unit' }), field(t('inv.position'), one.position, { name: '[0].position' }),
    h('p', { class: 'error', 'data-error-for': 'body', id: uid('one-body'), hidden: true }),
    h('button', { type: 'submit', class: 'secondary' }, t('inv.add')));
  oneForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(oneForm);
    const person = Object.fromEntries(Object.entries(one).map(([k, el]) => [k, el.value.trim() || null]));
    const result = await call('POST', `courses/${encodeURIComponent(course.id)}/invitees`, { json: [person] });
    if (!result.ok) return showProblem(oneForm, result);
    const { added, duplicates, rejected } = result.body;
    if (rejected.length) return showProblem(oneForm, { status: 400, problem: { errors: { body: [localise(rejected[0].reason)] } } });
    if (duplicates.length) return showProblem(oneForm, { status: 400, problem: { errors: { '[0].email': [t('inv.duplicateRow', { row: 1, email: duplicates[0].email })] } } });
    if (added) {
      say('ok', t('inv.added', { name: person.name }));
      for (const el of Object.values(one)) el.value = '';
      await afterChange();
    }
  });

  const node = h('section', { class: 'card', 'aria-labelledby': 'invitees-title' },
    h('h2', { id: 'invitees-title' }, t('inv.title')),
    canAdd ? h('details', { class: 'adders', open: true }, h('summary', {}, `${t('inv.upload')} / ${t('inv.addOne')}`), uploadForm, uploadResult, oneForm) : null,
    h('div', { class: 'filters' }, field(t('inv.filterStatus'), statusFilter, { name: 'status' }), field(t('inv.filterUnit'), unitFilter, { name: 'unit' }),
      field(t('inv.search'), search, { name: 'q' })),
    acting ? h('div', { class: 'bulk' }, selectedLine, canRemind ? remind : null, canMark && sessions ? attForm : null) : null,
    status,
    staleBox,
    tableBox);
  load();

  return {
    node,
    /** Called with each new progress answer: re-read a small list, offer a button for a large one. */
    countsChanged(counts) {
      const key = JSON.stringify(counts);
      if (lastInvited === null) {
        lastInvited = key;
        return;
      }
      if (key === lastInvited) return;
      lastInvited = key;
      if ((counts?.invited ?? 0) <= AUTO_REFRESH_LIMIT) load();
      else if (!stale) {
        stale = true;
        put(clear(staleBox), h('p', { class: 'notice info', role: 'status' }, t('inv.changed'), ' ',
          h('button', { type: 'button', class: 'link', onclick: load }, t('inv.refresh'))));
      }
    },
  };
}

/**
 * The field messages of a refused request. A message about one person of the request ("inviteeIds[2]", "[2].session")
 * names him, never his id or his place in the request: <names> are the people sent, in order.
 */
function errorsText(result, names = []) {
  const errors = result.problem?.errors;
  if (!errors) return '';
  const who = (path) => {
    const m = /^(?:inviteeIds)?\[(\d+)\]/.exec(path);
    return m && names[Number(m[1])] ? names[Number(m[1])] : path;
  };
  return ` ${Object.entries(errors).map(([k, v]) => `${who(k)}: ${(Array.isArray(v) ? v : [v]).map(localise).join(' ')}`).join('; ')}`;
}

const AUDIT_WHAT = ['added', 'accepted', 'waitlisted', 'declined', 'delegated', 'promoted', 'present', 'absent', 'excused'];
const ATTENDANCE = ['present', 'absent', 'excused'];

/**
 * A person's audit trail, newest first, folded under "History (n)": when (Vietnam time, as people write it), who (the
 * organiser's name as he signed in, the person himself for his own link, "System" for the flow), what, and the note.
 */
function auditTrail(invitee, openTrails) {
  const lines = invitee.audit ?? [];
  if (!lines.length) return null;
  return h('details', { class: 'audit small', open: openTrails.has(invitee.id),
    ontoggle: (e) => { (e.target.open ? openTrails.add(invitee.id) : openTrails.delete(invitee.id)); } },
    h('summary', {}, t('audit.title', { n: number(lines.length) })),
    h('ul', {}, [...lines].reverse().map((a) => {
      const line = t('audit.line', { when: shortDateTime(a.at), who: auditWho(a), what: AUDIT_WHAT.includes(a.what) ? t(`audit.${a.what}`) : a.what });
      const note = auditNote(a);
      return h('li', {}, note ? t('audit.note', { line, note }) : line);
    })));
}

function auditWho(a) {
  if (a.author?.name) return a.author.name;
  if (a.channel === 'system') return t('audit.system');
  if (a.channel === 'link') return t('audit.self', { name: a.by });
  return a.by === 'organiser' ? t('audit.organiser') : a.by; // lines written before authors were kept
}

// An attendance line's note is data ("session 2 (was present)"): said again in the reader's words.
function auditNote(a) {
  if (!a.note) return null;
  const m = ATTENDANCE.includes(a.what) ? /^session (\d+)(?: \(was (\w+)\))?$/.exec(a.note) : null;
  if (!m) return a.note;
  return m[2] ? t('audit.sessionWas', { n: m[1], was: ATTENDANCE.includes(m[2]) ? t(`att.${m[2]}`) : m[2] }) : t('audit.session', { n: m[1] });
}
