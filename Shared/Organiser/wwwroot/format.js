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
