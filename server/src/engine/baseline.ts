// The baseline: findings a team accepted when adopting Precedent, recorded by fingerprint
// (engine/fingerprint.ts) so that later scans report only new ones. Stored as sorted, stable
// JSON meant to be reviewed in git; paths are relative to the baseline file's folder, so the
// same file serves a scan started from any folder of the project.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { FINGERPRINT_VERSION } from './fingerprint';
import type { Finding, LintResult } from './types';

export const DEFAULT_BASELINE_FILE = '.precedent-baseline.json';
const BASELINE_FORMAT_VERSION = 1;

export interface BaselineEntry {
  path: string;
  ruleId: string;
  fingerprint: string;
  /** For the reviewer of the file; matching ignores it. */
  message: string;
}

interface BaselineDocument {
  version: number;
  fingerprintVersion: number;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/** Paths as the baseline file records them: relative to its folder, forward slashes. */
export function baselinePath(baselineFile: string, root: string, path: string): string {
  return relative(dirname(baselineFile), join(root, path)).split(sep).join('/');
}

/** A baseline entry's path relative to the scan root again. */
export function rootPath(baselineFile: string, root: string, entryPath: string): string {
  return relative(root, join(dirname(baselineFile), entryPath)).split(sep).join('/');
}

const key = (path: string, ruleId: string, fingerprint: string) => `${path}\0${ruleId}\0${fingerprint}`;

export class Baseline {
  private readonly byKey: Map<string, BaselineEntry>;

  constructor(
    readonly file: string,
    readonly entries: readonly BaselineEntry[],
  ) {
    this.byKey = new Map(entries.map((entry) => [key(entry.path, entry.ruleId, entry.fingerprint), entry]));
  }

  /** Reads a baseline file; a missing, unreadable or foreign one is a BaselineError naming the file. */
  static read(file: string): Baseline {
    let document: BaselineDocument;
    try {
      document = JSON.parse(readFileSync(file, 'utf8')) as BaselineDocument;
    } catch (error) {
      throw new BaselineError(`cannot read baseline ${file}: ${(error as Error).message}`);
    }
    if (document?.version !== BASELINE_FORMAT_VERSION || !Array.isArray(document.findings)) {
      throw new BaselineError(`${file} is not a Precedent baseline (version ${BASELINE_FORMAT_VERSION}); write one with --write-baseline`);
    }
    // A baseline of another fingerprint recipe matches nothing: every finding would look new.
    if (document.fingerprintVersion !== FINGERPRINT_VERSION) {
      throw new BaselineError(`${file} was written by a Precedent with other fingerprints (version ${document.fingerprintVersion}, now ${FINGERPRINT_VERSION}); write it again with --write-baseline`);
    }
    return new Baseline(file, document.findings);
  }

  has(root: string, path: string, finding: Finding): boolean {
    return this.byKey.has(key(baselinePath(this.file, root, path), finding.ruleId, finding.fingerprint));
  }
}

export interface BaselineOutcome {
  file: string;
  /** Findings in the baseline, left out of the results. */
  unchanged: { path: string; finding: Finding }[];
  /** Baseline entries no finding matched (fixed code, deleted files): the file can shrink. */
  absent: BaselineEntry[];
}

/**
 * Moves baselined findings out of the results. After a scan of part of the project (`complete`
 * false), entries of files outside it are neither matched nor absent.
 */
export function applyBaseline(root: string, results: readonly LintResult[], baseline: Baseline, complete: boolean): { results: LintResult[]; outcome: BaselineOutcome } {
  const outcome: BaselineOutcome = { file: baseline.file, unchanged: [], absent: [] };
  const matched = new Set<string>();
  const scanned = new Set<string>();
  const kept = results.map((result) => {
    const path = baselinePath(baseline.file, root, result.path);
    scanned.add(path);
    const findings = result.findings.filter((finding) => {
      if (!baseline.has(root, result.path, finding)) return true;
      matched.add(key(path, finding.ruleId, finding.fingerprint));
      outcome.unchanged.push({ path: result.path, finding });
      return false;
    });
    return findings.length === result.findings.length ? result : { ...result, findings };
  });
  outcome.absent = baseline.entries.filter((entry) => (complete || scanned.has(entry.path)) && !matched.has(key(entry.path, entry.ruleId, entry.fingerprint)));
  return { results: kept, outcome };
}

/**
 * The baseline file text for these results. Entries of files this scan did not cover (a scan of
 * some paths, changed files or one shard) are kept from `previous`.
 */
export function formatBaseline(file: string, root: string, results: readonly LintResult[], previous?: Baseline): string {
  const scanned = new Set(results.map((result) => baselinePath(file, root, result.path)));
  const entries: BaselineEntry[] = [
    ...(previous?.entries.filter((entry) => !scanned.has(entry.path)) ?? []),
    ...results.flatMap((result) =>
      result.findings.map((finding) => ({ path: baselinePath(file, root, result.path), ruleId: finding.ruleId, fingerprint: finding.fingerprint, message: finding.message })),
    ),
  ];
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort((a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
  const document: BaselineDocument = {
    version: BASELINE_FORMAT_VERSION,
    fingerprintVersion: FINGERPRINT_VERSION,
    findings: entries.map(({ path, ruleId, fingerprint, message }) => ({ path, ruleId, fingerprint, message })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
