// SARIF 2.1.0 for code-scanning dashboards: one rules[] entry per rule with the decision link as
// helpUri and the decisions in properties; suppressed findings carry their in-source reason.
// Every result carries the finding's fingerprint; with a baseline, its baselineState (new,
// unchanged — also marked suppressed, accepted in the baseline — or absent, a `pass`).
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { pathToFileURL } from 'node:url';
import { decisionUrl, getDecision } from '../../../rules/decisions';
import { rootPath } from '../engine/baseline';
import { rules } from '../../../rules/index';
import type { Finding } from '../engine/types';
import { uriPath } from './escape';
import { primaryDecisionUrl, type ScanReport } from './scan-report';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
/** The partialFingerprints key: SARIF names these `<name>/v<version>`. */
export const FINGERPRINT_KEY = 'precedentFingerprint/v1';

export function formatSarif(report: ScanReport, toolVersion: string): string {
  const descriptors: ReportingDescriptor[] = rules.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.id.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.meta.title },
    fullDescription: { text: rule.meta.docs.why },
    help: { text: rule.meta.docs.fix },
    helpUri: primaryDecisionUrl(rule.meta.decisions),
    defaultConfiguration: { level: LEVEL[rule.meta.severity] },
    properties: {
      family: rule.meta.family,
      tags: ['privacy', rule.meta.family],
      decisions: rule.meta.decisions.flatMap((id) => {
        const decision = getDecision(id);
        return decision
          ? [{ id, authority: decision.authority, reference: decision.reference, date: decision.date, entity: decision.entity, fine_eur: decision.fine_eur, url: decisionUrl(decision) ?? null }]
          : [];
      }),
    },
  }));
  const ruleIndex = new Map(descriptors.map((descriptor, index) => [descriptor.id, index]));
  const result = (path: string, finding: Finding): Result => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriPath(path), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.range.start.line + 1,
            startColumn: finding.range.start.character + 1,
            endLine: finding.range.end.line + 1,
            endColumn: finding.range.end.character + 1,
          },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(baseline ? { baselineState: 'new' as const } : {}),
    properties: { decisions: finding.decisions },
  });
  const baseline = report.baseline;
  const results: Result[] = report.results.flatMap((file) => [
    ...file.findings.map((finding) => result(file.path, finding)),
    ...file.suppressed.map(({ finding, suppression }) => ({
      ...result(file.path, finding),
      suppressions: [{ kind: 'inSource' as const, justification: suppression.reason ?? undefined }],
    })),
  ]);
  if (baseline) {
    for (const { path, finding } of baseline.unchanged) {
      results.push({ ...result(path, finding), baselineState: 'unchanged', suppressions: [{ kind: 'external', justification: `accepted in the baseline ${baseline.file}` }] });
    }
    for (const entry of baseline.absent) {
      results.push({
        ruleId: entry.ruleId,
        ruleIndex: ruleIndex.get(entry.ruleId),
        kind: 'pass',
        level: 'none',
        message: { text: `No longer found (baseline entry): ${entry.message}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: uriPath(rootPath(baseline.file, report.root, entry.path)), uriBaseId: '%SRCROOT%' } } }],
        partialFingerprints: { [FINGERPRINT_KEY]: entry.fingerprint },
        baselineState: 'absent',
      });
    }
  }
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'Precedent', version: toolVersion, rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(report.root).href}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
