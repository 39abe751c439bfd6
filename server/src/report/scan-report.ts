// The result of a scan, as every output format (stylish, JSON, SARIF, reports) consumes it.
import { type Decision, decisionUrl, getDecision } from '../../../rules/decisions';
import type { BaselineOutcome } from '../engine/baseline';
import type { ConfigProblem } from '../engine/config';
import type { Finding, LintResult } from '../engine/types';

export interface ScanReport {
  /** Absolute path the finding paths are relative to. */
  root: string;
  results: LintResult[];
  configProblems: ConfigProblem[];
  /** With --baseline: the findings it holds (not in `results`) and its entries now gone. */
  baseline?: BaselineOutcome;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  skipped: number;
  parseErrors: number;
}

export function summarize(report: ScanReport): Summary {
  const summary: Summary = { files: report.results.length, errors: 0, warnings: 0, infos: 0, suppressed: 0, skipped: 0, parseErrors: 0 };
  for (const result of report.results) {
    for (const finding of result.findings) {
      if (finding.severity === 'error') summary.errors++;
      else if (finding.severity === 'warning') summary.warnings++;
      else summary.infos++;
    }
    summary.suppressed += result.suppressed.length;
    summary.skipped += result.errors.filter((error) => error.kind === 'skipped').length;
    summary.parseErrors += result.errors.filter((error) => error.kind === 'parse').length;
  }
  return summary;
}

/** Decisions of a finding resolved from the registry (unknown ids are dropped, tests guard them). */
export function findingDecisions(finding: Finding): Decision[] {
  return finding.decisions.flatMap((id) => {
    const decision = getDecision(id);
    return decision ? [decision] : [];
  });
}

export function primaryDecisionUrl(decisionIds: readonly string[]): string | undefined {
  for (const id of decisionIds) {
    const decision = getDecision(id);
    const url = decision && decisionUrl(decision);
    if (url) return url;
  }
  return undefined;
}
