// Courses: the list (phase and counts) and the create/edit form (the API's validation messages beside the fields).
import { h, clear, field, put } from './dom.js';
import { t, addStrings } from './i18n.js';
import { call } from './api.js';
import { can } from './access.js';
import { shortDateTime, number, toLocalInput, fromLocalInput, offset, offsets, parseOffsets } from './format.js';
import { showProblem, clearErrors, problemText, notice } from './forms.js';

export const PHASES = ['draft', 'inviting', 'rsvpClosed', 'inProgress', 'followUp', 'completed', 'cancelled'];

/** Fields a started course may still change (PATCH after start). */
const AFTER_START = new Set(['sessions', 'venue', 'rsvpDeadline', 'reminders', 'letter']);

addStrings({
  vi: {
    'app.board': 'Ban Dân vận',
    'phase.draft': 'Bản nháp', 'phase.inviting': 'Đang mời', 'phase.rsvpClosed': 'Đã hết hạn trả lời',
    'phase.inProgress': 'Đang diễn ra', 'phase.followUp': 'Sau khóa học', 'phase.completed': 'Đã hoàn thành', 'phase.cancelled': 'Đã hủy',
    'courses.title': 'Khóa học',
    'courses.new': 'Tạo khóa học',
    'courses.phase': 'Giai đoạn',
    'courses.allPhases': 'Tất cả',
    'courses.empty': 'Chưa có khóa học nào.',
    'courses.search': 'Tìm theo tên khóa học, địa điểm', 'courses.find': 'Tìm', 'courses.pages': 'Các trang danh sách khóa học',
    'courses.noMatch': 'Không có khóa học nào khớp.',
    'courses.col.title': 'Tên khóa học', 'courses.col.phase': 'Giai đoạn', 'courses.col.start': 'Buổi đầu',
    'courses.col.deadline': 'Hạn trả lời', 'courses.col.invited': 'Đã mời', 'courses.col.accepted': 'Nhận lời',
    'courses.col.pending': 'Chưa trả lời', 'courses.col.declined': 'Từ chối', 'courses.col.waitlisted': 'Danh sách chờ',
    'courses.count': '{n} khóa học',
    'courses.prev': '← Trang trước', 'courses.next': 'Trang sau →',
    'form.newTitle': 'Tạo khóa học', 'form.editTitle': 'Sửa / dời lịch khóa học',
    'form.title': 'Tên khóa học', 'form.description': 'Mô tả', 'form.presenters': 'Báo cáo viên',
    'form.presentersHint': 'Mỗi dòng một người.', 'form.venue': 'Địa điểm', 'form.sessions': 'Các buổi học',
    'form.session': 'Buổi {n}', 'form.start': 'Bắt đầu', 'form.end': 'Kết thúc', 'form.addSession': '+ Thêm buổi',
    'form.removeSession': 'Bỏ buổi {n}', 'form.rsvpDeadline': 'Hạn trả lời', 'form.timeHint': 'Giờ Việt Nam.',
    'form.capacity': 'Số chỗ', 'form.capacityHint': 'Để trống nếu không giới hạn.',
    'form.organiserEmails': 'Email người tổ chức', 'form.organiserEmailsHint': 'Mỗi dòng một địa chỉ; nhận bản tổng hợp.',
    'form.language': 'Ngôn ngữ thư mời', 'form.vi': 'Tiếng Việt', 'form.en': 'Tiếng Anh',
    'form.remindersRsvp': 'Nhắc trước hạn trả lời', 'form.remindersCourse': 'Nhắc trước buổi đầu',
    'form.durationHint': 'Số và đơn vị (ngày, giờ, phút), cách nhau bởi dấu phẩy: 3 ngày, 1 ngày.',
    'form.offsetInvalid': 'Chưa hiểu “{part}”: ghi số và đơn vị, ví dụ 3 ngày, 12 giờ, 30 phút.',
    'form.startMissing': 'Nhập giờ bắt đầu buổi {n}.', 'form.endMissing': 'Nhập giờ kết thúc buổi {n}.',
    'form.endBeforeStart': 'Giờ kết thúc buổi {n} phải sau giờ bắt đầu.',
    'form.checkIn': 'Mở điểm danh trước mỗi buổi', 'form.surveyDue': 'Hạn phiếu khảo sát (sau buổi cuối)',
    'form.reportRequired': 'Bắt buộc nộp bài thu hoạch', 'form.certificateRequiresPassingGrade': 'Chỉ cấp giấy chứng nhận khi bài thu hoạch đạt yêu cầu', 'form.reportDue': 'Hạn bài thu hoạch (sau buổi cuối)',
    'form.followUpReminders': 'Nhắc trước hạn khảo sát / thu hoạch',
    'form.lockedAfterStart': 'Khóa học đã bắt đầu: chỉ sửa được buổi học, địa điểm, hạn trả lời và lịch nhắc.',
    'form.create': 'Tạo khóa học', 'form.saveChanges': 'Lưu thay đổi', 'form.noChanges': 'Không có thay đổi nào.',
    'form.followUp': 'Sau khóa học', 'form.basics': 'Thông tin chung', 'form.schedule': 'Lịch',
    'letters.legend': 'Giấy mời và công văn', 'letters.hint': 'Có người ký thì mỗi người được mời nhận Giấy mời riêng (PDF, gửi từng thư một) và mỗi đơn vị nhận công văn đề nghị cử cán bộ. Để trống: không gửi văn bản, thư mời gửi theo lô.',
    'letters.signerName': 'Họ tên người ký', 'letters.signerTitle': 'Chức vụ người ký', 'letters.signerTitleHint': 'Ví dụ: Phó Trưởng ban',
    'letters.authority': 'Thẩm quyền ký', 'letters.authorityHint': 'Ví dụ: K/T Trưởng ban, T/M Ban Thường vụ; để trống nếu ký với chức vụ của mình.',
  },
  en: {
    'app.board': 'Mass Mobilization Board',
    'phase.draft': 'Draft', 'phase.inviting': 'Inviting', 'phase.rsvpClosed': 'Replies closed',
    'phase.inProgress': 'In progress', 'phase.followUp': 'Follow-up', 'phase.completed': 'Completed', 'phase.cancelled': 'Cancelled',
    'courses.title': 'Courses',
    'courses.new': 'New course',
    'courses.phase': 'Phase',
    'courses.allPhases': 'All',
    'courses.empty': 'No courses yet.',
    'courses.search': 'Search by title, venue', 'courses.find': 'Search', 'courses.pages': 'Pages of the course list',
    'courses.noMatch': 'No course matches.',
    'courses.col.title': 'Course', 'courses.col.phase': 'Phase', 'courses.col.start': 'First session',
    'courses.col.deadline': 'Reply by', 'courses.col.invited': 'Invited', 'courses.col.accepted': 'Accepted',
    'courses.col.pending': 'No reply yet', 'courses.col.declined': 'Declined', 'courses.col.waitlisted': 'Waitlist',
    'courses.count': '{n} courses', 'courses.count.one': '1 course',
    'courses.prev': '← Previous', 'courses.next': 'Next →',
    'form.newTitle': 'New course', 'form.editTitle': 'Edit / reschedule the course',
    'form.title': 'Title', 'form.description': 'Description', 'form.presenters': 'Presenters',
    'form.presentersHint': 'One per line.', 'form.venue': 'Venue', 'form.sessions': 'Sessions',
    'form.session': 'Session {n}', 'form.start': 'Start', 'form.end': 'End', 'form.addSession': '+ Add a session',
    'form.removeSession': 'Remove session {n}', 'form.rsvpDeadline': 'Reply by', 'form.timeHint': 'Vietnam time.',
    'form.capacity': 'Seats', 'form.capacityHint': 'Leave empty for no limit.',
    'form.organiserEmails': 'Organiser emails', 'form.organiserEmailsHint': 'One address per line; they receive the summaries.',
    'form.language': 'Language of the invitations', 'form.vi': 'Vietnamese', 'form.en': 'English',
    'form.remindersRsvp': 'Reminders before the reply deadline', 'form.remindersCourse': 'Reminders before the first session',
    'form.durationHint': 'A number and a unit (days, hours, minutes), separated by commas: 3 days, 1 day.',
    'form.offsetInvalid': '“{part}” is not clear: write a number and a unit, such as 3 days, 12 hours, 30 minutes.',
    'form.startMissing': 'Enter the start time of session {n}.', 'form.endMissing': 'Enter the end time of session {n}.',
    'form.endBeforeStart': 'Session {n} must end after it starts.',
    'form.checkIn': 'Check-in opens before each session', 'form.surveyDue': 'Survey due (after the last session)',
    'form.reportRequired': 'A learning report is required', 'form.certificateRequiresPassingGrade': 'A certificate needs a passing grade of the report', 'form.reportDue': 'Report due (after the last session)',
    'form.followUpReminders': 'Reminders before the survey / report due dates',
    'form.lockedAfterStart': 'The course has started: only sessions, venue, reply deadline and reminders can change.',
    'form.create': 'Create the course', 'form.saveChanges': 'Save changes', 'form.noChanges': 'Nothing changed.',
    'form.followUp': 'After the course', 'form.basics': 'About the course', 'form.schedule': 'Schedule',
    'letters.legend': 'Invitation letters', 'letters.hint': 'With a signer, each invitee gets his own Giấy mời (PDF, one email at a time) and each unit a letter asking for nominations. Empty: no letters, invitations go in batches.',
    'letters.signerName': 'Signer\'s name', 'letters.signerTitle': 'Signer\'s title', 'letters.signerTitleHint': 'For example: Phó Trưởng ban',
    'letters.authority': 'Signing authority', 'letters.authorityHint': 'For example: K/T Trưởng ban, T/M Ban Thường vụ; empty when signing in one\'s own right.',
  },
});

