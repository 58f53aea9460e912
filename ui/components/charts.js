// @ts-check
// Charts drawn as SVG from the numbers, with the numbers beside them: a stacked column chart (cases per month
// by kind) and a horizontal bar chart (per kind, per unit, per advisor). No library: a few rectangles and text
// that print crisply, in the Okabe–Ito colours (told apart with red–green colour blindness, and by their
// lightness in black and white). Every chart is followed by its table, which is what a screen reader reads.

import { h, s } from '../dom.js';

/** Okabe & Ito's eight colours, without black: distinct for colour-blind readers and in grey print. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#999999',
  // Past eight series (the twelve kinds of case), the first four again, darker: still apart by lightness.
  '#003F63',
  '#8A5F00',
  '#005C43',
  '#7A3F66',
];

/** @typedef {{ label: string, values: number[] }} Row */
/** @typedef {{ title: string, series: string[], rows: Row[], unit?: string, percent?: boolean, id: string }} Chart */

/** A rounded-up "nice" maximum for an axis (1, 2, 5 × 10ⁿ). @param {number} max */
function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** The legend: a swatch and a name per series (the swatch an SVG square: no inline style). @param {string[]} series */
function legend(series) {
  return h(
    'div',
    { class: 'chart-legend' },
    series.map((name, i) =>
      h(
        'span',
        {},
        s(
          'svg',
          { class: 'swatch', viewBox: '0 0 10 10', 'aria-hidden': 'true' },
          s('rect', { width: 10, height: 10, fill: PALETTE[i % PALETTE.length] }),
        ),
        name,
      ),
    ),
  );
}

/** @param {number} v @param {boolean | undefined} percent */
const shown = (v, percent) => (percent ? `${(v * 100).toFixed(1)}%` : String(v));

/**
 * The chart's numbers as a table: a row per label, a column per series.
 * @param {Chart} c
 */
function dataTable(c) {
  return h(
    'table',
    { class: 'chart-data', id: `${c.id}-data` },
    h('caption', {}, `${c.title}（数据）`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, ''),
        c.series.map((name) => h('th', {}, name)),
      ),
    ),
    h(
      'tbody',
      {},
      c.rows.map((r) =>
        h(
          'tr',
          {},
          h('th', {}, r.label),
          r.values.map((v) => h('td', {}, shown(v, c.percent))),
        ),
      ),
    ),
  );
}

/**
 * Columns, one per label, its series stacked (cases per month by kind).
 * @param {Chart} c
 */
export function stackedColumns(c) {
  const width = 640;
  const height = 240;
  const left = 36;
  const bottom = 28;
  const plotH = height - bottom - 10;
  const totals = c.rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const top = niceMax(Math.max(0, ...totals));
  const slot = (width - left - 8) / Math.max(1, c.rows.length);
  const bar = Math.min(36, slot * 0.7);
  const y = (/** @type {number} */ v) => 10 + plotH - (v / top) * plotH;
  const grid = [0, 0.5, 1].map((f) =>
    s(
      'g',
      {},
      s('line', { x1: left, x2: width - 4, y1: y(top * f), y2: y(top * f), stroke: '#d6dbe1' }),
      s('text', { x: left - 4, y: y(top * f) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#555' }, top * f),
    ),
  );
  const columns = c.rows.map((r, i) => {
    const x = left + slot * i + (slot - bar) / 2;
    let base = 0;
    const parts = r.values.map((v, k) => {
      const rect = s('rect', {
        x,
        y: y(base + v),
        width: bar,
        height: Math.max(0, y(base) - y(base + v)),
        fill: PALETTE[k % PALETTE.length],
      });
      rect.appendChild(s('title', {}, `${r.label} ${c.series[k]}：${v}`));
      base += v;
      return rect;
    });
    return s(
      'g',
      {},
      parts,
      s('text', { x: x + bar / 2, y: height - 10, 'text-anchor': 'middle', 'font-size': 11, fill: '#333' }, r.label),
      totals[i]
        ? s(
            'text',
            { x: x + bar / 2, y: y(totals[i]) - 3, 'text-anchor': 'middle', 'font-size': 10, fill: '#333' },
            totals[i],
          )
        : null,
    );
  });
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-labelledby': `${c.id}-title` },
    s('title', { id: `${c.id}-title` }, c.title),
    grid,
    columns,
  );
  return figure(c, svg);
}

/**
 * Horizontal bars, one group per label, a bar per series (timeliness per kind, cases per unit or advisor).
 * @param {Chart} c
 */
export function horizontalBars(c) {
  const width = 640;
  const labelW = 150;
  const barH = 14;
  const group = c.series.length * (barH + 2) + 10;
  const height = Math.max(40, c.rows.length * group + 24);
  const max = c.percent ? 1 : niceMax(Math.max(0, ...c.rows.flatMap((r) => r.values)));
  const plotW = width - labelW - 60;
  const x = (/** @type {number} */ v) => labelW + (v / max) * plotW;
  const rows = c.rows.map((r, i) => {
    const top = 8 + i * group;
    return s(
      'g',
      {},
      s('text', { x: labelW - 6, y: top + group / 2, 'text-anchor': 'end', 'font-size': 12, fill: '#333' }, r.label),
      r.values.map((v, k) => {
        const yy = top + k * (barH + 2);
        const rect = s('rect', {
          x: labelW,
          y: yy,
          width: Math.max(0, x(v) - labelW),
          height: barH,
          fill: PALETTE[k % PALETTE.length],
        });
        rect.appendChild(s('title', {}, `${r.label} ${c.series[k]}：${shown(v, c.percent)}`));
        return s(
          'g',
          {},
          rect,
          s('text', { x: x(v) + 4, y: yy + barH - 3, 'font-size': 11, fill: '#333' }, shown(v, c.percent)),
        );
      }),
    );
  });
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-labelledby': `${c.id}-title` },
    s('title', { id: `${c.id}-title` }, c.title),
    s('line', { x1: labelW, x2: labelW, y1: 4, y2: height - 16, stroke: '#8a96a3' }),
    rows,
  );
  return figure(c, svg);
}

/** @param {Chart} c @param {SVGElement} svg */
function figure(c, svg) {
  return h(
    'figure',
    { class: 'chart-figure', id: c.id },
    h('figcaption', {}, c.title),
    c.rows.length
      ? h(
          'div',
          { class: 'chart-body' },
          h('div', { class: 'chart-drawing' }, c.series.length > 1 ? legend(c.series) : null, svg),
          dataTable(c),
        )
      : h('p', { class: 'empty' }, '没有数据'),
  );
}
