// The cut-over timeline: IIS and Edge messages per day as paired bars on a real time axis (one slot per
// calendar day; the server sends every day of the period), with the Edge's go-live marked. Colours are the
// report chart's series classes (s0 IIS, s1 Edge), so the legend and bars follow the theme alike.
import { t } from '@vscode/l10n';
import type { VolumeDay } from '../../../server/src/protocol/cutover';
import { labelStep } from './chart';
import { esc } from './escape';

const SERIES = [
  { cls: 's0', key: 'iis', label: () => t('IIS SMTP') },
  { cls: 's1', key: 'edge', label: () => t('Exchange Edge') },
] as const;

/** The drawing frame (viewBox units): the same size as the report's chart, with room above for the go-live label. */
const FRAME = { width: 720, height: 240, left: 48, right: 12, bottom: 30, top: 18 };

export const CUTOVER_CHART_CSS = '.chart .golive { stroke: var(--vscode-editorWarning-foreground); stroke-dasharray: 4 3; } .chart .golive-label { fill: var(--vscode-editorWarning-foreground); }';

/** `edgeLive`: ISO time the Edge went live ('' when unknown). */
export function volumeChart(days: readonly VolumeDay[], edgeLive: string): string {
  if (days.length === 0) return `<p>${esc(t('No messages with a date on either side.'))}</p>`;
  const { width, height, left, right, bottom, top } = FRAME;
  const plotW = width - left - right;
  const plotH = height - bottom - top;
  const slot = plotW / days.length;
  const barW = Math.min(24, Math.max(0.5, (slot * 0.8) / 2));
  const max = Math.max(1, ...days.map((d) => Math.max(d.iis, d.edge)));
  const x0 = (i: number): number => left + i * slot + slot / 2 - barW;

  const groups = days.map((d, i) => {
    const bars = SERIES.map((s, k) => {
      const n = d[s.key];
      if (n === 0) return '';
      const h = (plotH * n) / max;
      return `<rect class="${s.cls}" x="${(x0(i) + k * barW).toFixed(1)}" y="${(height - bottom - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(d.day)} ${esc(s.label())}: ${n}</title></rect>`;
    }).join('');
    return `<g class="day" data-day="${esc(d.day)}" data-iis="${d.iis}" data-edge="${d.edge}">${bars}</g>`;
  });
  const live = edgeLive.slice(0, 10);
  const liveIndex = days.findIndex((d) => d.day === live);
  const golive =
    liveIndex < 0
      ? ''
      : `<line class="golive" x1="${(left + liveIndex * slot).toFixed(1)}" y1="${top}" x2="${(left + liveIndex * slot).toFixed(1)}" y2="${height - bottom}"/><text class="golive-label" x="${(left + liveIndex * slot + 3).toFixed(1)}" y="${top - 4}">${esc(t('Edge live {0}', live))}</text>`;
  const step = labelStep(days.length);
  const xLabels: string[] = [];
  for (let i = 0; i < days.length; i += step) {
    const anchor = days.length === 1 ? 'middle' : i === 0 ? 'start' : i + step >= days.length && step > 1 ? 'end' : 'middle';
    const x = anchor === 'start' ? left : anchor === 'end' ? Math.min(left + i * slot + slot / 2, width - right) : left + i * slot + slot / 2;
    xLabels.push(`<text class="xlabel" x="${x.toFixed(1)}" y="${height - 8}" text-anchor="${anchor}">${esc(days[i]!.day)}</text>`);
  }
  const axis = `<line class="axis" x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}"/><line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}"/>`;
  const yLabels = `<text x="${left - 6}" y="${top + 10}" text-anchor="end">${max}</text><text x="${left - 6}" y="${height - bottom}" text-anchor="end">0</text>`;
  const legend = SERIES.map((s) => `<li><span class="swatch ${s.cls}"></span>${esc(s.label())}</li>`).join('');
  const caption = t('Messages per day on IIS and on the Edge, {0} to {1} ({2} days)', days[0]!.day, days[days.length - 1]!.day, days.length);
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(caption)}">${axis}${groups.join('')}${golive}${yLabels}${xLabels.join('')}</svg><ul class="legend">${legend}</ul><p class="muted">${esc(caption)}</p>`;
}
