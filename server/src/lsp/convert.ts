// Engine findings ↔ LSP diagnostics (hovers: ./hover, code actions: ./actions).
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, FindingFix } from '../engine/types';
import { primaryDecisionUrl } from '../report/scan-report';

export const SOURCE = 'precedent';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** What a diagnostic carries back to the server in code-action requests. */
export interface DiagnosticData {
  ruleId: string;
  decisions: string[];
  fixes: FindingFix[];
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const href = primaryDecisionUrl(finding.decisions);
  const data: DiagnosticData = { ruleId: finding.ruleId, decisions: finding.decisions, fixes: finding.fixes };
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: SOURCE,
    message: finding.message,
    data,
  };
}
