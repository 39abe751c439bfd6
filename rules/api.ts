// The contract between the engine and the rules. Rules know nothing of files on disk, editors
// or output formats: they receive parsed nodes and report findings with offsets into the text.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Element } from 'domhandler';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/**
 * What a file is for, decided by the engine from its path and package (server/src/engine/file-context.ts):
 * shipped code, an example or demo (reported as information by default), a test, generated code.
 */
export type FileContext = 'production' | 'example' | 'test' | 'generated';

/** Where rules run unless they say otherwise: tests create weak passwords, fake routes and tracker stubs on purpose. */
export const DEFAULT_CONTEXTS: readonly FileContext[] = ['production', 'example'];

export type Family =
  | 'password-policy'
  | 'password-storage'
  | 'consent-trackers'
  | 'document-access-control'
  | 'prospecting-consent';

/** What a rule can look at. `js` covers JS/TS/JSX/TSX and script blocks of HTML, Vue and Svelte. */
export type RuleLanguage = 'js' | 'markup' | 'config';

/** A half-open range of UTF-16 code-unit offsets into the file's text. */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface TextEdit extends OffsetRange {
  newText: string;
}

export interface Fix {
  /** Shown as the quick-fix title, e.g. "Raise the minimum length to 12". */
  title: string;
  edits: TextEdit[];
  /** Safe fixes may be applied without review (fix-all, code actions on save). */
  safe: boolean;
}

export interface ReportDescriptor extends OffsetRange {
  message: string;
  /** Overrides the rule's configured severity for this finding (e.g. entropy tiers). */
  severity?: Severity;
  fixes?: Fix[];
  /** Decision ids when a finding needs a different order than the rule's default list. */
  decisions?: string[];
  /**
   * A finding that facts of OTHER files may answer: it stands only when the fact's value equals
   * `holds`. Single-file linting assumes every such fact false; the project step
   * (server/src/engine/project-index.ts) decides with the workspace's facts.
   */
  when?: ProjectCondition;
}

/**
 * Plain-JSON facts a file states about itself for cross-file rules (cached with its result).
 * `mount`: this file mounts the module at `module` (workspace-relative path, no extension), with or
 * without authentication in front of it (route middleware, `app.use(auth)` earlier, …); with
 * `folder`, every module under that folder (a file-routing loader, fastify-autoload).
 * `specifier`: the import as written; the engine resolves it (aliases, index files, workspace
 * packages) and falls back to `module`, the rule's reading of a relative path.
 */
export type ProjectFact =
  | { kind: 'mount'; module: string; behindAuth: boolean; folder?: boolean; specifier?: string }
  /** A route of this file whose handler is `export` of `module` (a controller): its findings depend on that module's `function` facts. */
  | { kind: 'route'; module: string; export: string; specifier?: string }
  /**
   * A function this file exports (`default` for `module.exports = fn`), as a rule reads it: `effects`
   * is the rule's own JSON; `calls` are the imported functions it hands its work to, which the project
   * step resolves and follows (ResolvedFunction) for pending findings that need the export.
   */
  | { kind: 'function'; export: string; effects: JsonValue; calls?: ImportedRef[] }
  /** `matchers`: the URL paths covered, as Next.js middleware `config.matcher` writes them (path-to-regexp syntax); none = every route. */
  | { kind: 'global-auth'; matchers?: string[] }
  /** This file calls or renders `export` of the module `specifier` names, under a consent gate or not (a callback for a consent event counts as gated). */
  | { kind: 'use'; specifier: string; export: string; gated: boolean }
  /**
   * This template includes the one `template` names (`{% include x %}`, `{{ partial "x" . }}`,
   * `{{> x}}`), under a consent gate or not; `condition`: the other template condition around it
   * (an environment, a site setting). The engine finds the file by the syntax's conventions.
   */
  | { kind: 'include'; template: string; syntax: TemplateSyntax; gated: boolean; condition?: string; scriptCondition?: string }
  /** This template emits a tracker the site-config `setting` switches on (keys lower-cased, without `_`/`-`: `services.googleanalytics.id`). */
  | { kind: 'emits-setting'; setting: string }
  /** This site config sets `setting` (as in `emits-setting`), written `key`. */
  | { kind: 'sets-setting'; setting: string; key: string }
  /** A CMS configuration names an upload provider that stores files elsewhere than the app's public folder (Strapi `upload.config.provider`). */
  | { kind: 'remote-uploads'; provider: string };

