// Human-readable output grouped by file, in the spirit of ESLint's stylish formatter, with the
// decision each finding cites and its link.
import { citeDecision } from '../../../rules/decisions';
import { findingDecisions, primaryDecisionUrl, type ScanReport, summarize } from './scan-report';

export function formatStylish(report: ScanReport, options: { color: boolean; displayPath: (path: string) => string }): string {
  const paint = (code: string) => (text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const dim = paint('2');
  const underline = paint('4');
  const bySeverity = { error: paint('31'), warning: paint('33'), info: paint('36') };
  const out: string[] = [];
  for (const problem of report.configProblems) {
    const where = problem.line ? `:${problem.line}:${problem.character}` : '';
    out.push(`${paint('31')('config error')} ${problem.file}${where} ${problem.key}: ${problem.message}`);
  }
  for (const result of report.results) {
    const errors = result.errors.filter((error) => error.kind !== 'skipped' || result.findings.length === 0);
    if (result.findings.length === 0 && errors.length === 0) continue;
    if (result.findings.length === 0 && errors.every((error) => error.kind === 'skipped' || error.kind === 'parse')) continue;
    out.push('', underline(options.displayPath(result.path)));
    for (const finding of result.findings) {
      const position = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const decisions = findingDecisions(finding);
      out.push(`  ${dim(position.padEnd(7))} ${bySeverity[finding.severity](finding.severity.padEnd(7))} ${finding.message}  ${dim(finding.ruleId)}`);
      if (decisions[0]) out.push(`  ${' '.repeat(7)} ${' '.repeat(7)} ${dim(`${citeDecision(decisions[0])} ${primaryDecisionUrl(finding.decisions) ?? ''}`.trimEnd())}`);
    }
    for (const error of errors.filter((entry) => entry.kind === 'rule' || entry.kind === 'internal')) {
      out.push(`  ${dim('-'.padEnd(7))} ${paint('35')('engine ')} ${error.message}`);
    }
  }
  const summary = summarize(report);
  const total = summary.errors + summary.warnings + summary.infos;
  const parts = [`${summary.errors} error${summary.errors === 1 ? '' : 's'}`, `${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`];
  if (summary.infos) parts.push(`${summary.infos} info`);
  const extras = [`${summary.files} files scanned`];
  if (summary.suppressed) extras.push(`${summary.suppressed} suppressed`);
  if (summary.skipped) extras.push(`${summary.skipped} skipped`);
  if (summary.parseErrors) extras.push(`${summary.parseErrors} with syntax errors`);
  if (report.baseline) extras.push(`${report.baseline.unchanged.length} in the baseline`);
  out.push('', `${total === 0 ? '✓ no findings' : `✖ ${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')})`} — ${extras.join(', ')}`);
  const absent = report.baseline?.absent.length ?? 0;
  if (absent) out.push(dim(`${absent} baseline entr${absent === 1 ? 'y' : 'ies'} no longer found: run precedent --write-baseline to shrink ${report.baseline!.file}`));
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}
