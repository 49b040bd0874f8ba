// The learning reports of a course (issue 18 item 4): each submitted report (its text, and its file shown in the page
// when it is a PDF or an image, else downloaded), its grade on the configured scale with a comment; the organiser
// grades and regrades, a leader reads. All the reports download as one ZIP (organisers). Text a person typed is only
// ever text here (h() writes textContent); a file is shown from a blob of the type the API stored, never as HTML.
import { h, clear, put, field, showDialog } from './dom.js';
import { t, addStrings } from './i18n.js';
import { call, download, fetchFile } from './api.js';
import { can } from './access.js';
import { dateTime, number } from './format.js';
import { showProblem, clearErrors, problemText, notice, statusLine, loadInto } from './forms.js';

addStrings({
  vi: {
    'reports.title': 'Bài thu hoạch', 'reports.none': 'Chưa ai nộp bài thu hoạch.',
    'reports.requiresPassing': 'Khóa học này chỉ cấp giấy chứng nhận khi bài thu hoạch đạt yêu cầu (Xuất sắc, Khá hoặc Đạt).',
    'reports.col.name': 'Họ và tên', 'reports.col.unit': 'Đơn vị', 'reports.col.submitted': 'Nộp lúc', 'reports.col.grade': 'Xếp loại',
    'reports.col.certificate': 'Giấy chứng nhận', 'reports.notGraded': 'Chưa chấm', 'reports.held': 'Chờ chấm bài',
    'reports.open': 'Đọc và chấm', 'reports.read': 'Đọc', 'reports.zip': 'Tải tất cả bài thu hoạch (ZIP)',
    'reports.dialog': 'Bài thu hoạch của {name}', 'reports.text': 'Nội dung', 'reports.noText': '(Chỉ nộp tệp đính kèm.)',
    'reports.file': 'Tệp đính kèm: {name} ({size})', 'reports.view': 'Xem tệp', 'reports.download': 'Tải tệp về',
    'reports.grade': 'Xếp loại', 'reports.comment': 'Nhận xét', 'reports.commentHint': 'Tối đa 2.000 ký tự.',
    'reports.save': 'Lưu xếp loại', 'reports.close': 'Đóng', 'reports.saved': 'Đã lưu xếp loại {grade} cho {name}.',
    'reports.gradedBy': 'Chấm: {grade} · {who} · {when}', 'reports.choose': '— Chọn mức —',
  },
  en: {
    'reports.title': 'Learning reports', 'reports.none': 'Nobody has sent a learning report yet.',
    'reports.requiresPassing': 'This course gives a certificate only for a passing report (Excellent, Good or Pass).',
    'reports.col.name': 'Name', 'reports.col.unit': 'Unit', 'reports.col.submitted': 'Sent', 'reports.col.grade': 'Grade',
    'reports.col.certificate': 'Certificate', 'reports.notGraded': 'Not graded', 'reports.held': 'Waits for the grade',
    'reports.open': 'Read and grade', 'reports.read': 'Read', 'reports.zip': 'Download every report (ZIP)',
    'reports.dialog': 'Learning report of {name}', 'reports.text': 'Text', 'reports.noText': '(Only a file was sent.)',
    'reports.file': 'File: {name} ({size})', 'reports.view': 'Show the file', 'reports.download': 'Download the file',
    'reports.grade': 'Grade', 'reports.comment': 'Comment', 'reports.commentHint': 'At most 2,000 characters.',
    'reports.save': 'Save the grade', 'reports.close': 'Close', 'reports.saved': 'Grade {grade} saved for {name}.',
    'reports.gradedBy': 'Graded: {grade} · {who} · {when}', 'reports.choose': '— Choose —',
  },
});

