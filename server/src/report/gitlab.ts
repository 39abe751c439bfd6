// GitLab Code Quality report (the `codequality` artifact): a JSON array of issues, shown in
// merge request widgets and diffs. Severities follow the usual linter mapping.
import { createHash } from 'node:crypto';
import type { ScanReport } from './scan-report';

const SEVERITY = { error: 'major', warning: 'minor', info: 'info' } as const;

export function formatGitlab(report: ScanReport, displayPath: (path: string) => string): string {
  const issues = report.results.flatMap((result) =>
    result.findings.map((finding) => {
      const path = displayPath(result.path).split('\\').join('/');
      return {
        description: finding.message,
        check_name: finding.ruleId,
        // Unique per issue and stable across runs: the finding's own fingerprint, with its file.
        fingerprint: createHash('sha256').update(`${path}\0${finding.ruleId}\0${finding.fingerprint}`).digest('hex'),
        severity: SEVERITY[finding.severity],
        location: { path, lines: { begin: finding.range.start.line + 1 } },
      };
    }),
  );
  return `${JSON.stringify(issues, null, 2)}\n`;
}
