// What the audit report says, computed once from a scan: the counts of the executive summary,
// the decisions at stake, each finding with all its decisions, the remediation checklist and the
// suppressions. Renderers (./audit-report.ts) only lay it out.
import type { Family, Severity } from '../../../rules/api';
import type { Decision } from '../../../rules/decisions';
import { rules } from '../../../rules/index';
import type { Finding } from '../engine/types';
import type { Suppression } from '../engine/suppressions';
import { findingDecisions, type ScanReport, summarize, type Summary } from './scan-report';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface LocatedFinding {
  path: string;
  finding: Finding;
  decisions: Decision[];
}

export type SeverityCounts = Record<Severity, number>;

export interface DecisionAtStake {
  decision: Decision;
  /** Findings that cite it first (the decision they are listed under). */
  primary: number;
  /** Findings that cite it at all. */
  citing: number;
}

export interface RemediationItem {
  ruleId: string;
  title: string;
  family: Family;
  fix: string;
  findings: LocatedFinding[];
}

export interface ReportModel {
  summary: Summary;
  /** Rules and families the scan ran (every shipped rule; a family can have no finding). */
  ruleCount: number;
  families: { family: Family; counts: SeverityCounts }[];
  folders: { folder: string; counts: SeverityCounts }[];
  decisions: DecisionAtStake[];
  /** Every finding once, most severe first, then by location. */
  findings: LocatedFinding[];
  remediation: RemediationItem[];
  suppressed: { path: string; finding: Finding; suppression: Suppression }[];
  skipped: { path: string; reason: string }[];
}

const emptyCounts = (): SeverityCounts => ({ error: 0, warning: 0, info: 0 });

export const total = (counts: SeverityCounts) => counts.error + counts.warning + counts.info;

/** The families of the shipped rules, in the order the rules are listed. */
export function ruleFamilies(): Family[] {
  return [...new Set(rules.map((rule) => rule.meta.family))];
}

/** The folder a finding is counted under: the file's first two directories ("src/routes"), or "." at the root. */
export function folderOf(path: string): string {
  const directories = path.split('/').slice(0, -1);
  return directories.length === 0 ? '.' : directories.slice(0, 2).join('/');
}

function tally<K>(findings: readonly LocatedFinding[], key: (entry: LocatedFinding) => K): Map<K, SeverityCounts> {
  const counts = new Map<K, SeverityCounts>();
  for (const entry of findings) {
    const bucket = counts.get(key(entry)) ?? emptyCounts();
    bucket[entry.finding.severity]++;
    counts.set(key(entry), bucket);
  }
  return counts;
}

function decisionsAtStake(findings: readonly LocatedFinding[]): DecisionAtStake[] {
  const byId = new Map<string, DecisionAtStake>();
  for (const { decisions } of findings) {
    decisions.forEach((decision, index) => {
      const entry = byId.get(decision.id) ?? { decision, primary: 0, citing: 0 };
      entry.citing++;
      if (index === 0) entry.primary++;
      byId.set(decision.id, entry);
    });
  }
  // The decisions most findings are listed under come first; among equals, the heavier fine.
  return [...byId.values()].sort((a, b) => b.primary - a.primary || b.citing - a.citing || (b.decision.fine_eur ?? 0) - (a.decision.fine_eur ?? 0) || a.decision.id.localeCompare(b.decision.id));
}

export function reportModel(report: ScanReport): ReportModel {
  const findings: LocatedFinding[] = report.results
    .flatMap((result) => result.findings.map((finding) => ({ path: result.path, finding, decisions: findingDecisions(finding) })))
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity) ||
        a.path.localeCompare(b.path) ||
        a.finding.range.start.line - b.finding.range.start.line ||
        a.finding.range.start.character - b.finding.range.start.character,
    );
  const byFamily = tally(findings, ({ finding }) => finding.family);
  const byFolder = tally(findings, ({ path }) => folderOf(path));
  const remediation = new Map<string, RemediationItem>();
  for (const entry of findings) {
    const rule = rules.find((candidate) => candidate.meta.id === entry.finding.ruleId);
    const item = remediation.get(entry.finding.ruleId) ?? {
      ruleId: entry.finding.ruleId,
      title: rule?.meta.title ?? entry.finding.ruleId,
      family: entry.finding.family,
      fix: rule?.meta.docs.fix ?? '',
      findings: [],
    };
    item.findings.push(entry);
    remediation.set(entry.finding.ruleId, item);
  }
  return {
    summary: summarize(report),
    ruleCount: rules.length,
    families: ruleFamilies().map((family) => ({ family, counts: byFamily.get(family) ?? emptyCounts() })),
    folders: [...byFolder].map(([folder, counts]) => ({ folder, counts })).sort((a, b) => total(b.counts) - total(a.counts) || a.folder.localeCompare(b.folder)),
    decisions: decisionsAtStake(findings),
    findings,
    remediation: [...remediation.values()],
    suppressed: report.results.flatMap((result) => result.suppressed.map((entry) => ({ path: result.path, ...entry }))),
    skipped: report.results.flatMap((result) => result.errors.filter((error) => error.kind === 'skipped').map((error) => ({ path: result.path, reason: error.message }))),
  };
}
