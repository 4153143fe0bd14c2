// Messages per day per application as a stacked-bar SVG (no library, no script): one bar per day, one colour
// per application (the eight largest; the rest as "other"). Colours come from VS Code's chart theme variables.
import { t } from '@vscode/l10n';
import type { SourceProfile } from '../../../server/src/protocol/assessment';
import { esc } from './escape';

const COLOURS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow', '--vscode-charts-foreground', '--vscode-charts-lines'];
const MAX_SERIES = 8;
const MAX_DAYS = 400;

export function messagesPerDayChart(apps: readonly SourceProfile[]): string {
  const series = apps.slice(0, MAX_SERIES);
  const rest = apps.slice(MAX_SERIES);
  const days = new Map<string, number[]>();
  const add = (day: string, i: number, n: number): void => {
    let row = days.get(day);
    if (!row) {
      row = new Array(series.length + 1).fill(0);
      days.set(day, row);
    }
    row[i]! += n;
  };
  series.forEach((p, i) => p.messagesPerDay.forEach((d) => add(d.key, i, d.count)));
  for (const p of rest) for (const d of p.messagesPerDay) add(d.key, series.length, d.count);
  const keys = [...days.keys()].sort().slice(-MAX_DAYS);
  if (keys.length === 0) return `<p>${esc(t('No messages with a date.'))}</p>`;
  const max = Math.max(1, ...keys.map((k) => days.get(k)!.reduce((a, b) => a + b, 0)));
  const width = 720;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const barW = Math.max(1, (width - left - 8) / keys.length);
  const parts: string[] = [];
  keys.forEach((k, x) => {
    let y = height - bottom;
    days.get(k)!.forEach((n, i) => {
      if (n === 0) return;
      const h = ((height - bottom - 10) * n) / max;
      y -= h;
      const colour = i < series.length ? `var(${COLOURS[i % COLOURS.length]})` : 'var(--vscode-disabledForeground)';
      const name = i < series.length ? series[i]!.address : 'other';
      parts.push(`<rect x="${(left + x * barW).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0.5, barW - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"><title>${esc(k)} ${esc(name)}: ${n}</title></rect>`);
    });
  });
  const axis = `<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="var(--vscode-charts-lines)"/>`;
  const labels = `<text x="${left - 4}" y="14" text-anchor="end">${max}</text><text x="${left - 4}" y="${height - bottom}" text-anchor="end">0</text>` + `<text x="${left}" y="${height - 8}">${esc(keys[0]!)}</text><text x="${width}" y="${height - 8}" text-anchor="end">${esc(keys[keys.length - 1]!)}</text>`;
  const legend = series
    .map((p, i) => `<li><span class="swatch" style="background: var(${COLOURS[i % COLOURS.length]})"></span>${esc(p.address)} ${esc(p.heloNames[0] ?? '')}</li>`)
    .concat(rest.length > 0 ? [`<li><span class="swatch" style="background: var(--vscode-disabledForeground)"></span>${rest.length} other</li>`] : [])
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(t('Messages per day per application'))}">${axis}${parts.join('')}${labels}</svg><ul class="legend">${legend}</ul>`;
}
