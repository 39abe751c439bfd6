// The project step: facts files state about themselves (LintResult.facts) and their summaries
// (what they export), kept per file so one changed file updates them, and the function that
// settles findings that depend on other files: a router mounted behind authentication in app.js,
// a password check against a constant another module exports, a route whose handler (or the
// service it calls) lives in other modules. Pure: no I/O; the callers hand it
// the workspace's file list and config texts, and read the files a summary is missing for.
import type { ImportedRef, IncludeSite, ProjectCondition, ProjectContext, ProjectFact, ResolvedFunction, ResolvedValue, Rule } from '../../../rules/api';
import { rules as builtInRules } from '../../../rules/index';
import { asExampleFinding } from './file-context';
import { isResolverConfig, ModuleResolver, type Resolutions } from './module-resolution';
import { compilePathMatcher, type PathMatcher } from './path-matcher';
import type { FileSummary } from './summary';
import { TemplateResolver } from './template-resolution';
import type { Finding, LintResult, PendingFinding } from './types';

/** Re-exports, aliases and function calls followed from an import (cycles stop earlier). */
const MAX_HOPS = 8;

interface FactMaps {
  /** module → the files mounting it, with whether that mount has authentication in front. */
  mountsByModule: Map<string, Map<string, boolean>>;
  /** `file#export` → what a rule states about that exported function. */
  functions: Map<string, Extract<ProjectFact, { kind: 'function' }>>;
  /** Files registering a global authentication guard, with the URL paths it covers (undefined: all). */
  globalAuth: Map<string, PathMatcher[] | undefined>;
  /** `module#export` → whether each use of it in other files is behind a consent gate. */
  usesByExport: Map<string, boolean[]>;
  /** Template → the templates including it, each include with its gate and condition. */
  includesByTemplate: Map<string, IncludeSite[]>;
  /** Templates emitting a tracker a site setting switches on, and the site configs setting one. */
  settingEmitters: { file: string; setting: string }[];
  settingSetters: ProjectContext['settings'];
  /** Some configuration stores uploads with a provider other than the local public folder. */
  remoteUploads: boolean;
}

/** Which facts and findings matter to a question (statesFacts): facts of `factKinds` (undefined: any kind), findings of `rules`. */
export interface FactInterest {
  factKinds?: ReadonlySet<string>;
  rules: ReadonlySet<string>;
}

