// The audit report's content as neutral blocks, in the order a DPO reads it: executive summary
// (what was checked, findings per family and severity, decisions at stake, per folder), the
// remediation checklist, every finding once with all its decisions, suppressions, skipped files.
import { citeDecision, type Decision, decisionUrl, formatFine } from '../../../rules/decisions';
import type { Finding } from '../engine/types';
import { uriPath } from './escape';
import type { ReportModel } from './report-model';
import { total } from './report-model';
import type { ChartRow } from './svg-chart';

export interface ReportOptions {
  /** Link target of a location (path relative to the report root, zero-based line). */
  link?: (path: string, line: number) => string;
  title?: string;
  /** When the report was made, printed under the title. */
  generatedAt?: Date;
}

export type Inline = string | { text: string; href?: string; code?: boolean; strong?: boolean };

export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; parts: Inline[] }
  | { kind: 'table'; header: string[]; rows: Inline[][][] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'checklist'; items: Inline[][] }
  /** A bar chart: inline SVG in HTML, its numbers as a table in Markdown. */
  | { kind: 'chart'; title: string; rowHeader: string; rows: ChartRow[] };

/** How many decisions the executive summary lists. */
const TOP_DECISIONS = 5;

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const defaultLink = (path: string, line: number) => `${uriPath(path)}#L${line + 1}`;

function location({ path, finding }: { path: string; finding: Finding }, options: ReportOptions): Inline {
  const { line, character } = finding.range.start;
  return { text: `${path}:${line + 1}:${character + 1}`, href: (options.link ?? defaultLink)(path, line) };
}

function citation(decision: Decision): Inline {
  const url = decisionUrl(decision);
  return url ? { text: citeDecision(decision), href: url } : citeDecision(decision);
}

function decisionWithFine(decision: Decision): Inline[] {
  return formatFine(decision) === '—' ? [citation(decision)] : [citation(decision), ` — ${formatFine(decision)}`];
}

/** Rule documentation marks code with backticks: those spans become code. */
function codeSpans(text: string): Inline[] {
  return text.split('`').map((part, index) => (index % 2 === 1 ? { text: part, code: true } : part)).filter((part) => part !== '');
}

function executiveSummary(model: ReportModel, options: ReportOptions): Block[] {
  const { summary } = model;
  const families = model.families.map(({ family }) => family);
  const findings = model.findings.length;
  const withoutReason = model.suppressed.filter(({ suppression }) => !suppression.reason).length;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Executive summary' }];
  if (options.generatedAt) blocks.push({ kind: 'paragraph', parts: [`Generated ${options.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`] });
  blocks.push(
    {
      kind: 'paragraph',
      parts: [
        { text: 'What was checked:', strong: true },
        ` ${plural(summary.files, 'file')} against ${plural(model.ruleCount, 'rule')} in ${families.length} ${families.length === 1 ? 'family' : 'families'} (${families.join(', ')}), `,
        'each rule built on decisions in which a data-protection authority found the same mistake.',
      ],
    },
    {
      kind: 'paragraph',
      parts: [
        { text: 'Result:', strong: true },
        ` ${plural(findings, 'finding')} — ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.infos} info; `,
        `${summary.suppressed} suppressed${withoutReason > 0 ? ` (${withoutReason} without a reason)` : ''}, ${summary.skipped} files skipped, ${summary.parseErrors} with syntax errors.`,
      ],
    },
    { kind: 'chart', title: 'Findings per family and severity', rowHeader: 'Family', rows: model.families.map(({ family, counts }) => ({ label: family, counts })) },
  );
  if (model.decisions.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Decisions at stake' });
    blocks.push({
      kind: 'table',
      header: ['Decision', 'Fine', 'Findings listed under it', 'Findings citing it'],
      rows: model.decisions.slice(0, TOP_DECISIONS).map(({ decision, primary, citing }) => [[citation(decision)], [formatFine(decision)], [String(primary)], [String(citing)]]),
    });
  }
  if (model.folders.length > 0) blocks.push({ kind: 'chart', title: 'Findings per folder', rowHeader: 'Folder', rows: model.folders.map(({ folder, counts }) => ({ label: folder, counts })) });
  return blocks;
}

function remediation(model: ReportModel, options: ReportOptions): Block[] {
  if (model.remediation.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: 'Remediation checklist' },
    {
      kind: 'checklist',
      items: model.remediation.map((item) => [
        { text: item.title, strong: true },
        ' (',
        { text: item.ruleId, code: true },
        `, ${plural(item.findings.length, 'finding')}): `,
        ...codeSpans(item.fix),
        ' In: ',
        ...item.findings.flatMap((entry, index) => (index === 0 ? [location(entry, options)] : [', ', location(entry, options)])),
      ]),
    },
  ];
}

function findingList(model: ReportModel, options: ReportOptions): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: `Findings (${model.findings.length})` }];
  if (model.findings.length === 0) blocks.push({ kind: 'paragraph', parts: ['No finding.'] });
  for (const { family, counts } of model.families) {
    const inFamily = model.findings.filter(({ finding }) => finding.family === family);
    if (inFamily.length === 0) continue;
    blocks.push({ kind: 'heading', level: 3, text: `${family} (${total(counts)})` });
    blocks.push({
      kind: 'table',
      header: ['Severity', 'Location', 'Rule', 'Finding', 'Decisions'],
      rows: inFamily.map((entry) => [
        [entry.finding.severity],
        [location(entry, options)],
        [{ text: entry.finding.ruleId, code: true }],
        [entry.finding.message],
        entry.decisions.flatMap((decision, index) => (index === 0 ? decisionWithFine(decision) : ['; ', ...decisionWithFine(decision)])),
      ]),
    });
  }
  return blocks;
}

function suppressions(model: ReportModel, options: ReportOptions): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: `Suppressions (${model.suppressed.length})` }];
  if (model.suppressed.length === 0) return [...blocks, { kind: 'paragraph', parts: ['No finding is suppressed.'] }];
  blocks.push({
    kind: 'table',
    header: ['Location', 'Rule', 'Directive', 'Reason'],
    rows: model.suppressed.map((entry) => [
      [location(entry, options)],
      [{ text: entry.finding.ruleId, code: true }],
      [entry.suppression.kind === 'file' ? 'whole file' : 'next line'],
      [entry.suppression.reason ?? { text: 'no reason given', strong: true }],
    ]),
  });
  return blocks;
}

export function reportBlocks(model: ReportModel, options: ReportOptions): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: options.title ?? 'Precedent privacy report' },
    ...executiveSummary(model, options),
    ...remediation(model, options),
    ...findingList(model, options),
    ...suppressions(model, options),
  ];
  if (model.skipped.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: `Skipped files (${model.skipped.length})` });
    blocks.push({ kind: 'list', items: model.skipped.map(({ path, reason }) => [{ text: path, code: true }, `: ${reason}`]) });
  }
  return blocks;
}