/** How a template names another: Liquid/Nunjucks/Jinja/Twig `{% include %}`, Go templates (Hugo), Handlebars `{{> }}`, EJS `include()`. */
export type TemplateSyntax = 'liquid' | 'go' | 'handlebars' | 'ejs';

/**
 * `mounted-behind-auth`: every place that mounts `module` (or a folder holding it) puts authentication in front of it
 * (transitively). `global-auth`: some file registers an authentication guard for every route
 * (NestJS APP_GUARD, useGlobalGuards).
 */
/**
 * How other files use `export` of `module` (`use` facts): `used` by any, `used-ungated` by one
 * without a consent gate, `used-only-gated` by some and always behind one.
 */
export type ExportUseFact = 'used' | 'used-ungated' | 'used-only-gated';

export interface ProjectCondition {
  /**
   * `included`: some template includes the template `module`, or a site config sets a setting it emits;
   * `setting-emitted`: a template of the site at `module` emits the setting `export`; `template-found`:
   * the Hugo template name `export` resolves from `module` to a project file (a site's override).
   */
  fact: 'mounted-behind-auth' | 'global-auth' | 'remote-uploads' | ExportUseFact | 'included' | 'setting-emitted' | 'template-found';
  module: string;
  /** For the use facts: the export of `module`. */
  export?: string;
  /** The route's URL path, for global guards limited to some paths (Next.js middleware matchers). */
  url?: string;
  holds: boolean;
  /** A second condition the finding also needs. */
  and?: ProjectCondition;
}

export interface RuleDocs {
  /** Why it matters, in one paragraph; cites the decisions' failings, never invented facts. */
  why: string;
  /** How to fix it. */
  fix: string;
  /** A short example that triggers the rule, and its corrected version. */
  invalid: string;
  valid: string;
  /** The frameworks, APIs and sinks the rule recognises (Markdown, one paragraph), when it matters to know. */
  recognises?: string;
}

/**
 * An `evidence` answer: the file matters to the rule only if a module it imports (directly or through
 * re-exports) states facts or pending findings — a route handing its request to imported
 * functions, which only matters when one of them serves a file. A whole-project scan then parses the
 * file only if one does (server/src/engine/held-back.ts); the editor and partial scans parse it anyway.
 */
export const IF_AN_IMPORT_STATES_FACTS = 'if-an-import-states-facts';

