// `precedent merge a.sarif b.sarif … [-o merged.sarif]`: joins the reports of shards (--shard)
// into one, SARIF into one run (what code scanning expects of one tool), or JSON into one
// document. A finding two shards both report (a dependent file) appears once.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Log, Result, Run } from 'sarif';
import type { CliIo } from '../cli';
import { FINGERPRINT_KEY } from '../report/sarif';
import { UsageError } from './options';

interface JsonFinding {
  ruleId: string;
  severity: string;
  path: string;
  fingerprint: string;
}
interface JsonReport {
  version: number;
  tool: unknown;
  root: string;
  summary: Record<string, number>;
  findings: JsonFinding[];
  suppressed: JsonFinding[];
  errors: { kind: string }[];
  configProblems: unknown[];
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}

function mergeSarif(logs: Log[]): Log {
  const runs = logs.flatMap((log) => log.runs);
  const [first] = runs;
  if (runs.some((run) => run.tool.driver.name !== 'Precedent')) throw new UsageError('merge joins Precedent runs only: the input holds a run of another tool');
  const resultKey = (result: Result) =>
    JSON.stringify([result.ruleId, result.locations?.[0]?.physicalLocation?.artifactLocation?.uri, result.partialFingerprints?.[FINGERPRINT_KEY], result.baselineState, Boolean(result.suppressions)]);
  const run: Run = { ...first, results: unique(runs.flatMap((each) => each.results ?? []), resultKey) };
  return { ...logs[0], runs: [run] };
}

function mergeJson(reports: JsonReport[]): JsonReport {
  const findingKey = (finding: JsonFinding) => JSON.stringify([finding.path, finding.ruleId, finding.fingerprint]);
  const findings = unique(reports.flatMap((report) => report.findings), findingKey);
  const suppressed = unique(reports.flatMap((report) => report.suppressed), findingKey);
  const errors = unique(reports.flatMap((report) => report.errors), (error) => JSON.stringify(error));
  const count = (severity: string) => findings.filter((finding) => finding.severity === severity).length;
  return {
    ...reports[0],
    summary: {
      files: reports.reduce((sum, report) => sum + report.summary.files, 0),
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      suppressed: suppressed.length,
      skipped: errors.filter((error) => error.kind === 'skipped').length,
      parseErrors: errors.filter((error) => error.kind === 'parse').length,
    },
    findings,
    suppressed,
    errors,
    configProblems: unique(reports.flatMap((report) => report.configProblems), (problem) => JSON.stringify(problem)),
  };
}

export async function runMerge(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { output: { type: 'string', short: 'o' } } });
    if (positionals.length === 0) throw new UsageError('merge needs the SARIF or JSON reports to merge');
    const documents = positionals.map((file) => {
      try {
        return JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8')) as Record<string, unknown>;
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
      }
    });
    const sarif = documents.every((document) => Array.isArray(document.runs));
    if (!sarif && !documents.every((document) => Array.isArray(document.findings) && document.version === 1)) {
      throw new UsageError('merge takes reports of one kind: all SARIF (--format sarif) or all JSON (--format json)');
    }
    if (!sarif && new Set(documents.map((document) => document.root)).size > 1) throw new UsageError('these JSON reports scanned different roots');
    const merged = sarif ? mergeSarif(documents as unknown as Log[]) : mergeJson(documents as unknown as JsonReport[]);
    const text = `${JSON.stringify(merged, null, 2)}\n`;
    if (values.output) writeFileSync(resolve(io.cwd, values.output), text);
    else io.stdout(text);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    io.stderr(`precedent merge: ${error.message}\n`);
    return 2;
  }
}