export function phaseBadge(phase) {
  return h('span', { class: `badge phase-${phase}` }, t(`phase.${phase}`));
}

const PAGE = 50;

export function coursesView(context) {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const phase = PHASES.includes(params.get('phase')) ? params.get('phase') : '';
  const q = (params.get('q') ?? '').slice(0, 200);
  const skip = Math.max(0, Number.parseInt(params.get('skip') ?? '0', 10) || 0);
  // The filters live in the address (#/courses?phase=…&q=…), so a reload or a shared link shows the same list.
  const where = (at) => {
    const p = new URLSearchParams();
    if (phase) p.set('phase', phase);
    if (q) p.set('q', q);
    if (at) p.set('skip', String(at));
    return `#/courses${p.size ? `?${p}` : ''}`;
  };
  const list = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', { class: 'muted' }, t('common.loading')));
  const select = h('select', { name: 'phase' },
    h('option', { value: '' }, t('courses.allPhases')),
    PHASES.map((p) => h('option', { value: p, selected: p === phase }, t(`phase.${p}`))));
  const search = h('input', { type: 'search', name: 'q', value: q, maxlength: 200, autocomplete: 'off' });
  const filters = h('form', { class: 'filters', role: 'search', novalidate: true },
    field(t('courses.phase'), select, { name: 'phase' }),
    field(t('courses.search'), search, { name: 'q' }),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'secondary' }, t('courses.find'))));
  const apply = () => {
    const p = new URLSearchParams();
    if (select.value) p.set('phase', select.value);
    if (search.value.trim()) p.set('q', search.value.trim());
    context.go(`#/courses${p.size ? `?${p}` : ''}`);
  };
  select.addEventListener('change', apply);
  filters.addEventListener('submit', (e) => { e.preventDefault(); apply(); });

  const view = h('section', { class: 'courses' },
    h('div', { class: 'title-row' },
      h('h1', {}, t('courses.title')),
      can('courses.change') ? h('a', { class: 'button primary', href: '#/courses/new' }, t('courses.new')) : null),
    filters,
    list);

  (async () => {
    const query = new URLSearchParams({ top: String(PAGE), skip: String(skip) });
    if (phase) query.set('phase', phase);
    if (q) query.set('q', q);
    const result = await call('GET', `courses?${query}`);
    list.setAttribute('aria-busy', 'false');
    clear(list);
    if (!result.ok) {
      put(list, notice('error', problemText(result)));
      return;
    }
    const { total, items } = result.body;
    if (!items.length) {
      put(list, h('p', { class: 'empty' }, t(phase || q ? 'courses.noMatch' : 'courses.empty')));
      return;
    }
    const c = (n) => h('td', { class: 'num' }, number(n));
    put(list, 
      h('p', { class: 'muted' }, t('courses.count', { n: number(total), count: total })),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['title', 'phase', 'start', 'deadline'].map((k) => h('th', { scope: 'col' }, t(`courses.col.${k}`))),
          ['invited', 'accepted', 'pending', 'declined', 'waitlisted'].map((k) => h('th', { scope: 'col', class: 'num' }, t(`courses.col.${k}`))))),
        h('tbody', {}, items.map((course) => h('tr', {},
          h('th', { scope: 'row' }, h('a', { href: `#/courses/${course.id}` }, course.title)),
          h('td', {}, phaseBadge(course.phase)),
          h('td', {}, shortDateTime(course.firstSessionStart)),
          h('td', {}, shortDateTime(course.rsvpDeadline)),
          c(course.counts?.invited), c(course.counts?.accepted), c(course.counts?.pending), c(course.counts?.declined), c(course.counts?.waitlisted)))))),
      h('nav', { class: 'pager', 'aria-label': t('courses.pages') },
        skip > 0 ? h('a', { href: where(Math.max(0, skip - PAGE)) }, t('courses.prev')) : null,
        skip + PAGE < total ? h('a', { href: where(skip + PAGE) }, t('courses.next')) : null));
  })();
  return view;
}

