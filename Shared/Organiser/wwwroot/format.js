// Dates and numbers as Vietnamese people write them: "Thứ Năm, 13/05/2027, 14:00" in Vietnam time (UTC+7, no
// daylight saving), "10.000". The API speaks ISO-8601 instants with offsets; inputs are read as Vietnam time.
import { lang } from './i18n.js';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const WEEKDAYS = {
  vi: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const pad = (n) => String(n).padStart(2, '0');

/** The wall-clock parts of an instant in Vietnam. */
function vietnam(instant) {
  const d = new Date(new Date(instant).getTime() + VIETNAM_OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: d.getUTCDay(), hh: d.getUTCHours(), mm: d.getUTCMinutes(), ss: d.getUTCSeconds() };
}

/** "Thứ Năm, 13/05/2027, 14:00" */
export function dateTime(instant) {
  if (!instant) return '—';
  const p = vietnam(instant);
  return `${WEEKDAYS[lang()][p.wd]}, ${pad(p.d)}/${pad(p.m)}/${p.y}, ${pad(p.hh)}:${pad(p.mm)}`;
}

/** "13/05/2027, 14:00" (tables, where the weekday would crowd the column) */
export function shortDateTime(instant) {
  if (!instant) return '—';
  const p = vietnam(instant);
  return `${pad(p.d)}/${pad(p.m)}/${p.y}, ${pad(p.hh)}:${pad(p.mm)}`;
}

/** "14:00:05" */
export function time(instant) {
  const p = vietnam(instant);
  return `${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)}`;
}

/** A calendar date "2027-05-13" → "Thứ Năm, 13/05/2027" (no time zone: it is a date, not an instant). */
export function date(isoDate, { weekday = true } = {}) {
  if (!isoDate) return '—';
  const [y, m, d] = isoDate.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const text = `${pad(d)}/${pad(m)}/${y}`;
  return weekday ? `${WEEKDAYS[lang()][wd]}, ${text}` : text;
}

/** 10000 → "10.000" in Vietnamese, "10,000" in English. */
export function number(n) {
  return new Intl.NumberFormat(lang() === 'en' ? 'en-GB' : 'vi-VN').format(n ?? 0);
}

/** An instant → the value of an <input type="datetime-local"> in Vietnam time ("2027-05-13T14:00"). */
export function toLocalInput(instant) {
  if (!instant) return '';
  const p = vietnam(instant);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.hh)}:${pad(p.mm)}`;
}

/** "2027-05-13T14:00" typed in Vietnam → "2027-05-13T14:00:00+07:00" (empty → null). */
export function fromLocalInput(value) {
  if (!value) return null;
  return `${value.length === 16 ? `${value}:00` : value}+07:00`;
}

/** Today's date in Vietnam as "2027-05-13" (default of date inputs on the complaint forms). */
export function todayInVietnam() {
  const p = vietnam(Date.now());
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/** Lower case without diacritics ("Nguyễn Đức" → "nguyen duc"), so a search typed without accents still finds. */
export function fold(text) {
  return (text ?? '').normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

// Offsets (reminders, check-in, follow-up due dates) as the organiser says them: a number and a unit ("3 ngày",
// "12 giờ"), never the API's ISO-8601 form ("P3D"). The page turns one into the other.
const UNITS = [
  { seconds: 604800, iso: (n) => `P${n * 7}D`, words: { vi: ['tuần', 'tuần'], en: ['week', 'weeks'] }, names: ['tuan', 'week', 'weeks', 'w'] },
  { seconds: 86400, iso: (n) => `P${n}D`, words: { vi: ['ngày', 'ngày'], en: ['day', 'days'] }, names: ['ngay', 'day', 'days', 'd'] },
  { seconds: 3600, iso: (n) => `PT${n}H`, words: { vi: ['giờ', 'giờ'], en: ['hour', 'hours'] }, names: ['gio', 'tieng', 'hour', 'hours', 'h'] },
  { seconds: 60, iso: (n) => `PT${n}M`, words: { vi: ['phút', 'phút'], en: ['minute', 'minutes'] }, names: ['phut', 'minute', 'minutes', 'min', 'm'] },
  { seconds: 1, iso: (n) => `PT${n}S`, words: { vi: ['giây', 'giây'], en: ['second', 'seconds'] }, names: ['giay', 'second', 'seconds', 's'] },
];
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

/** "P3D" → "3 ngày" / "3 days"; "PT90M" → "90 phút" (the largest unit that fits exactly; weeks are written as days). */
export function offset(iso) {
  const m = ISO_DURATION.exec(iso ?? '');
  if (!m || iso.toUpperCase() === 'P' || iso.toUpperCase().endsWith('T')) return iso ?? '';
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  const total = (((w * 7 + d) * 24 + h) * 60 + min) * 60 + s;
  const unit = UNITS.slice(1).find((u) => total % u.seconds === 0) ?? UNITS[UNITS.length - 1];
  const n = total / unit.seconds;
  return `${n} ${unit.words[lang()][n === 1 ? 0 : 1]}`;
}

/** Offsets as written on the page, comma-separated ("3 ngày, 1 ngày"). */
export function offsets(list) {
  return (list ?? []).map(offset).join(', ');
}

/**
 * "3 ngày, 12 giờ" (or "3 days", "3d", or the ISO form itself) → { values: ['P3D', 'PT12H'] }; a part that is not a
 * number and a unit → { bad: 'the part' }. Units are read without diacritics, in either language.
 */
export function parseOffsets(text) {
  const values = [];
  for (const part of (text ?? '').split(/[,;]+/).map((s) => s.trim()).filter(Boolean)) {
    if (ISO_DURATION.test(part) && /\d/.test(part)) {
      values.push(part.toUpperCase());
      continue;
    }
    const m = /^(\d+)\s*(\p{L}+)$/u.exec(part);
    const unit = m && UNITS.find((u) => u.names.includes(fold(m[2])));
    if (!unit || Number(m[1]) <= 0) return { bad: part };
    values.push(unit.iso(Number(m[1])));
  }
  return { values };
}
