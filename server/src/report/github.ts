// GitHub Actions workflow commands: one annotation per finding, shown on the pull request's
// diff and in the run summary. Data and properties are escaped as the runner expects
// (%, CR and LF everywhere; also : and , inside properties).
import { citeDecision } from '../../../rules/decisions';
import { findingDecisions, primaryDecisionUrl, type ScanReport } from './scan-report';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(report: ScanReport, displayPath: (path: string) => string): string {
  const lines: string[] = [];
  for (const problem of report.configProblems) {
    lines.push(`::error file=${escapeProperty(problem.file)},title=${escapeProperty('Precedent config')}::${escapeData(`${problem.key}: ${problem.message}`)}`);
  }
  for (const result of report.results) {
    for (const finding of result.findings) {
      const { start, end } = finding.range;
      const decision = findingDecisions(finding)[0];
      const cite = decision ? `\n${citeDecision(decision)} ${primaryDecisionUrl(finding.decisions) ?? ''}`.trimEnd() : '';
      const properties = [
        `file=${escapeProperty(displayPath(result.path).split('\\').join('/'))}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${escapeProperty(`Precedent ${finding.ruleId}`)}`,
      ];
      lines.push(`::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message + cite)}`);
    }
  }
  const absent = report.baseline?.absent.length ?? 0;
  if (absent > 0) lines.push(`::notice title=${escapeProperty('Precedent baseline')}::${escapeData(`${absent} baseline entries no longer match a finding: run precedent --write-baseline to shrink ${report.baseline!.file}`)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
