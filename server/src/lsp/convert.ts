// Engine findings ↔ LSP diagnostics and hovers (code actions: ./actions).
import { type Diagnostic, DiagnosticSeverity, type Hover, MarkupKind } from 'vscode-languageserver';
import { ruleById } from '../../../rules/index';
import type { Finding, FindingFix } from '../engine/types';
import { decisionTable, recommendationNotes } from '../report/decision-table';
import { escapeMarkdown } from '../report/escape';
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

export function hoverFor(findings: readonly Finding[]): Hover | undefined {
  if (findings.length === 0) return undefined;
  const sections = findings.map((finding) => {
    const rule = ruleById(finding.ruleId);
    const parts = [`### Precedent: ${rule?.meta.title ?? finding.ruleId} (\`${finding.ruleId}\`)`, '', `**Found:** ${escapeMarkdown(finding.message)}`];
    if (rule) parts.push('', `**Why it matters:** ${rule.meta.docs.why}`, '', `**How to fix:** ${rule.meta.docs.fix}`);
    parts.push('', decisionTable(finding.decisions));
    const notes = rule ? recommendationNotes(finding.decisions, rule.meta.family) : '';
    if (notes) parts.push('', notes);
    return parts.join('\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: findings[0].range };
}