/** What a file's lint result gives the project model besides its facts. */
export type FileModel = Partial<Pick<LintResult, 'summary' | 'pending' | 'findings' | 'deferred'>>;

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
  private maps: FactMaps | undefined;
  private readonly summaries = new Map<string, FileSummary>();
  private readonly pendingByFile = new Map<string, PendingFinding[]>();
  /** File → the rules with a finding there that holds or not on other files' facts (`when`): a mount elsewhere may decide it. */
  private readonly conditional = new Map<string, Set<string>>();
  /** Files whose summary was looked for and that export nothing (not read again until they change). */
  private readonly withoutSummary = new Set<string>();
  /** Files whose summary some pending finding's value came through: only their changes re-settle others. */
  private readonly consulted = new Set<string>();
  /** Targets of imports whose summary is missing, found while settling (the caller may read them). */
  private readonly missing = new Set<string>();
  private workspace: { files: Set<string>; configs: ReadonlyMap<string, string>; remembered?: Resolutions } | undefined;
  private resolver: ModuleResolver | undefined;
  private templates: TemplateResolver | undefined;
  private readonly settled = new WeakMap<PendingFinding, { key: string; finding: Finding | undefined }>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly rulesById: Map<string, Rule<any>>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(rules: readonly Rule<any>[] = builtInRules) {
    this.rulesById = new Map(rules.map((rule) => [rule.meta.id, rule]));
  }

  /**
   * The workspace's files and the texts of its tsconfig/jsconfig/package.json files, for module
   * resolution. Without them, the files the index was given are the workspace (tests, one file).
   */
  setWorkspace(files: Iterable<string>, configs: ReadonlyMap<string, string>, remembered?: Resolutions): void {
    this.workspace = { files: new Set(files), configs, remembered };
    this.resolver = undefined;
    this.templates = undefined;
    this.maps = undefined;
  }

  /**
   * A file created, deleted or (for tsconfig/jsconfig/package.json) changed since the workspace
   * was listed: module resolution starts over with it. `configText`: the config's new text.
   */
  updateFile(path: string, exists: boolean, configText?: string): void {
    if (!this.workspace) return;
    if (exists) this.workspace.files.add(path);
    else this.workspace.files.delete(path);
    if (isResolverConfig(path)) {
      const configs = new Map(this.workspace.configs);
      if (exists && configText !== undefined) configs.set(path, configText);
      else configs.delete(path);
      this.workspace.configs = configs;
    }
    this.resolver = undefined;
    this.templates = undefined;
    this.maps = undefined;
  }

  private knownFiles(): Set<string> {
    return this.workspace?.files ?? new Set([...this.summaries.keys(), ...this.pendingByFile.keys(), ...this.factsByFile.keys(), ...this.withoutSummary]);
  }

  private moduleResolver(): ModuleResolver {
    this.resolver ??= new ModuleResolver(this.knownFiles(), this.workspace?.configs ?? new Map(), this.workspace?.remembered);
    return this.resolver;
  }

  /** The module resolutions made so far, for a cache to remember; undefined when none was needed. */
  resolutions(): Resolutions | undefined {
    return this.resolver?.resolutions();
  }

  private templateResolver(): TemplateResolver {
    this.templates ??= new TemplateResolver(this.knownFiles());
    return this.templates;
  }

  /**
   * Replaces one file's facts, summary and pending findings; returns whether facts or summary
   * changed (other files' findings may then change).
   */
  set(path: string, facts: readonly ProjectFact[] | undefined, model: FileModel = {}): boolean {
    const known = this.summaries.has(path) || this.pendingByFile.has(path) || this.factsByFile.has(path) || this.withoutSummary.has(path);
    if (!known && !this.workspace) {
      this.resolver = undefined;
      this.templates = undefined;
      this.maps = undefined;
    }
    if (model.pending?.length) this.pendingByFile.set(path, model.pending);
    else this.pendingByFile.delete(path);
    const conditionalRules = new Set([...(model.findings ?? []), ...(model.deferred ?? [])].flatMap((finding) => (finding.when ? [finding.ruleId] : [])));
    if (conditionalRules.size > 0) this.conditional.set(path, conditionalRules);
    else this.conditional.delete(path);
    this.withoutSummary.delete(path);
    const summaryChanged = this.consulted.has(path) && JSON.stringify(this.summaries.get(path)) !== JSON.stringify(model.summary);
    if (model.summary) this.summaries.set(path, model.summary);
    else this.summaries.delete(path);
    return this.setFacts(path, facts) || summaryChanged;
  }

  /**
   * Whether a file states facts of `about`'s kinds, or has findings of its rules that are pending or
   * that other files' facts settle (held-back.ts: its importers may matter).
   */
  statesFacts(path: string, about: FactInterest): boolean {
    return (
      (this.factsByFile.get(path)?.some((fact) => !about.factKinds || about.factKinds.has(fact.kind)) ?? false) ||
      (this.pendingByFile.get(path)?.some((entry) => about.rules.has(entry.ruleId)) ?? false) ||
      [...(this.conditional.get(path) ?? [])].some((rule) => about.rules.has(rule))
    );
  }

  /** Whether any file states facts as statesFacts() reads them. */
  anyStatesFacts(about: FactInterest): boolean {
    return [...this.factsByFile.keys(), ...this.pendingByFile.keys(), ...this.conditional.keys()].some((path) => this.statesFacts(path, about));
  }

  /** The workspace file `specifier` names from `from`, or undefined (a dependency, a missing file). */
  resolveModule(from: string, specifier: string): string | undefined {
    return this.moduleResolver().resolve(from, specifier);
  }

  /** The summary of a file no rule parsed, read on demand because an import needs it. */
  setSummary(path: string, summary: FileSummary | undefined): void {
    this.missing.delete(path);
    if (summary) this.summaries.set(path, summary);
    else this.withoutSummary.add(path);
  }

  /** Files an import needs a summary of that no lint result gave (read them, then setSummary). */
  missingSummaries(): string[] {
    for (const [path, pending] of this.pendingByFile) for (const entry of pending) for (const ref of entry.needs) this.resolveValue(path, ref);
    return [...this.missing];
  }

  /** The constant an import names, followed through re-exports and aliases; undefined when unknown. */
  resolveValue(from: string, ref: ImportedRef, hops = 0, callers: ReadonlySet<string> = new Set()): ResolvedValue | undefined {
    if (hops > MAX_HOPS) return undefined;
    const target = this.moduleResolver().resolve(from, ref.specifier);
    return target === undefined ? undefined : this.exported(target, ref.name, ref.members ?? [], hops, callers);
  }

  private exported(file: string, name: string, members: string[], hops: number, callers: ReadonlySet<string>): ResolvedValue | undefined {
    this.consulted.add(file);
    const called = this.exportedFunction(file, name, members, hops, callers);
    if (called) return called;
    const summary = this.summaries.get(file);
    if (!summary) {
      if (!this.withoutSummary.has(file)) this.missing.add(file);
      return undefined;
    }
    // The module object (`import * as c`, `require('./c')`): its first member is the export.
    if (name === '*' || (name === 'default' && !summary.exports.default)) return members.length > 0 ? this.exported(file, members[0], members.slice(1), hops, callers) : undefined;
    const entry = summary.exports[name];
    if (!entry) {
      for (const specifier of summary.star ?? []) {
        const found = this.resolveValue(file, { specifier, name, members }, hops + 1, callers);
        if (found) return found;
      }
      return undefined;
    }
    if (entry.kind === 'ref') return this.resolveValue(file, { ...entry.ref, members: [...(entry.ref.members ?? []), ...members] }, hops + 1, callers);
    let value = entry;
    for (const member of members) {
      if (value.kind !== 'object' || !Object.hasOwn(value.properties, member)) return undefined;
      value = value.properties[member];
    }
    return { ...value, file };
  }

  /**
   * A function `file` exports that a rule stated a `function` fact for: `name`, or the module object's
   * member (`require('./x').download`, `module.exports = fn` called as the module), with the
   * functions it calls resolved in turn. A function already on the call path is a cycle: not followed.
   */
  private exportedFunction(file: string, name: string, members: string[], hops: number, callers: ReadonlySet<string>): ResolvedFunction | undefined {
    const { functions } = this.factMaps();
    const candidates = name === '*' || name === 'default' ? (members.length > 0 ? [[members[0], 1] as const, ['default', 0] as const] : [['default', 0] as const]) : [[name, 0] as const];
    for (const [exported, used] of candidates) {
      const fact = functions.get(`${file}#${exported}`);
      if (!fact || members.length > used) continue;
      const key = `${file}#${exported}`;
      if (callers.has(key)) return undefined;
      const path = new Set(callers).add(key);
      const calls = (fact.calls ?? []).map((call) => {
        const value = this.resolveValue(file, call, hops + 1, path);
        return value?.kind === 'function' ? value : undefined;
      });
      return { kind: 'function', file, name: exported, effects: fact.effects, calls };
    }
    return undefined;
  }

  /** A pending finding judged with the values its imports have now (the same object while they do not change). */
  settle(path: string, pending: PendingFinding): Finding | undefined {
    const rule = this.rulesById.get(pending.ruleId);
    if (!rule?.settle) return undefined;
    const values = pending.needs.map((ref) => this.resolveValue(path, ref));
    const project = this.projectContext(path, pending.project);
    const key = JSON.stringify([values, project]);
    const known = this.settled.get(pending);
    if (known?.key === key) return known.finding;
    const report = rule.settle(pending.data, values, project);
    const settled: Finding | undefined = report && {
      ruleId: rule.meta.id,
      family: rule.meta.family,
      severity: pending.configuredSeverity ?? report.severity ?? rule.meta.severity,
      message: report.message,
      range: pending.range,
      offsets: pending.offsets,
      decisions: report.decisions ?? rule.meta.decisions,
      fixes: pending.fixes ?? [],
      fingerprint: pending.fingerprint,
      needs: pending.needs,
    };
    const finding = settled && pending.example ? asExampleFinding(settled, pending.example) : settled;
    this.settled.set(pending, { key, finding });
    return finding;
  }


  private setFacts(path: string, facts: readonly ProjectFact[] | undefined): boolean {
    const before = JSON.stringify(this.factsByFile.get(path) ?? []);
    if (before === JSON.stringify(facts ?? [])) return false;
    if (facts?.length) this.factsByFile.set(path, [...facts]);
    else this.factsByFile.delete(path);
    this.maps = undefined;
    return true;
  }

  remove(path: string): boolean {
    const summaryMattered = this.summaries.delete(path) && this.consulted.has(path);
    const hadPending = this.pendingByFile.delete(path);
    this.conditional.delete(path);
    this.withoutSummary.delete(path);
    const hadFacts = this.factsByFile.delete(path);
    if (hadFacts) this.maps = undefined;
    return hadFacts || summaryMattered || hadPending;
  }

  /**
   * Mounts, routes and global guards by the module they name, resolved by the engine when the fact
   * carries the import's specifier. Rebuilt after a change: facts are few (routing files only).
   */
  private factMaps(): FactMaps {
    if (this.maps) return this.maps;
    const maps: FactMaps = { mountsByModule: new Map(), functions: new Map(), globalAuth: new Map(), usesByExport: new Map(), includesByTemplate: new Map(), settingEmitters: [], settingSetters: [], remoteUploads: false };
    for (const [path, facts] of this.factsByFile) {
      for (const fact of facts) {
        if (fact.kind === 'include') {
          for (const template of this.templateResolver().resolve(path, fact.template, fact.syntax)) {
            const site: IncludeSite = { file: path, gated: fact.gated, ...(fact.condition ? { condition: fact.condition } : {}), ...(fact.scriptCondition ? { scriptCondition: fact.scriptCondition } : {}) };
            maps.includesByTemplate.set(template, [...(maps.includesByTemplate.get(template) ?? []), site]);
          }
          continue;
        }
        if (fact.kind === 'emits-setting') {
          maps.settingEmitters.push({ file: path, setting: fact.setting });
          continue;
        }
        if (fact.kind === 'sets-setting') {
          maps.settingSetters.push({ file: path, setting: fact.setting, key: fact.key });
          continue;
        }
        if (fact.kind === 'global-auth') {
          maps.globalAuth.set(path, fact.matchers?.map(compileMatcher));
          continue;
        }
        if (fact.kind === 'use') {
          const module = this.moduleResolver().resolve(path, fact.specifier);
          const key = `${module}#${fact.export}`;
          if (module) maps.usesByExport.set(key, [...(maps.usesByExport.get(key) ?? []), fact.gated]);
          continue;
        }
        if (fact.kind === 'remote-uploads') {
          maps.remoteUploads = true;
          continue;
        }
        if (fact.kind === 'function') {
          maps.functions.set(`${path}#${fact.export}`, fact);
          continue;
        }
        // Routes matter to which files to re-check (fact-dependents.ts), not to settling.
        if (fact.kind === 'route') continue;
        const module = (fact.specifier && this.moduleResolver().resolve(path, fact.specifier)) || fact.module;
        const key = mountKey({ ...fact, module });
        const mounts = maps.mountsByModule.get(key) ?? new Map<string, boolean>();
        // A file mounting the module twice is behind auth only if both mounts are.
        mounts.set(path, (mounts.get(path) ?? true) && fact.behindAuth);
        maps.mountsByModule.set(key, mounts);
      }
    }
    return (this.maps = maps);
  }

  /**
   * True when the file is mounted somewhere and every mount is behind authentication, either
   * directly or because the mounting file is itself only reachable behind authentication.
   */
  mountedBehindAuth(path: string, seen = new Set<string>()): boolean {
    if (seen.has(path)) return false;
    seen.add(path);
    const { mountsByModule } = this.factMaps();
    const names = [path, ...moduleNames(path), ...enclosingFolders(path).map((folder) => `${folder}/`)];
    const mounts = names.flatMap((name) => [...(mountsByModule.get(name) ?? [])]);
    return mounts.length > 0 && mounts.every(([mountingFile, behindAuth]) => behindAuth || this.mountedBehindAuth(mountingFile, seen));
  }

  /**
   * The templates including `path`, each marked gated when its include is behind consent or when
   * every way to reach the including template is (up to MAX_HOPS templates up; a cycle is not a gate).
   */
  includeSites(path: string, depth = 0, seen = new Set<string>()): IncludeSite[] {
    const direct = this.factMaps().includesByTemplate.get(path) ?? [];
    if (depth > MAX_HOPS || seen.has(path)) return [];
    const inner = new Set(seen).add(path);
    return direct.map((site) => {
      if (site.gated) return site;
      const above = this.includeSites(site.file, depth + 1, inner);
      return above.length > 0 && above.every((reached) => reached.gated) ? { ...site, gated: true } : site;
    });
  }

  /** Some template includes `path`, or a site config of its site sets a setting it emits. */
  private includedOrSwitched(path: string): boolean {
    const maps = this.factMaps();
    if ((maps.includesByTemplate.get(path)?.length ?? 0) > 0) return true;
    const emitted = maps.settingEmitters.filter((emitter) => emitter.file === path);
    return emitted.length > 0 && maps.settingSetters.some((setter) => sameSite(setter.file, path) && emitted.some((emitter) => settingMatches(emitter.setting, setter.setting)));
  }

  private projectContext(path: string, asked: { includes?: boolean; settings?: string[] } | undefined): ProjectContext {
    const settings = asked?.settings ?? [];
    return {
      includes: asked?.includes ? this.includeSites(path) : [],
      settings: settings.length > 0 ? this.factMaps().settingSetters.filter((setter) => settings.some((read) => settingMatches(read, setter.setting)) && sameSite(setter.file, path)) : [],
    };
  }

  holds(condition: ProjectCondition): boolean {
    return this.value(condition) === condition.holds && (!condition.and || this.holds(condition.and));
  }

  private value(condition: ProjectCondition): boolean {
    if (condition.fact === 'global-auth') return this.coveredByGlobalAuth(condition.url);
    if (condition.fact === 'included') return this.includedOrSwitched(condition.module);
    if (condition.fact === 'template-found') return this.templateResolver().resolve(condition.module, condition.export ?? '', 'go').length > 0;
    if (condition.fact === 'setting-emitted') return this.factMaps().settingEmitters.some((emitter) => settingMatches(emitter.setting, condition.export ?? '') && sameSite(emitter.file, condition.module));
    if (condition.fact === 'mounted-behind-auth') return this.mountedBehindAuth(condition.module);
    if (condition.fact === 'remote-uploads') return this.factMaps().remoteUploads;
    const uses = this.factMaps().usesByExport.get(`${condition.module}#${condition.export}`) ?? [];
    if (condition.fact === 'used') return uses.length > 0;
    return condition.fact === 'used-ungated' ? uses.some((gated) => !gated) : uses.length > 0 && uses.every(Boolean);
  }

  private coveredByGlobalAuth(url: string | undefined): boolean {
    for (const matchers of this.factMaps().globalAuth.values()) {
      if (!matchers || (url !== undefined && matchers.some((matcher) => matcher.test(url)))) return true;
    }
    return false;
  }
}

