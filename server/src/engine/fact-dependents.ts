// Which other files' findings may change when some files change, read from the project facts
// (engine/project-index.ts): a file mounting a module (or a folder of modules) decides whether
// that module's routes are behind authentication, transitively; a controller decides the findings
// of the files routing to it; a global guard concerns every file with a conditional finding.
// Limits: only the facts the files state now are seen — a mount the change removed is not, so a
// file it used to protect is re-checked only when it is itself selected; a service two calls
// away from a route (reached through a controller) does not bring the route file in.
import type { ProjectFact } from '../../../rules/api';
import { moduleNames } from './project-index';
import type { LintResult } from './types';

const hasConditionalFindings = (result: LintResult) => Boolean(result.deferred?.length) || result.findings.some((finding) => finding.when);

/** Files of `results`, outside `changed`, whose findings may depend on the facts of the changed files. */
export function factDependents(changed: Iterable<string>, results: readonly LintResult[]): string[] {
  const factsByFile = new Map<string, readonly ProjectFact[]>(results.map((result) => [result.path, result.facts ?? []]));
  const fileByModule = new Map<string, string>();
  for (const result of results) for (const name of moduleNames(result.path)) fileByModule.set(name, result.path);
  // A route's finding is settled from the controller it names: a changed controller concerns its routers.
  const routersByModule = new Map<string, string[]>();
  for (const [path, facts] of factsByFile) for (const fact of facts) if (fact.kind === 'route') routersByModule.set(fact.module, [...(routersByModule.get(fact.module) ?? []), path]);
  const start = new Set(changed);
  const dependents = new Set<string>();
  const queue = [...start];
  const add = (path: string | undefined) => {
    if (path === undefined || start.has(path) || dependents.has(path)) return;
    dependents.add(path);
    queue.push(path);
  };
  while (queue.length > 0) {
    const path = queue.pop()!;
    for (const name of moduleNames(path)) for (const router of routersByModule.get(name) ?? []) add(router);
    for (const fact of factsByFile.get(path) ?? []) {
      // A use names its module by specifier, which only the project model resolves: not followed
      // here; nor a function's calls. A route depends on its controller, not the other way round.
      if (fact.kind === 'use' || fact.kind === 'function' || fact.kind === 'route') continue;
      // Template includes, site settings and upload providers are resolved by the project model too: every file with a conditional finding may depend on them.
      if (fact.kind === 'global-auth' || fact.kind === 'include' || fact.kind === 'emits-setting' || fact.kind === 'sets-setting' || fact.kind === 'remote-uploads') for (const result of results.filter(hasConditionalFindings)) add(result.path);
      // A folder mount (a file-routing loader) concerns every module under the folder.
      else if (fact.kind === 'mount' && fact.folder) for (const result of results.filter((each) => each.path.startsWith(`${fact.module}/`))) add(result.path);
      else add(fileByModule.get(fact.module));
    }
  }
  return [...dependents].sort();
}
