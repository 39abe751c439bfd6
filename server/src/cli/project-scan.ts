// The CLI's scan of a project, whole or in part. A part (explicit files, changed files, one
// shard) is linted fully; every other file of the project gets only the rules that state project
// facts (RuleMeta.statesFacts), so cross-file findings are settled exactly as in a full scan.
import { rules } from '../../../rules/index';
import type { ScanCache } from '../engine/cache';
import type { PrecedentConfig } from '../engine/config';
import { factDependents } from '../engine/fact-dependents';
import { projectIndexOf, settleHeldBack } from '../engine/project-files';
import { applyProjectFacts } from '../engine/project-index';
import { scanFiles } from '../engine/scan';
import type { LintResult } from '../engine/types';

export interface ProjectScan {
  root: string;
  /** Every file of the project, sorted. */
  files: string[];
  /** The files to report; undefined: all. */
  part?: string[];
  /** Also report files whose findings depend on the part's facts (changed-files scans). */
  withDependents?: boolean;
  configs: (PrecedentConfig | undefined)[];
  cache?: ScanCache;
  /** What the walk saw of package.json files (ProjectListing.packageManifests). */
  packageManifests?: ReadonlyMap<string, boolean>;
  threads?: number;
  timeBudgetMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Only the rules that state facts: every other one off. */
const FACTS_ONLY: PrecedentConfig = { rules: Object.fromEntries(rules.filter((rule) => !rule.meta.statesFacts).map((rule) => [rule.meta.id, 'off'])) };

/** Settled results of the reported files, in path order. */
export async function scanProject(scan: ProjectScan): Promise<LintResult[]> {
  // Nothing changed (or an empty shard): no facts pass either.
  if (scan.part?.length === 0) return [];
  // A whole-project scan holds back route files that only hand their request on, and parses those
  // whose imports turn out to matter once every file's facts are known (held-back.ts).
  const wholeProject = scan.part === undefined;
  /** `facts`: only the rules that state facts; `whole`: the whole project, held-back files settled afterwards. */
  const lint = (files: string[], { facts = false, whole = false } = {}) =>
    scanFiles({
      root: scan.root,
      files,
      // The facts pass runs without the cache: its configuration differs from the full lint's.
      configs: facts ? [...scan.configs, FACTS_ONLY] : scan.configs,
      cache: facts ? undefined : scan.cache,
      packageManifests: scan.packageManifests,
      threads: scan.threads,
      timeBudgetMs: scan.timeBudgetMs,
      prune: whole,
      holdBack: whole,
      onResult: (_, index, total) => scan.onProgress?.(index + 1, total),
    });
  const reported = new Map<string, LintResult>();
  for (const result of (await lint(scan.part ?? scan.files, { whole: wholeProject })).results) reported.set(result.path, result);
  const others = scan.part ? (await lint(scan.files.filter((file) => !reported.has(file)), { facts: true })).results : [];
  if (scan.withDependents) {
    const dependents = factDependents(reported.keys(), [...reported.values(), ...others]);
    for (const result of (await lint(dependents)).results) reported.set(result.path, result);
  }
  const index = projectIndexOf(scan.root, scan.files, [...others, ...reported.values()], undefined, scan.cache?.resolutions());
  if (wholeProject) {
    const relinted = await settleHeldBack(scan.root, index, reported.values(), async (paths) => (await lint(paths)).results);
    for (const [path, result] of relinted) reported.set(path, result);
  }
  const settled = [...reported.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((result) => applyProjectFacts(result, index));
  scan.cache?.rememberResolutions(index.resolutions());
  scan.cache?.save();
  return settled;
}

/** The files of shard `index` (1-based) of `count`: every count-th file of the sorted list. */
export function shardOf(files: readonly string[], index: number, count: number): string[] {
  return [...files].sort().filter((_, position) => position % count === index - 1);
}