/**
 * Where a site's sources start: the folder holding its `layouts/`, `_includes/`, `themes/` or
 * `config/`, else the file's folder (`docs/_config.yml` → docs).
 */
function siteRoot(path: string): string {
  const match = /^(?:(.*?)\/)??(?:themes|layouts|_layouts|_includes|config)\//.exec(path);
  return match ? (match[1] ?? '') : path.slice(0, Math.max(path.lastIndexOf('/'), 0));
}

/** A site config and a template belong together when one's site holds the other's (a theme's own example site, a docs folder using the theme). */
function sameSite(a: string, b: string): boolean {
  const [left, right] = [siteRoot(a), siteRoot(b)];
  return left === '' || right === '' || left === right || left.startsWith(`${right}/`) || right.startsWith(`${left}/`);
}

/** Whether a setting a site config sets is one a template reads (`with site.Config.Services.GoogleAnalytics` reads its `id`). */
function settingMatches(read: string, set: string): boolean {
  return set === read || set.startsWith(`${read}.`);
}

/** A matcher the engine does not support matches everything: when unsure, silence. */
function compileMatcher(matcher: string): PathMatcher {
  return compilePathMatcher(matcher) ?? { test: () => true };
}

/**
 * The findings of one file once the project's facts are known. Idempotent: conditional findings
 * are re-sorted between `findings` and `deferred` from both lists, so it can be re-applied after
 * any other file's facts changed.
 */
