// What the Precedent view and Explain Rule ask the server for: every published finding (and the
// suppressed ones, with their reasons) with its rule and decisions, and the list of rules.
import type { Range } from 'vscode-languageserver';
import type { Family, Severity } from '../../../rules/api';
import { rules } from '../../../rules/index';
import type { Finding, LintResult } from '../engine/types';
import { decisionSummaries, type DecisionSummary } from './decision-summary';

export const FINDINGS_COMMAND = 'precedent.findings';
export const RULES_COMMAND = 'precedent.rules';

export interface RuleEntry {
  id: string;
  title: string;
  family: Family;
  severity: Severity;
}

export interface FindingEntry {
  uri: string;
  ruleId: string;
  ruleTitle: string;
  family: Family;
  severity: Severity;
  message: string;
  range: Range;
  /** Most relevant first: the view lists a finding under the first. */
  decisions: DecisionSummary[];
  /** Set for a finding a directive silenced: its reason, when one was given. */
  suppressed?: { reason?: string };
}

export function ruleEntries(): RuleEntry[] {
  return rules.map(({ meta }) => ({ id: meta.id, title: meta.title, family: meta.family, severity: meta.severity }));
}

function entry(uri: string, finding: Finding, suppressed?: { reason?: string }): FindingEntry {
  const rule = rules.find((candidate) => candidate.meta.id === finding.ruleId);
  return {
    uri,
    ruleId: finding.ruleId,
    ruleTitle: rule?.meta.title ?? finding.ruleId,
    family: finding.family,
    severity: finding.severity,
    message: finding.message,
    range: finding.range,
    decisions: decisionSummaries(finding.decisions),
    ...(suppressed ? { suppressed } : {}),
  };
}

/** `published`: findings as diagnostics show them; `results`: lint results of the same files, for their suppressions. */
export function findingEntries(published: ReadonlyMap<string, readonly Finding[]>, results: ReadonlyMap<string, LintResult>): FindingEntry[] {
  const entries: FindingEntry[] = [];
  for (const [uri, findings] of published) entries.push(...findings.map((finding) => entry(uri, finding)));
  for (const [uri, result] of results) {
    if (!published.has(uri)) continue;
    entries.push(...result.suppressed.map(({ finding, suppression }) => entry(uri, finding, { reason: suppression.reason ?? undefined })));
  }
  return entries;
}