export interface RuleMeta<Options> {
  /** Stable kebab-case id, used in config, suppressions and diagnostics' `code`. */
  id: string;
  family: Family;
  title: string;
  severity: Severity;
  /** Registry ids, most relevant first; the first one's URL is the diagnostic link. */
  decisions: string[];
  languages: RuleLanguage[];
  /**
   * Cheap evidence for the prefilter: a file in which none of these (case-insensitive) occurs
   * is never parsed for this rule.
   */
  keywords: string[];
  /**
   * Optional second prefilter condition: the file must ALSO contain one of these (e.g. a refusal
   * handler only matters in a file that deals with consent at all).
   */
  contextKeywords?: string[];
  /**
   * A sharper prefilter, run only when the keywords matched: text and path, no parse (e.g. "a
   * tracker host occurs in a URL", "routing calls matter only with a relative import"). It must
   * return true whenever the rule could report or state a fact for the file — or
   * IF_AN_IMPORT_STATES_FACTS when all the rule could do there concerns modules the file imports.
   */
  evidence?(text: string, path: string, language: RuleLanguage): boolean | typeof IF_AN_IMPORT_STATES_FACTS;
  /** The file contexts the rule runs in (default DEFAULT_CONTEXTS); elsewhere its files are never parsed for it. */
  contexts?: readonly FileContext[];
  /**
   * The rule may call addFact. Scans of part of a project (changed files, one shard) still run
   * such rules on every file, so that the project's facts stay complete.
   */
  statesFacts?: boolean;
  /**
   * The kinds of other files' facts this rule's findings depend on (unset: any). A file held back
   * for the rule (IF_AN_IMPORT_STATES_FACTS) is parsed only when an import reaches a file stating
   * one of these, or one with pending or fact-settled findings of the rule.
   */
  readsFacts?: readonly ProjectFact['kind'][];
  docs: RuleDocs;
  /**
   * True (or true for the path) when everything the rule's JS visitors need lies in top-level
   * statements the engine keeps: those containing one of its keywords, those using a name such a
   * statement declares, the declarations kept statements refer to (transitively), and imports,
   * export lists, literal constants and aliases, `module.exports` assignments and plain calls
   * (server/src/engine/pruning.ts). The engine then converts only those.
   * Leave unset for rules that need statements none of these reach.
   */
  statementScoped?: boolean | ((path: string) => boolean);
  defaultOptions: Options;
  /** JSON Schema of the options object; merged into the shipped `.precedent.json` schema. */
  optionsSchema: Record<string, unknown>;
}

export type EstreeNode = TSESTree.Node;
type NodeOfType<K extends TSESTree.Node['type']> = Extract<TSESTree.Node, { type: K }>;

/**
 * ESTree visitors keyed by node type, called in source order during the single walk. When a
 * handler runs, `parent` is set on its node and every ancestor; descendants get theirs as the walk
 * reaches them, so work that climbs up from descendants belongs in `Program:exit`.
 */
export type JsVisitors = {
  [K in TSESTree.Node['type']]?: (node: NodeOfType<K>) => void;
} & {
  /** Called once per program after all its nodes were visited. */
  'Program:exit'?: (program: TSESTree.Program) => void;
};

/** An attribute of a markup element with the offsets of its name and (unquoted) value. */
export interface MarkupAttribute {
  name: string;
  value: string;
  nameRange: OffsetRange;
  /** Offsets of the value without its quotes; empty range after the name when there is no value. */
  valueRange: OffsetRange;
}

export interface MarkupElement {
  /** Lower-case tag name. */
  name: string;
  attributes: MarkupAttribute[];
  attribute(name: string): MarkupAttribute | undefined;
  /** The whole element, start tag to end tag. */
  range: OffsetRange;
  /** The start tag only. */
  startTagRange: OffsetRange;
  /** The raw text between the start and end tags (inline scripts, noscript bodies). */
  innerText: string;
  innerRange: OffsetRange;
  /** Enclosing elements, nearest first. */
  ancestors(): MarkupElement[];
  /** The htmlparser2 node, for rules that need more. */
  node: Element;
}

export interface MarkupVisitors {
  element?: (element: MarkupElement) => void;
  'document:exit'?: () => void;
}

export type ConfigFormat = 'json' | 'yaml' | 'toml' | 'env' | 'hcl';

/** A scalar leaf of a configuration document, with the path of keys that leads to it. */
export interface ConfigPair {
  format: ConfigFormat;
  /** Keys from the root; array items appear as their index (as a string). */
  path: string[];
  key: string;
  value: string | number | boolean | null;
  keyRange: OffsetRange;
  valueRange: OffsetRange;
}

export interface ConfigVisitors {
  pair?: (pair: ConfigPair) => void;
  'document:exit'?: () => void;
}

export interface Visitors {
  js?: JsVisitors;
  markup?: MarkupVisitors;
  config?: ConfigVisitors;
}

export interface RuleContext<Options> {
  /** The whole file's text (the same text all offsets point into). */
  readonly text: string;
  /** Workspace-relative path with forward slashes, for rules that care (test files, route files). */
  readonly path: string;
  readonly options: Options;
  report(descriptor: ReportDescriptor): void;
  /** Source text of a node or range. */
  getText(range: OffsetRange | { range: [number, number] }): string;
  /** States a fact about this file for the project step (duplicates are merged). */
  addFact(fact: ProjectFact): void;
  /**
   * A finding whose judgement needs values other modules export (an imported constant): the
   * project step resolves `needs` and calls the rule's `settle`. Alone, a file reports nothing.
   */
  pend(pending: PendingReport): void;
}