export function applyProjectFacts(result: LintResult, index: ProjectIndex): LintResult {
  // Most results have nothing conditional: answer them without allocating.
  if (!result.deferred?.length && !result.pending?.length && !result.findings.some((finding) => finding.when || finding.needs)) return result;
  // Findings settled from pending ones are settled again, from the pending list.
  const conditional = [...result.findings.filter((finding) => !finding.needs), ...(result.deferred ?? [])];
  const findings: Finding[] = [];
  const deferred: Finding[] = [];
  for (const finding of conditional) (!finding.when || index.holds(finding.when) ? findings : deferred).push(finding);
  for (const pending of result.pending ?? []) {
    const settled = index.settle(result.path, pending);
    if (settled && (!pending.when || index.holds(pending.when))) findings.push(settled);
  }
  findings.sort((a, b) => a.offsets.start - b.offsets.start || a.ruleId.localeCompare(b.ruleId));
  return { ...result, findings, deferred };
}

/**
 * Reads and summarises the files imports need that no lint result summarised (a constants module
 * without any rule's keyword), following further imports a few rounds. `summarizeFile` does the
 * reading: the disk for a scan, the editor's buffer for an open file.
 */
export function completeSummaries(index: ProjectIndex, summarizeFile: (path: string) => FileSummary | undefined): void {
  for (let round = 0; round < MAX_HOPS; round++) {
    const missing = index.missingSummaries();
    if (missing.length === 0) return;
    for (const path of missing) index.setSummary(path, summarizeFile(path));
  }
}
