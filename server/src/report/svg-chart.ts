// Horizontal bar charts drawn as inline SVG for the HTML report: one bar per row, stacked by
// severity, with the counts written out so the chart reads the same on paper.
import type { Severity } from '../../../rules/api';
import { SEVERITIES, type SeverityCounts, total } from './report-model';

export interface ChartRow {
  label: string;
  counts: SeverityCounts;
}

/** Colours that stay apart in greyscale print: dark red, amber, blue. */
export const SEVERITY_COLOURS: Record<Severity, string> = { error: '#b3261e', warning: '#c77700', info: '#2f6fb3' };

const LABEL_WIDTH = 220;
const BAR_WIDTH = 360;
const ROW_HEIGHT = 24;
const LEGEND_HEIGHT = 26;

export function barChartSvg(title: string, rows: readonly ChartRow[], escape: (text: string) => string): string {
  const max = Math.max(1, ...rows.map((row) => total(row.counts)));
  const height = LEGEND_HEIGHT + rows.length * ROW_HEIGHT + 4;
  const width = LABEL_WIDTH + BAR_WIDTH + 60;
  const legend = SEVERITIES.map((severity, index) => {
    const x = LABEL_WIDTH + index * 90;
    return `<rect x="${x}" y="4" width="12" height="12" fill="${SEVERITY_COLOURS[severity]}"/><text x="${x + 16}" y="14">${severity}</text>`;
  }).join('');
  const bars = rows.map((row, index) => {
    const y = LEGEND_HEIGHT + index * ROW_HEIGHT;
    let x = LABEL_WIDTH;
    const segments = SEVERITIES.filter((severity) => row.counts[severity] > 0).map((severity) => {
      const width = (row.counts[severity] / max) * BAR_WIDTH;
      const segment = `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${width.toFixed(1)}" height="${ROW_HEIGHT - 8}" fill="${SEVERITY_COLOURS[severity]}"><title>${row.counts[severity]} ${severity}</title></rect>`;
      x += width;
      return segment;
    });
    const label = `<text x="${LABEL_WIDTH - 8}" y="${y + ROW_HEIGHT / 2 + 4}" text-anchor="end">${escape(row.label)}</text>`;
    const count = `<text x="${(x + 6).toFixed(1)}" y="${y + ROW_HEIGHT / 2 + 4}">${total(row.counts)}</text>`;
    return `${label}${segments.join('')}${count}`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escape(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escape(title)}</title>`,
    legend,
    ...bars,
    '</svg>',
  ].join('');
}