const SHOWN = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** The reports section of a course; refresh() reads the list again. */
export function reportsSection(course) {
  const list = h('div', { 'aria-live': 'polite' });
  const { node: status, say } = statusLine();
  const grader = can('courses.change');
  const zip = grader
    ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
      const result = await download(`courses/${encodeURIComponent(course.id)}/reports/archive`, 'reports.zip');
      if (!result.ok) say('error', problemText(result));
    } }, t('reports.zip'))
    : null;
  const load = async () => {
    const body = await loadInto(list, `courses/${encodeURIComponent(course.id)}/reports`);
    if (!body) return;
    const { reports, scale, requiresPassingGrade } = body;
    if (requiresPassingGrade) put(list, h('p', { class: 'hint' }, t('reports.requiresPassing')));
    if (!reports.length) {
      put(list, h('p', { class: 'muted' }, t('reports.none')));
      return;
    }
    put(list, h('div', { class: 'table-wrap' }, h('table', { class: 'reports' },
      h('thead', {}, h('tr', {}, ['name', 'unit', 'submitted', 'grade', 'certificate'].map((c) => h('th', { scope: 'col' }, t(`reports.col.${c}`))), h('td', {}))),
      h('tbody', {}, reports.map((r) => h('tr', { 'data-invitee': r.inviteeId },
        h('th', { scope: 'row' }, r.name),
        h('td', {}, r.unit ?? ''),
        h('td', {}, dateTime(r.submittedAt)),
        h('td', { 'data-grade': r.grade?.grade ?? '' }, r.grade ? r.grade.name : t('reports.notGraded')),
        h('td', { 'data-certificate': r.certificateNumber ?? '' }, r.certificateNumber ?? (r.heldForGrade ? t('reports.held') : t('common.none'))),
        h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => openReport(course, r, scale, grader, (saved) => {
          say('ok', t('reports.saved', { grade: saved.grade.name, name: saved.name }));
          load();
        }) }, grader ? t('reports.open') : t('reports.read')))))))));
  };
  load();
  const node = h('section', { class: 'card', 'aria-labelledby': 'reports-title' },
    h('div', { class: 'title-row' }, h('h2', { id: 'reports-title' }, t('reports.title')), zip), status, list);
  return { node, refresh: load };
}

function openReport(course, report, scale, grader, saved) {
  const file = report.file;
  const viewer = h('div', { class: 'report-file' });
  const path = `courses/${encodeURIComponent(course.id)}/reports/${encodeURIComponent(report.inviteeId)}/file`;
  const show = async () => {
    const result = await fetchFile(path);
    if (!result.ok) {
      put(clear(viewer), notice('error', problemText(result)));
      return;
    }
    // Only a PDF or an image is shown, from a blob of that type; anything else is downloaded.
    if (!SHOWN.includes(result.type)) {
      await download(`${path}?download=1`, file.name);
      return;
    }
    const url = URL.createObjectURL(result.blob);
    put(clear(viewer), result.type.startsWith('image/')
      ? h('img', { src: url, alt: file.name })
      : h('iframe', { src: url, title: file.name }));
  };
  const grade = h('select', { name: 'grade', required: true, disabled: !grader },
    h('option', { value: '' }, t('reports.choose')),
    scale.map((s) => h('option', { value: s.key, selected: report.grade?.grade === s.key }, s.name)));
  const comment = h('textarea', { name: 'comment', rows: 3, maxlength: 2000, disabled: !grader }, report.grade?.comment ?? '');
  const form = h('form', { method: 'dialog', novalidate: true, class: 'report-dialog' },
    h('h2', {}, t('reports.dialog', { name: report.name })),
    h('p', { class: 'muted' }, [report.unit, dateTime(report.submittedAt)].filter(Boolean).join(' · ')),
    h('h3', {}, t('reports.text')),
    report.text ? h('div', { class: 'report-text' }, report.text) : h('p', { class: 'muted' }, t('reports.noText')),
    file ? h('p', {}, t('reports.file', { name: file.name, size: `${number(Math.max(1, Math.round(file.length / 1024)))} KB` }), ' ',
      SHOWN.includes(file.contentType) ? h('button', { type: 'button', class: 'secondary', onclick: show }, t('reports.view')) : null, ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => download(`${path}?download=1`, file.name) }, t('reports.download'))) : null,
    viewer,
    report.grade ? h('p', { class: 'muted graded-by' }, t('reports.gradedBy', { grade: report.grade.name, who: report.grade.by?.name ?? '', when: dateTime(report.grade.at) })) : null,
    field(t('reports.grade'), grade, { name: 'grade' }),
    field(t('reports.comment'), comment, { name: 'comment', hint: t('reports.commentHint') }),
    h('p', { class: 'error', 'data-error-for': 'body', hidden: true }),
    h('div', { class: 'actions' },
      grader ? h('button', { type: 'submit', class: 'primary', value: 'save' }, t('reports.save')) : null,
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('reports.close'))));
  const dialog = h('dialog', { class: 'wide' }, form);
  dialog.setAttribute('aria-label', t('reports.dialog', { name: report.name }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const result = await call('PUT', `${path.slice(0, -'/file'.length)}/grade`, { json: { grade: grade.value, comment: comment.value } });
    if (result.ok) {
      dialog.close();
      saved(result.body);
    } else showProblem(form, result);
  });
  showDialog(dialog, grader ? grade : null);
}