/** A value another module exports, named as the importing file names it. */
export interface ImportedRef {
  /** The specifier as written: `./config`, `@/lib/constants`, `#config`, `@acme/shared`. */
  specifier: string;
  /** The exported name: `default` for a default import, `*` for the module object (namespace, `require`). */
  name: string;
  /** Properties read from it: `config.password.minLength` → ['password', 'minLength']. */
  members?: string[];
}

/** A constant value a module exports, as per-file summaries record it (plain JSON). */
export type ConstantValue =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'object'; properties: Record<string, ConstantValue> }
  /**
   * A function that wraps the function it is given (a higher-order route wrapper such as
   * `withAuth(handler)`): the names it calls or constructs, and whether it answers 401/unauthorized.
   */
  | { kind: 'wrapper'; calls: string[]; denies: boolean };

/**
 * An imported function the project step found through `function` facts: the file that exports it,
 * the export name, the effects its rule stated, and the functions it calls, resolved the same way
 * in the order of the fact's `calls` (undefined: not found, or a cycle).
 */
export interface ResolvedFunction {
  kind: 'function';
  file: string;
  name: string;
  effects: JsonValue;
  calls: (ResolvedFunction | undefined)[];
}

/** An imported value the project step found, with the file that declares it (for messages). */
export type ResolvedValue = (ConstantValue & { file: string }) | ResolvedFunction;

/** JSON data a rule keeps with a pending finding, for its `settle`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface PendingReport extends OffsetRange {
  needs: ImportedRef[];
  data: JsonValue;
  /** Like ReportDescriptor.when: the settled finding stands only when this project condition does. */
  when?: ProjectCondition;
  /** The settle also needs how templates include this file (`includes`) and which site configs set these settings. */
  project?: { includes?: boolean; settings?: string[] };
  fixes?: Fix[];
}

/** A template including another, as the project step sees it: `gated` when this include, or every way to reach it, is behind consent. */
export interface IncludeSite {
  file: string;
  gated: boolean;
  /** The non-consent template condition around the include (`jekyll.environment == 'production'`). */
  condition?: string;
  /** The condition of the inline script around the include, not recognised as a consent check (`readCookie('notice') == 'true'`). */
  scriptCondition?: string;
}

/** What the project step tells `settle` besides imported values (PendingReport.project). */
export interface ProjectContext {
  includes: IncludeSite[];
  /** Site configs of the same site setting one of the asked settings. */
  settings: { file: string; setting: string; key: string }[];
}

/** What `settle` makes of a pending finding once its values are known (its range is the pending one). */
export type SettledReport = Pick<ReportDescriptor, 'message' | 'severity' | 'decisions'>;

export interface Rule<Options = Record<string, never>> {
  meta: RuleMeta<Options>;
  create(context: RuleContext<Options>): Visitors;
  /**
   * Judges a pending finding (RuleContext.pend) with the values its `needs` resolved to, in the
   * same order (undefined: not found, also when none was). Pure: no I/O; undefined reports nothing.
   */
  settle?(data: JsonValue, values: (ResolvedValue | undefined)[], project: ProjectContext): SettledReport | undefined;
}

/** Identity helper that keeps the options type flowing from meta into create(). */
export function createRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

/** The case-insensitive pattern matching any of the keywords, as the prefilter tests them. */
export function anyKeyword(keywords: string[]): RegExp {
  return new RegExp(keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
}

/** Offsets of an ESTree node. */
export function rangeOf(node: { range: [number, number] }): OffsetRange {
  return { start: node.range[0], end: node.range[1] };
}

/** Where the line holding `offset` starts: after the last `\n` or lone `\r` before it (CR-only files too). */
export function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}
