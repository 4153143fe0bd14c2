// Messages per day per application as a stacked-bar SVG (no library, no inline styles: the report's CSP
// allows only its nonce'd style sheet, so colours are classes s0…s7 and "other"). The x axis is a real time
// axis: one slot per calendar day from the first to the last, so days without messages show as gaps.
import { t } from '@vscode/l10n';
import type { SourceProfile } from '../../../server/src/protocol/assessment';
import { plural } from '../scope';
import { esc } from './escape';

/** Series colours, VS Code theme variables, in legend order; the class `s<i>` selects one (see CHART_CSS). */
export const SERIES_COLOURS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
  '--vscode-terminal-ansiCyan',
  '--vscode-terminal-ansiMagenta',
];
const OTHER_COLOUR = '--vscode-descriptionForeground';
const MAX_DAYS = 400;
const MAX_LABELS = 6;
const DAY_MS = 86_400_000;

/** Style rules for the chart and its legend, placed in the report's nonce'd style element. */
export const CHART_CSS = [
  ...SERIES_COLOURS.map((v, i) => `.chart .s${i} { fill: var(${v}); } .legend .s${i} { background: var(${v}); }`),
  `.chart .other { fill: var(${OTHER_COLOUR}); } .legend .other { background: var(${OTHER_COLOUR}); }`,
  '.chart { width: 100%; max-width: 960px; height: auto; } .chart text { fill: var(--vscode-descriptionForeground); font-size: 13px; }',
  '.chart .axis { stroke: var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); }',
  '.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }',
  '.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: middle; }',
].join('\n');

function dayNumber(key: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : undefined;
}

function dayKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Every `step` days, with step chosen from a readable ladder so at most MAX_LABELS dates are printed. */
export function labelStep(days: number): number {
  for (const step of [1, 2, 7, 14, 30, 61, 91, 182, 365]) if (Math.ceil(days / step) <= MAX_LABELS) return step;
  return Math.ceil(days / MAX_LABELS);
}

export function messagesPerDayChart(apps: readonly SourceProfile[], maxSeries = SERIES_COLOURS.length): string {
  const series = apps.slice(0, maxSeries);
  const rest = apps.slice(maxSeries);
  const totals = new Map<number, number[]>();
  const add = (key: string, i: number, n: number): void => {
    const day = dayNumber(key);
    if (day === undefined) return;
    let row = totals.get(day);
    if (!row) totals.set(day, (row = new Array<number>(series.length + 1).fill(0)));
    row[i]! += n;
  };
  series.forEach((p, i) => p.messagesPerDay.forEach((d) => add(d.key, i, d.count)));
  for (const p of rest) for (const d of p.messagesPerDay) add(d.key, series.length, d.count);
  if (totals.size === 0) return `<p>${esc(t('No messages with a date.'))}</p>`;
  const last = Math.max(...totals.keys());
  const first = Math.max(Math.min(...totals.keys()), last - MAX_DAYS + 1);
  const span = last - first + 1;
  const max = Math.max(1, ...[...totals].filter(([d]) => d >= first).map(([, row]) => row.reduce((a, b) => a + b, 0)));

  const width = 720;
  const height = 240;
  const left = 48;
  const right = 12;
  const bottom = 30;
  const top = 12;
  const plotW = width - left - right;
  const plotH = height - bottom - top;
  const slot = plotW / span;
  const barW = Math.min(48, Math.max(1, slot * 0.8));
  const xOf = (day: number): number => left + (day - first) * slot + slot / 2;

  const bars: string[] = [];
  for (const [day, row] of [...totals].sort((a, b) => a[0] - b[0])) {
    if (day < first) continue;
    let y = height - bottom;
    row.forEach((n, i) => {
      if (n === 0) return;
      const h = (plotH * n) / max;
      y -= h;
      const cls = i < series.length ? `s${i}` : 'other';
      const name = i < series.length ? series[i]!.address : t('other');
      bars.push(`<rect class="${cls}" x="${(xOf(day) - barW / 2).toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(dayKey(day))} ${esc(name)}: ${n}</title></rect>`);
    });
  }
  const step = labelStep(span);
  const xLabels: string[] = [];
  for (let day = first; day <= last; day += step) {
    const anchor = span === 1 ? 'middle' : day === first ? 'start' : day + step > last && step > 1 ? 'end' : 'middle';
    const x = span === 1 ? xOf(day) : anchor === 'start' ? left : anchor === 'end' ? Math.min(xOf(day), width - right) : xOf(day);
    xLabels.push(`<text class="xlabel" x="${x.toFixed(1)}" y="${height - 8}" text-anchor="${anchor}">${esc(dayKey(day))}</text>`);
  }
  const axis = `<line class="axis" x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}"/><line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}"/>`;
  const yLabels = `<text x="${left - 6}" y="${top + 10}" text-anchor="end">${max}</text><text x="${left - 6}" y="${height - bottom}" text-anchor="end">0</text>`;
  const legend = series
    .map((p, i) => `<li><span class="swatch s${i}"></span>${esc(p.address)} ${esc(p.heloNames[0] ?? '')}</li>`)
    .concat(rest.length > 0 ? [`<li><span class="swatch other"></span>${esc(plural(rest.length, 'other source', 'other sources'))}</li>`] : [])
    .join('');
  const caption = span === 1 ? t('Messages on {0}', dayKey(first)) : t('Messages per day, {0} to {1} ({2} days)', dayKey(first), dayKey(last), span);
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(caption)}">${axis}${bars.join('')}${yLabels}${xLabels.join('')}</svg><ul class="legend">${legend}</ul>`;
}
