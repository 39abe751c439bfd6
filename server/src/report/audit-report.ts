// The audit report (`--format markdown|html`, "Precedent: Show Report" / "Export Report"):
// findings grouped by family and by decision, counts per rule, suppressions with their reasons,
// skipped files. One model, two renderings, so the editor and the CLI always say the same thing.
import { ruleById } from '../../../rules/index';
import { citeDecision, decisionUrl, formatFine, getDecision } from '../../../rules/decisions';
import type { Finding } from '../engine/types';
import { escapeHtml, escapeMarkdown, markdownCode, uriPath } from './escape';
import { type ScanReport, summarize } from './scan-report';

export interface ReportOptions {
  /** Link target of a location (path relative to the report root, zero-based line). */
  link?: (path: string, line: number) => string;
  title?: string;
}

interface Located {
  path: string;
  finding: Finding;
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; parts: Inline[] }
  | { kind: 'table'; header: string[]; rows: Inline[][][] }
  | { kind: 'list'; items: Inline[][] };

type Inline = string | { text: string; href?: string; code?: boolean; strong?: boolean };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const defaultLink = (path: string, line: number) => `${uriPath(path)}#L${line + 1}`;

function location(path: string, finding: Finding, options: ReportOptions): Inline {
  const { line, character } = finding.range.start;
  return { text: `${path}:${line + 1}:${character + 1}`, href: (options.link ?? defaultLink)(path, line) };
}

function decisionInline(id: string): Inline[] {
  const decision = getDecision(id);
  if (!decision) return [id];
  const url = decisionUrl(decision);
  const citation: Inline = url ? { text: citeDecision(decision), href: url } : citeDecision(decision);
  return decision.fine_eur === null && !decision.fine_original ? [citation] : [citation, ` — fine ${formatFine(decision)}`];
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function reportBlocks(report: ScanReport, options: ReportOptions): Block[] {
  const summary = summarize(report);
  const located: Located[] = report.results.flatMap((result) => result.findings.map((finding) => ({ path: result.path, finding })));
  const suppressed = report.results.flatMap((result) => result.suppressed.map((entry) => ({ path: result.path, ...entry })));
  const skipped = report.results.filter((result) => result.errors.some((error) => error.kind === 'skipped'));
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: options.title ?? 'Precedent privacy report' }];
  blocks.push({
    kind: 'paragraph',
    parts: [
      `${plural(located.length, 'finding')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.infos} info) in ${plural(summary.files, 'file')} scanned; `,
      `${summary.suppressed} suppressed, ${summary.skipped} skipped, ${summary.parseErrors} with syntax errors.`,
    ],
  });

  blocks.push({ kind: 'heading', level: 2, text: 'Findings per rule' });
  blocks.push({
    kind: 'table',
    header: ['Family', 'Rule', 'Title', 'Findings'],
    rows: countBy(located, ({ finding }) => finding.ruleId).map(([ruleId, count]) => {
      const meta = ruleById(ruleId)?.meta;
      return [[meta?.family ?? '—'], [{ text: ruleId, code: true }], [meta?.title ?? ''], [String(count)]];
    }),
  });

  blocks.push({ kind: 'heading', level: 2, text: 'By family' });
  for (const [family] of countBy(located, ({ finding }) => finding.family)) {
    const inFamily = located.filter(({ finding }) => finding.family === family);
    blocks.push({ kind: 'heading', level: 3, text: `${family} (${inFamily.length})` });
    blocks.push({
      kind: 'list',
      items: inFamily.map(({ path, finding }) => [location(path, finding, options), ' ', { text: finding.ruleId, code: true }, ` ${finding.severity}: ${finding.message}`]),
    });
  }

  blocks.push({ kind: 'heading', level: 2, text: 'By decision' });
  const decisionIds = [...new Set(located.flatMap(({ finding }) => finding.decisions))];
  for (const id of decisionIds) {
    const citing = located.filter(({ finding }) => finding.decisions.includes(id));
    blocks.push({ kind: 'paragraph', parts: [...decisionInline(id), ` — ${plural(citing.length, 'finding')}:`] });
    blocks.push({ kind: 'list', items: citing.map(({ path, finding }) => [location(path, finding, options), ' ', { text: finding.ruleId, code: true }]) });
  }

  blocks.push({ kind: 'heading', level: 2, text: `Suppressions (${suppressed.length})` });
  if (suppressed.length === 0) blocks.push({ kind: 'paragraph', parts: ['No finding is suppressed.'] });
  else {
    blocks.push({
      kind: 'table',
      header: ['Location', 'Rule', 'Directive', 'Reason'],
      rows: suppressed.map(({ path, finding, suppression }) => [
        [location(path, finding, options)],
        [{ text: finding.ruleId, code: true }],
        [suppression.kind === 'file' ? 'whole file' : 'next line'],
        [suppression.reason ?? { text: 'no reason given', strong: true }],
      ]),
    });
  }

  if (skipped.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: `Skipped files (${skipped.length})` });
    blocks.push({
      kind: 'list',
      items: skipped.map((result) => [{ text: result.path, code: true }, `: ${result.errors.find((error) => error.kind === 'skipped')?.message ?? ''}`]),
    });
  }
  return blocks;
}

function inlineMarkdown(parts: Inline[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return escapeMarkdown(part);
      const plain = part.code ? markdownCode(part.text) : escapeMarkdown(part.text);
      const text = part.strong ? `**${plain}**` : plain;
      return part.href ? `[${text}](<${part.href}>)` : text;
    })
    .join('');
}

export function formatMarkdownReport(report: ScanReport, options: ReportOptions = {}): string {
  const lines: string[] = [];
  for (const block of reportBlocks(report, options)) {
    if (block.kind === 'heading') lines.push(`${'#'.repeat(block.level)} ${block.text}`, '');
    else if (block.kind === 'paragraph') lines.push(inlineMarkdown(block.parts), '');
    else if (block.kind === 'list') lines.push(...block.items.map((item) => `- ${inlineMarkdown(item)}`), '');
    else {
      lines.push(`| ${block.header.join(' | ')} |`, `|${block.header.map(() => '---').join('|')}|`);
      lines.push(...block.rows.map((row) => `| ${row.map(inlineMarkdown).join(' | ')} |`), '');
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

export function formatHtmlReport(report: ScanReport, options: ReportOptions = {}): string {
  const blocks = reportBlocks(report, options);
  const body = blocks.map((block) => {
    if (block.kind === 'heading') return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    if (block.kind === 'paragraph') return `<p>${inlineHtml(block.parts)}</p>`;
    if (block.kind === 'list') return `<ul>\n${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('\n')}\n</ul>`;
    const header = block.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
    const rows = block.rows.map((row) => `<tr>${row.map((cell) => `<td>${inlineHtml(cell)}</td>`).join('')}</tr>`).join('\n');
    return `<table>\n<thead><tr>${header}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
  });
  const title = escapeHtml(options.title ?? 'Precedent privacy report');
  const style = 'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}code{font-size:.9em}';
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n<style>${style}</style>\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}
