// Lints a set of in-memory files, gives the project model the whole set (module resolution with
// `configs`, summaries read from the same texts) and returns one file's settled result.
import { lintText } from '../../server/src/engine/lint';
import { applyProjectFacts, completeSummaries, ProjectIndex } from '../../server/src/engine/project-index';
import { summarizeText } from '../../server/src/engine/summary';
import type { LintResult } from '../../server/src/engine/types';

export function settleProject(files: Record<string, string>, path: string, configs: ReadonlyMap<string, string> = new Map()): LintResult {
  const index = new ProjectIndex();
  index.setWorkspace(Object.keys(files), configs);
  const results = Object.entries(files).map(([file, text]) => lintText(text, file));
  for (const result of results) index.set(result.path, result.facts, result);
  completeSummaries(index, (file) => summarizeText(files[file] ?? '', file));
  return applyProjectFacts(results.find((result) => result.path === path)!, index);
}
