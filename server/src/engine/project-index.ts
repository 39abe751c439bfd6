// The project step: facts files state about themselves (LintResult.facts), kept per file so one
// changed file updates them, and the function that settles findings whose condition depends on
// other files (a router mounted behind authentication in app.js). Pure: no I/O, no parsing.
import type { ProjectCondition, ProjectFact } from '../../../rules/api';
import type { Finding, LintResult } from './types';

/** The module names a file answers to: `src/routes/docs.ts` → src/routes/docs; `…/index.js` also its folder. */
export function moduleNames(path: string): string[] {
  const bare = path.replace(/\.(?:[cm]?[jt]sx?)$/, '');
  return bare.endsWith('/index') ? [bare, bare.slice(0, -'/index'.length)] : [bare];
}

/** A folder mount (a file-routing loader) is keyed `folder/`, so only the modules under it match it. */
function mountKey(fact: Extract<ProjectFact, { kind: 'mount' }>): string {
  return fact.folder ? `${fact.module}/` : fact.module;
}

/** `src/api/system/download.js` → src/api/system, src/api, src. */
function enclosingFolders(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('/'));
}

export class ProjectIndex {
  private readonly factsByFile = new Map<string, ProjectFact[]>();
  /** module → the files mounting it, with whether that mount has authentication in front. */
  private readonly mountsByModule = new Map<string, Map<string, boolean>>();
  /** `module#export` → the routes pointing at that controller function. */
  private readonly routesByHandler = new Map<string, { file: string; authenticated: boolean; permission: boolean }[]>();
  /** Files registering a global authentication guard, with the URL paths it covers (undefined: all). */
  private readonly globalAuth = new Map<string, RegExp[] | undefined>();

  /** Replaces one file's facts; returns whether they changed (others' findings may then change). */
  set(path: string, facts: readonly ProjectFact[] | undefined): boolean {
    const before = JSON.stringify(this.factsByFile.get(path) ?? []);
    if (before === JSON.stringify(facts ?? [])) return false;
    this.remove(path);
    if (!facts?.length) return true;
    this.factsByFile.set(path, [...facts]);
    for (const fact of facts) {
      if (fact.kind === 'global-auth') {
        this.globalAuth.set(path, fact.matchers?.map(compileMatcher));
        continue;
      }
      if (fact.kind === 'route') {
        const key = `${fact.module}#${fact.export}`;
        this.routesByHandler.set(key, [...(this.routesByHandler.get(key) ?? []), { file: path, authenticated: fact.authenticated, permission: fact.permission }]);
        continue;
      }
      const mounts = this.mountsByModule.get(mountKey(fact)) ?? new Map<string, boolean>();
      // A file mounting the module twice is behind auth only if both mounts are.
      mounts.set(path, (mounts.get(path) ?? true) && fact.behindAuth);
      this.mountsByModule.set(mountKey(fact), mounts);
    }
    return true;
  }

  remove(path: string): boolean {
    const facts = this.factsByFile.get(path);
    if (!facts) return false;
    this.factsByFile.delete(path);
    this.globalAuth.delete(path);
    for (const fact of facts) {
      if (fact.kind === 'global-auth') continue;
      if (fact.kind === 'route') {
        const key = `${fact.module}#${fact.export}`;
        const left = (this.routesByHandler.get(key) ?? []).filter((route) => route.file !== path);
        if (left.length > 0) this.routesByHandler.set(key, left);
        else this.routesByHandler.delete(key);
        continue;
      }
      const mounts = this.mountsByModule.get(mountKey(fact));
      mounts?.delete(path);
      if (mounts?.size === 0) this.mountsByModule.delete(mountKey(fact));
    }
    return true;
  }

  /**
   * True when the file is mounted somewhere and every mount is behind authentication, either
   * directly or because the mounting file is itself only reachable behind authentication.
   */
  mountedBehindAuth(path: string, seen = new Set<string>()): boolean {
    if (seen.has(path)) return false;
    seen.add(path);
    const names = [...moduleNames(path), ...enclosingFolders(path).map((folder) => `${folder}/`)];
    const mounts = names.flatMap((name) => [...(this.mountsByModule.get(name) ?? [])]);
    return mounts.length > 0 && mounts.every(([mountingFile, behindAuth]) => behindAuth || this.mountedBehindAuth(mountingFile, seen));
  }

  holds(condition: ProjectCondition): boolean {
    return this.value(condition) === condition.holds;
  }

  private value(condition: ProjectCondition): boolean {
    if (condition.fact === 'global-auth') return this.coveredByGlobalAuth(condition.url);
    if (condition.fact === 'mounted-behind-auth') return this.mountedBehindAuth(condition.module);
    const routes = moduleNames(condition.module).flatMap((name) => this.routesByHandler.get(`${name}#${condition.export}`) ?? []);
    const authenticated = (route: (typeof routes)[number]) => route.authenticated || this.mountedBehindAuth(route.file) || this.coveredByGlobalAuth(undefined);
    if (condition.fact === 'routed-without-auth') return routes.some((route) => !authenticated(route));
    return routes.length > 0 && routes.every(authenticated) && routes.some((route) => !route.permission);
  }

  private coveredByGlobalAuth(url: string | undefined): boolean {
    for (const matchers of this.globalAuth.values()) {
      if (!matchers || (url !== undefined && matchers.some((matcher) => matcher.test(url)))) return true;
    }
    return false;
  }
}

/** A matcher source that does not compile matches everything: when unsure, silence. */
function compileMatcher(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    return /(?:)/;
  }
}

/**
 * The findings of one file once the project's facts are known. Idempotent: conditional findings
 * are re-sorted between `findings` and `deferred` from both lists, so it can be re-applied after
 * any other file's facts changed.
 */
export function applyProjectFacts(result: LintResult, index: ProjectIndex): LintResult {
  // Most results have nothing conditional: answer them without allocating.
  if (!result.deferred?.length && !result.findings.some((finding) => finding.when)) return result;
  const conditional = [...result.findings, ...(result.deferred ?? [])];
  const findings: Finding[] = [];
  const deferred: Finding[] = [];
  for (const finding of conditional) (!finding.when || index.holds(finding.when) ? findings : deferred).push(finding);
  findings.sort((a, b) => a.offsets.start - b.offsets.start || a.ruleId.localeCompare(b.ruleId));
  return { ...result, findings, deferred };
}