const withoutNulls = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);
// Offsets are typed as the organiser says them ("3 ngày, 1 ngày") and sent in the API's form (P3D, P1D).
// A part it cannot read is sent as typed, so the API refuses the field; the page then says why in its own words.
const durations = (text) => parseOffsets(text).values ?? text.split(/[,;]+/).map((s) => s.trim()).filter(Boolean);
const oneDuration = (text) => durations(text)[0] ?? null;

/**
 * A refused save with the page's own words for what it could tell itself (an empty session time: "Nhập giờ bắt đầu buổi
 * 1", not the API's ISO example; an offset it cannot read): they replace the API's messages for those fields.
 */
function inOwnWords(result, own) {
  if (result.status !== 400 || !Object.keys(own).length) return result;
  const errors = Object.fromEntries(Object.entries(result.problem?.errors ?? {})
    .filter(([path]) => !Object.keys(own).some((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`))));
  return { ...result, problem: { ...result.problem, errors: { ...own, ...errors } } };
}

/** The create form (courseId null) or the edit / reschedule form. */
export function courseFormView(context, courseId) {
  const view = h('section', { class: 'course-form' }, h('p', { class: 'muted' }, t('common.loading')));
  (async () => {
    let course = null;
    if (courseId) {
      const result = await call('GET', `courses/${encodeURIComponent(courseId)}`);
      if (!result.ok) {
        put(clear(view), h('h1', {}, t('form.editTitle')), notice('error', problemText(result)));
        return;
      }
      course = result.body;
    }
    put(clear(view), buildForm(context, course));
    view.querySelector('h1')?.focus();
  })();
  return view;
}

function buildForm(context, course) {
  const started = course && course.phase !== 'draft';
  const locked = (name) => started && !AFTER_START.has(name);
  const input = (name, attrs = {}) => h('input', { name, type: 'text', disabled: locked(name.split('.')[0]), ...attrs });
  const area = (name, value, rows = 3) => h('textarea', { name, rows, disabled: locked(name) }, value ?? '');

  const title = input('title', { value: course?.title ?? '', maxlength: 200, required: true, autocomplete: 'off' });
  const description = area('description', course?.description, 3);
  const presenters = area('presenters', (course?.presenters ?? []).join('\n'), 2);
  const venue = input('venue', { value: course?.venue ?? '', required: true });
  const deadline = input('rsvpDeadline', { type: 'datetime-local', value: toLocalInput(course?.rsvpDeadline), required: true });
  const capacity = input('capacity', { type: 'number', min: 1, step: 1, inputmode: 'numeric', value: course?.capacity ?? '' });
  const organisers = area('organiserEmails', (course?.organiserEmails ?? []).join('\n'), 2);
  const language = h('select', { name: 'language', disabled: locked('language') },
    h('option', { value: 'vi', selected: (course?.language ?? 'vi') === 'vi' }, t('form.vi')),
    h('option', { value: 'en', selected: course?.language === 'en' }, t('form.en')));
  const remindersRsvp = input('reminders.beforeRsvpDeadline', { value: offsets(course?.reminders?.beforeRsvpDeadline ?? ['P3D', 'P1D']) });
  const remindersCourse = input('reminders.beforeCourse', { value: offsets(course?.reminders?.beforeCourse ?? ['P1D']) });
  const checkIn = input('checkIn.opensBefore', { value: offsets([course?.checkIn?.opensBefore].filter(Boolean)), placeholder: offset('PT60M') });
  const surveyDue = input('followUp.surveyDue', { value: offsets([course?.followUp?.surveyDue].filter(Boolean)), placeholder: offset('P7D') });
  const reportRequired = h('input', { type: 'checkbox', name: 'followUp.reportRequired', checked: course?.followUp?.reportRequired ?? false, disabled: locked('followUp') });
  const passingGrade = h('input', { type: 'checkbox', name: 'followUp.certificateRequiresPassingGrade', checked: course?.followUp?.certificateRequiresPassingGrade ?? false, disabled: locked('followUp') });
  const reportDue = input('followUp.reportDue', { value: offsets([course?.followUp?.reportDue].filter(Boolean)), placeholder: offset('P14D') });
  const followUpReminders = input('followUp.remindersBeforeDue', { value: offsets(course?.followUp?.remindersBeforeDue), placeholder: offset('P2D') });
  const signerName = input('letter.signerName', { value: course?.letter?.signerName ?? '', maxlength: 100, autocomplete: 'off' });
  const signerTitle = input('letter.signerTitle', { value: course?.letter?.signerTitle ?? '', maxlength: 100 });
  const authority = input('letter.authority', { value: course?.letter?.authority ?? '', maxlength: 100 });

  const sessionList = h('ol', { class: 'sessions' });
  const sessionRow = (s) => {
    const start = h('input', { type: 'datetime-local', name: 'start', value: toLocalInput(s?.start), required: true });
    const end = h('input', { type: 'datetime-local', name: 'end', value: toLocalInput(s?.end), required: true });
    // A session of the course keeps its id (sent back, so its attendance marks stay with it when its times change).
    const row = h('li', { class: 'session-row' });
    if (s?.id) row.dataset.sessionId = s.id;
    const remove = h('button', { type: 'button', class: 'link', onclick: () => { row.remove(); renumber(); } });
    put(row, h('div', { class: 'pair' }, field(t('form.start'), start), field(t('form.end'), end), remove),
      h('p', { class: 'error', hidden: true }));
    return row;
  };
  const renumber = () => {
    [...sessionList.children].forEach((row, i) => {
      const slot = row.querySelector('p.error');
      slot.dataset.errorFor = `sessions[${i}]`;
      slot.id = `session-${i}-error`;
      row.querySelectorAll('input').forEach((el) => el.setAttribute('aria-describedby', `${el.getAttribute('aria-describedby')?.split(' ')[0] ?? ''} session-${i}-error`.trim()));
      const remove = row.querySelector('button');
      remove.textContent = t('form.removeSession', { n: i + 1 });
      remove.hidden = sessionList.children.length === 1;
      row.setAttribute('aria-label', t('form.session', { n: i + 1 }));
    });
  };
  for (const s of course?.sessions?.length ? course.sessions : [null]) put(sessionList, sessionRow(s));
  renumber();
  const addSession = h('button', { type: 'button', class: 'secondary', onclick: () => { put(sessionList, sessionRow(null)); renumber(); sessionList.lastElementChild.querySelector('input').focus(); } }, t('form.addSession'));

  const sessionsGroup = h('fieldset', { class: 'group' }, h('legend', {}, t('form.sessions')),
    h('p', { class: 'hint' }, t('form.timeHint')), sessionList, addSession,
    h('p', { class: 'error', 'data-error-for': 'sessions', id: 'sessions-error', hidden: true }));

  const body = () => {
    const b = {
      title: title.value.trim(),
      description: description.value.trim() || null,
      presenters: lines(presenters.value),
      venue: venue.value.trim(),
      sessions: [...sessionList.children].map((row) => {
        // An empty time is left out rather than sent as null: the API then names what is missing.
        const [s, e] = row.querySelectorAll('input');
        return withoutNulls({ id: row.dataset.sessionId ?? null, start: fromLocalInput(s.value), end: fromLocalInput(e.value) });
      }),
      capacity: capacity.value === '' ? null : Number(capacity.value),
      organiserEmails: lines(organisers.value),
      language: language.value,
      reminders: { beforeRsvpDeadline: durations(remindersRsvp.value), beforeCourse: durations(remindersCourse.value) },
    };
    if (deadline.value) b.rsvpDeadline = fromLocalInput(deadline.value);
    if (oneDuration(checkIn.value)) b.checkIn = { opensBefore: oneDuration(checkIn.value) };
    const followUp = {};
    if (oneDuration(surveyDue.value)) followUp.surveyDue = oneDuration(surveyDue.value);
    if (reportRequired.checked) followUp.reportRequired = true;
    if (passingGrade.checked) followUp.certificateRequiresPassingGrade = true;
    if (oneDuration(reportDue.value)) followUp.reportDue = oneDuration(reportDue.value);
    if (durations(followUpReminders.value).length) followUp.remindersBeforeDue = durations(followUpReminders.value);
    if (Object.keys(followUp).length) b.followUp = followUp;
    // Letters (issue 18): a signer when either field is filled (the API names the one missing); none when both are empty.
    b.letter = signerName.value.trim() || signerTitle.value.trim()
      ? withoutNulls({ signerName: signerName.value.trim(), signerTitle: signerTitle.value.trim(), authority: authority.value.trim() || null })
      : null;
    return b;
  };
  const original = course ? body() : null;

  /** What the page can tell before asking the API, in the organiser's words: a session time left empty, an offset it cannot read. */
  const mistakes = () => {
    const errors = {};
    [...sessionList.children].forEach((row, i) => {
      const [s, e] = row.querySelectorAll('input');
      const says = !s.value ? t('form.startMissing', { n: i + 1 }) : !e.value ? t('form.endMissing', { n: i + 1 })
        : e.value <= s.value ? t('form.endBeforeStart', { n: i + 1 }) : null;
      if (says) errors[`sessions[${i}]`] = [says];
    });
    for (const [name, el] of [['reminders.beforeRsvpDeadline', remindersRsvp], ['reminders.beforeCourse', remindersCourse], ['checkIn.opensBefore', checkIn],
      ['followUp.surveyDue', surveyDue], ['followUp.reportDue', reportDue], ['followUp.remindersBeforeDue', followUpReminders]]) {
      const { bad } = parseOffsets(el.value);
      if (bad !== undefined && !el.disabled) errors[name] = [t('form.offsetInvalid', { part: bad })];
    }
    return errors;
  };

  const heading = t(course ? 'form.editTitle' : 'form.newTitle');
  const form = h('form', { class: 'card', novalidate: true },
    h('p', {}, h('a', { href: course ? `#/courses/${course.id}` : '#/courses' }, t('common.back'))),
    h('h1', {}, course ? `${heading}: ${course.title}` : heading),
    started ? notice('info', t('form.lockedAfterStart')) : null,
    h('fieldset', { class: 'group' }, h('legend', {}, t('form.basics')),
      field(t('form.title'), title, { name: 'title' }),
      field(t('form.description'), description, { name: 'description' }),
      field(t('form.presenters'), presenters, { name: 'presenters', hint: t('form.presentersHint') }),
      field(t('form.venue'), venue, { name: 'venue' }),
      h('div', { class: 'pair' },
        field(t('form.capacity'), capacity, { name: 'capacity', hint: t('form.capacityHint') }),
        field(t('form.language'), language, { name: 'language' })),
      field(t('form.organiserEmails'), organisers, { name: 'organiserEmails', hint: t('form.organiserEmailsHint') })),
    h('fieldset', { class: 'group' }, h('legend', {}, t('form.schedule')),
      sessionsGroup,
      field(t('form.rsvpDeadline'), deadline, { name: 'rsvpDeadline', hint: t('form.timeHint') }),
      field(t('form.remindersRsvp'), remindersRsvp, { name: 'reminders.beforeRsvpDeadline', hint: t('form.durationHint') }),
      field(t('form.remindersCourse'), remindersCourse, { name: 'reminders.beforeCourse' }),
      field(t('form.checkIn'), checkIn, { name: 'checkIn.opensBefore' })),
    h('fieldset', { class: 'group' }, h('legend', {}, t('form.followUp')),
      field(t('form.surveyDue'), surveyDue, { name: 'followUp.surveyDue' }),
      h('div', { class: 'check' }, reportRequired, h('label', { for: reportRequired.id || (reportRequired.id = 'report-required') }, t('form.reportRequired'))),
      h('div', { class: 'check' }, passingGrade, h('label', { for: passingGrade.id || (passingGrade.id = 'passing-grade') }, t('form.certificateRequiresPassingGrade'))),
      field(t('form.reportDue'), reportDue, { name: 'followUp.reportDue' }),
      field(t('form.followUpReminders'), followUpReminders, { name: 'followUp.remindersBeforeDue' })),
    h('fieldset', { class: 'group' }, h('legend', {}, t('letters.legend')),
      h('p', { class: 'hint' }, t('letters.hint')),
      h('div', { class: 'pair' },
        field(t('letters.signerName'), signerName, { name: 'letter.signerName' }),
        field(t('letters.signerTitle'), signerTitle, { name: 'letter.signerTitle', hint: t('letters.signerTitleHint') })),
      field(t('letters.authority'), authority, { name: 'letter.authority', hint: t('letters.authorityHint') })),
    h('p', { class: 'error', 'data-error-for': 'body', id: 'body-error', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t(course ? 'form.saveChanges' : 'form.create'))));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const submit = form.querySelector('button[type=submit]');
    let result;
    if (!course) {
      submit.disabled = true;
      result = await call('POST', 'courses', { json: body() });
      submit.disabled = false;
      if (result.ok) {
        keepScheduleWarnings(result.body.id, result.body.warnings);
        context.go(`#/courses/${result.body.id}`);
        return;
      }
    } else {
      // A merge patch of the fields that changed (a started course refuses the others, so they are not sent).
      const now = body();
      const patch = {};
      for (const key of Object.keys({ ...original, ...now })) {
        if (JSON.stringify(original[key] ?? null) !== JSON.stringify(now[key] ?? null) && !locked(key)) patch[key] = now[key] ?? null;
      }
      if (!Object.keys(patch).length) {
        form.prepend(notice('info', t('form.noChanges')));
        return;
      }
      submit.disabled = true;
      result = await call('PATCH', `courses/${encodeURIComponent(course.id)}`, { json: patch });
      submit.disabled = false;
      if (result.ok) {
        keepScheduleWarnings(course.id, result.body.warnings);
        context.go(`#/courses/${course.id}`);
        return;
      }
    }
    showProblem(form, inOwnWords(result, mistakes()));
  });
  return form;
}

/** Keeps the API's schedule warnings (create, reschedule) for the course view the page goes to next. */
function keepScheduleWarnings(id, warnings) {
  if (warnings?.length) sessionStorage.setItem(`schedule-warnings:${id}`, JSON.stringify(warnings.map((w) => w.message)));
}

/** The kept warnings of a course, removed as they are read (shown once). */
export function takeScheduleWarnings(id) {
  const key = `schedule-warnings:${id}`;
  const messages = JSON.parse(sessionStorage.getItem(key) ?? '[]');
  sessionStorage.removeItem(key);
  return messages;
}
