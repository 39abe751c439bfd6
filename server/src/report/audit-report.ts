// The audit report (`--format markdown|html`, "Precedent: Show Report" / "Export Report"): one
// model (./report-model.ts) laid out as blocks (./report-blocks.ts), rendered here as Markdown or
// as a standalone, print-friendly HTML page, so the editor and the CLI always say the same thing.
import { escapeHtml, escapeMarkdown, markdownCode } from './escape';
import type { ScanReport } from './scan-report';
import { type Block, type Inline, reportBlocks, type ReportOptions } from './report-blocks';
import { reportModel, SEVERITIES, total } from './report-model';
import { barChartSvg } from './svg-chart';

export type { ReportOptions } from './report-blocks';

function inlineMarkdown(parts: Inline[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return escapeMarkdown(part);
      const plain = part.code ? markdownCode(part.text) : escapeMarkdown(part.text);
      const text = part.strong ? `**${plain}**` : plain;
      return part.href ? `[${text}](<${part.href.replace(/[<>]/g, encodeURIComponent)}>)` : text;
    })
    .join('');
}

function markdownTable(header: string[], rows: Inline[][][]): string[] {
  return [`| ${header.map(escapeMarkdown).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(inlineMarkdown).join(' | ')} |`), ''];
}

export function formatMarkdownReport(report: ScanReport, options: ReportOptions = {}): string {
  const lines: string[] = [];
  for (const block of reportBlocks(reportModel(report), options)) {
    if (block.kind === 'heading') lines.push(`${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`, '');
    else if (block.kind === 'paragraph') lines.push(inlineMarkdown(block.parts), '');
    else if (block.kind === 'list') lines.push(...block.items.map((item) => `- ${inlineMarkdown(item)}`), '');
    else if (block.kind === 'checklist') lines.push(...block.items.map((item) => `- [ ] ${inlineMarkdown(item)}`), '');
    else if (block.kind === 'table') lines.push(...markdownTable(block.header, block.rows));
    else {
      lines.push(`**${escapeMarkdown(block.title)}**`, '');
      const rows = block.rows.map((row): Inline[][] => [[row.label], ...SEVERITIES.map((severity) => [String(row.counts[severity])]), [String(total(row.counts))]]);
      lines.push(...markdownTable([block.rowHeader, 'Errors', 'Warnings', 'Info', 'Total'], rows));
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function inlineHtml(parts: Inline[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return escapeHtml(part);
      const plain = part.code ? `<code>${escapeHtml(part.text)}</code>` : escapeHtml(part.text);
      const text = part.strong ? `<strong>${plain}</strong>` : plain;
      return part.href ? `<a href="${escapeHtml(part.href)}">${text}</a>` : text;
    })
    .join('');
}

function htmlBlock(block: Block): string {
  if (block.kind === 'heading') return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
  if (block.kind === 'paragraph') return `<p>${inlineHtml(block.parts)}</p>`;
  if (block.kind === 'list') return `<ul>\n${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('\n')}\n</ul>`;
  if (block.kind === 'checklist') return `<ul class="checklist">\n${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('\n')}\n</ul>`;
  if (block.kind === 'chart') return `<figure>\n<figcaption>${escapeHtml(block.title)}</figcaption>\n${barChartSvg(block.title, block.rows, escapeHtml)}\n</figure>`;
  const header = block.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const rows = block.rows.map((row) => `<tr>${row.map((cell) => `<td>${inlineHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${header}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1b1b1b;background:#fff}',
  'table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}',
  'code{font-size:.9em}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.25rem}',
  '.checklist{list-style:none;padding-left:0}.checklist li{margin:.4rem 0;padding-left:1.6rem;text-indent:-1.6rem}.checklist li::before{content:"\\2610";display:inline-block;width:1.6rem;text-indent:0}',
  '@media print{body{max-width:none;margin:0;font-size:10pt}a{color:inherit}h2{break-before:auto;break-after:avoid}h3{break-after:avoid}tr,figure,li{break-inside:avoid}thead{display:table-header-group}}',
].join('');

export function formatHtmlReport(report: ScanReport, options: ReportOptions = {}): string {
  const body = reportBlocks(reportModel(report), options).map(htmlBlock);
  const title = escapeHtml(options.title ?? 'Precedent privacy report');
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${title}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}
