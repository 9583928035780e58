// Bar and line charts as inline SVG (no chart library, no canvas): each has a caption, an
// accessible name and the numbers in a table behind a disclosure for those who prefer reading.
import { html } from 'htm/preact';

import { useApp } from '../lib/context.js';

const WIDTH = 640;
const PALETTE = ['#b3261e', '#1f6feb', '#2da44e', '#bf8700', '#8250df'];

function DataTable({ rows, columns }) {
  const { t } = useApp();
  return html`<details class="chart-data"><summary>${t('chart_data')}</summary>
    <table><thead><tr>${columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
    <tbody>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table>
  </details>`;
}

/// Horizontal bars; negative values extend left of the zero line in the warning colour.
export function BarChart({ title, items, format = String, id }) {
  const rowHeight = 28;
  const labelWidth = 180;
  const height = items.length * rowHeight + 10;
  const values = items.map((item) => Number(item.value));
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values) || 1;
  const span = high - low || 1;
  const plot = WIDTH - labelWidth - 110;
  const x = (value) => labelWidth + ((value - low) / span) * plot;
  return html`<figure class="chart" id=${id}>
    <figcaption>${title}</figcaption>
    <svg viewBox=${`0 0 ${WIDTH} ${height}`} role="img" aria-label=${title} preserveAspectRatio="xMinYMin meet">
      ${items.map((item, index) => {
        const value = Number(item.value);
        const y = 5 + index * rowHeight;
        const start = Math.min(x(0), x(value));
        return html`<g>
          <text x=${labelWidth - 8} y=${y + 17} text-anchor="end" class="chart-label">${item.label}</text>
          <rect x=${start} y=${y + 4} width=${Math.max(1, Math.abs(x(value) - x(0)))} height=${rowHeight - 10}
            fill=${value < 0 || item.warn ? '#d1242f' : PALETTE[1]} rx="2" />
          <text x=${Math.max(x(0), x(value)) + 6} y=${y + 17} class="chart-value">${format(item.value)}</text>
        </g>`;
      })}
      <line x1=${x(0)} x2=${x(0)} y1="0" y2=${height} class="chart-axis" />
    </svg>
    <${DataTable} columns=${['', title]} rows=${items.map((item) => [item.label, format(item.value)])} />
  </figure>`;
}

/// One or more series over the same x labels.
export function LineChart({ title, labels, series, format = String, id }) {
  const height = 240;
  const left = 90;
  const bottom = 30;
  const all = series.flatMap((one) => one.values.map(Number)).filter((value) => !Number.isNaN(value));
  const low = Math.min(0, ...all);
  const high = Math.max(...all, 0) || 1;
  const span = high - low || 1;
  const step = labels.length > 1 ? (WIDTH - left - 20) / (labels.length - 1) : 0;
  const x = (index) => left + index * step;
  const y = (value) => 10 + (1 - (value - low) / span) * (height - bottom - 20);
  const ticks = [low, low + span / 2, high];
  return html`<figure class="chart" id=${id}>
    <figcaption>${title}</figcaption>
    <svg viewBox=${`0 0 ${WIDTH} ${height}`} role="img" aria-label=${title} preserveAspectRatio="xMinYMin meet">
      ${ticks.map((tick) => html`<g><line x1=${left} x2=${WIDTH - 10} y1=${y(tick)} y2=${y(tick)} class="chart-grid" />
        <text x=${left - 6} y=${y(tick) + 4} text-anchor="end" class="chart-label">${format(tick)}</text></g>`)}
      ${labels.map((label, index) => html`<text x=${x(index)} y=${height - 8} text-anchor="middle" class="chart-label">${label}</text>`)}
      ${series.map((one, which) => html`<g>
        <polyline fill="none" stroke=${PALETTE[which % PALETTE.length]} stroke-width="2.5"
          points=${one.values.map((value, index) => `${x(index)},${y(Number(value))}`).join(' ')} />
        ${one.values.map((value, index) => html`<circle cx=${x(index)} cy=${y(Number(value))} r="3.5" fill=${PALETTE[which % PALETTE.length]} />`)}
      </g>`)}
    </svg>
    <ul class="legend">${series.map((one, which) => html`<li><span class="swatch" data-colour=${which}></span>${one.name}</li>`)}</ul>
    <${DataTable} columns=${['', ...series.map((one) => one.name)]}
      rows=${labels.map((label, index) => [label, ...series.map((one) => format(one.values[index]))])} />
  </figure>`;
}
