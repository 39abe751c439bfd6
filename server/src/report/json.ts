// The JSON output: a stable, documented shape (see README "JSON output"). Lines and columns are
// 1-based; `range` repeats them 0-based in UTF-16 units, as LSP uses.
import { decisionUrl } from '../../../rules/decisions';
import type { Finding } from '../engine/types';
import { findingDecisions, type ScanReport, summarize } from './scan-report';

export const JSON_FORMAT_VERSION = 1;

function findingJson(path: string, finding: Finding) {
  return {
    ruleId: finding.ruleId,
    family: finding.family,
    severity: finding.severity,
    message: finding.message,
    path,
    fingerprint: finding.fingerprint,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    range: finding.range,
    decisions: findingDecisions(finding).map((decision) => ({
      id: decision.id,
      authority: decision.authority,
      reference: decision.reference,
      date: decision.date,
      entity: decision.entity,
      fine_eur: decision.fine_eur,
      url: decisionUrl(decision) ?? null,
    })),
    fixes: finding.fixes.map((fix) => ({ title: fix.title, safe: fix.safe, edits: fix.edits.map((edit) => ({ range: edit.range, newText: edit.newText })) })),
  };
}

export function formatJson(report: ScanReport, toolVersion: string): string {
  const document = {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'precedent', version: toolVersion },
    root: report.root,
    summary: summarize(report),
    findings: report.results.flatMap((result) => result.findings.map((finding) => findingJson(result.path, finding))),
    suppressed: report.results.flatMap((result) =>
      result.suppressed.map(({ finding, suppression }) => ({
        ...findingJson(result.path, finding),
        suppression: { kind: suppression.kind, reason: suppression.reason, line: suppression.line + 1 },
      })),
    ),
    errors: report.results.flatMap((result) =>
      result.errors.map((error) => ({ path: result.path, kind: error.kind, message: error.message, line: error.range ? error.range.start.line + 1 : null })),
    ),
    configProblems: report.configProblems,
    ...(report.baseline
      ? {
          baseline: {
            file: report.baseline.file,
            unchanged: report.baseline.unchanged.map(({ path, finding }) => findingJson(path, finding)),
            absent: report.baseline.absent,
          },
        }
      : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
