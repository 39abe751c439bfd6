// Which other files' findings may change when some files change, read from the project facts
// (engine/project-index.ts): a file mounting or routing to a module (or a folder of modules)
// decides whether that module's routes are behind authentication, transitively; a global guard
// concerns every file with a conditional finding. Limit: only the facts the files state now are seen — a mount the change
// removed is not, so a file it used to protect is re-checked only when it is itself selected.
import type { ProjectFact } from '../../../rules/api';
import { moduleNames } from './project-index';
import type { LintResult } from './types';

const hasConditionalFindings = (result: LintResult) => Boolean(result.deferred?.length) || result.findings.some((finding) => finding.when);

/** Files of `results`, outside `changed`, whose findings may depend on the facts of the changed files. */
export function factDependents(changed: Iterable<string>, results: readonly LintResult[]): string[] {
  const factsByFile = new Map<string, readonly ProjectFact[]>(results.map((result) => [result.path, result.facts ?? []]));
  const fileByModule = new Map<string, string>();
  for (const result of results) for (const name of moduleNames(result.path)) fileByModule.set(name, result.path);
  const start = new Set(changed);
  const dependents = new Set<string>();
  const queue = [...start];
  const add = (path: string | undefined) => {
    if (path === undefined || start.has(path) || dependents.has(path)) return;
    dependents.add(path);
    queue.push(path);
  };
  while (queue.length > 0) {
    for (const fact of factsByFile.get(queue.pop()!) ?? []) {
      // A use names its module by specifier, which only the project model resolves: not followed here.
      if (fact.kind === 'use') continue;
      if (fact.kind === 'global-auth') for (const result of results.filter(hasConditionalFindings)) add(result.path);
      // A folder mount (a file-routing loader) concerns every module under the folder.
      else if (fact.kind === 'mount' && fact.folder) for (const result of results.filter((each) => each.path.startsWith(`${fact.module}/`))) add(result.path);
      else add(fileByModule.get(fact.module));
    }
  }
  return [...dependents].sort();
}
