// Replies over time: cumulative lines drawn as SVG from GET /api/courses/{id}/progress (no library needed for four
// lines). The numbers are also in the counts beside it, and the chart has a text summary for screen readers.
import { svg, h, clear, put } from './dom.js';
import { t, addStrings } from './i18n.js';
import { number, shortDateTime } from './format.js';

addStrings({
  vi: { 'chart.title': 'Trả lời theo thời gian', 'chart.summary': 'Đến {time}: {replied} người đã trả lời, {accepted} nhận lời, {declined} từ chối, {waitlisted} trong danh sách chờ, {delegated} cử người khác.', 'chart.empty': 'Chưa có ai trả lời.', 'chart.replied': 'Đã trả lời' },
  en: { 'chart.title': 'Replies over time', 'chart.summary': 'By {time}: {replied} replied, {accepted} accepted, {declined} declined, {waitlisted} waitlisted, {delegated} handed over.', 'chart.empty': 'No replies yet.', 'chart.replied': 'Replied' },
});

export const SERIES = [
  { key: 'replied', colour: '#1d1b20', label: () => t('chart.replied'), width: 3 },
  { key: 'accepted', colour: '#1b7f3b', label: () => t('status.accepted'), width: 2 },
  { key: 'declined', colour: '#b3261e', label: () => t('status.declined'), width: 2 },
  { key: 'waitlisted', colour: '#a15c00', label: () => t('status.waitlisted'), width: 2 },
  { key: 'delegated', colour: '#1a5fb4', label: () => t('status.delegated'), width: 2 },
];

const W = 640;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/** Draws the chart into container (replacing what was there). */
export function drawChart(container, replies) {
  clear(container);
  const points = replies?.points ?? [];
  const last = points[points.length - 1] ?? { replied: 0, accepted: 0, declined: 0, waitlisted: 0, delegated: 0 };
  const summary = t('chart.summary', {
    time: shortDateTime(replies?.to ?? new Date().toISOString()),
    replied: number(last.replied), accepted: number(last.accepted), declined: number(last.declined),
    waitlisted: number(last.waitlisted), delegated: number(last.delegated),
  });
  container.dataset.replied = String(last.replied ?? 0);
  if (!points.length || !last.replied) {
    put(container, h('p', { class: 'muted chart-empty' }, t('chart.empty')));
    return;
  }
  const from = new Date(replies.from ?? points[0].at).getTime();
  const to = Math.max(new Date(replies.to ?? points[points.length - 1].at).getTime(), from + 1);
  const max = Math.max(1, ...points.map((p) => p.replied));
  const x = (at) => PAD.left + ((new Date(at).getTime() - from) / (to - from)) * (W - PAD.left - PAD.right);
  const y = (n) => H - PAD.bottom - (n / max) * (H - PAD.top - PAD.bottom);

  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${t('chart.title')}. ${summary}`, class: 'chart', preserveAspectRatio: 'none' },
    svg('title', {}, summary),
    // axes and the top value
    svg('line', { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, class: 'axis' }),
    svg('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, class: 'axis' }),
    svg('line', { x1: PAD.left, y1: y(max), x2: W - PAD.right, y2: y(max), class: 'grid' }),
    svg('text', { x: PAD.left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'tick' }, number(max)),
    svg('text', { x: PAD.left - 6, y: H - PAD.bottom + 4, 'text-anchor': 'end', class: 'tick' }, '0'),
    svg('text', { x: PAD.left, y: H - 8, class: 'tick' }, shortDateTime(new Date(from).toISOString())),
    svg('text', { x: W - PAD.right, y: H - 8, 'text-anchor': 'end', class: 'tick' }, shortDateTime(new Date(to).toISOString())),
    SERIES.map((s) => {
      // A step line: a count holds until the next bucket, then runs on to "now".
      let d = '';
      points.forEach((p, i) => {
        d += i === 0 ? `M${x(p.at).toFixed(1)},${y(p[s.key]).toFixed(1)}` : `H${x(p.at).toFixed(1)}V${y(p[s.key]).toFixed(1)}`;
      });
      d += `H${x(new Date(to).toISOString()).toFixed(1)}`;
      return svg('path', { d, fill: 'none', stroke: s.colour, 'stroke-width': s.width, 'data-series': s.key, 'vector-effect': 'non-scaling-stroke' });
    }));
  put(container, chart,
    h('ul', { class: 'legend' }, SERIES.map((s) => h('li', {}, h('span', { class: 'swatch', 'data-colour': s.key }), `${s.label()}: ${number(last[s.key])}`))));
}
