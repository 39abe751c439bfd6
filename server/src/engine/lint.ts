// lint(text, path, config) → findings: the one function every face of Precedent calls.
import { anyKeyword, type ConfigVisitors, DEFAULT_CONTEXTS, IF_AN_IMPORT_STATES_FACTS, type JsVisitors, type MarkupVisitors, type OffsetRange, type ProjectFact, type ReportDescriptor, type Rule, type RuleContext, type Visitors } from '../../../rules/api';
import { rules as builtInRules } from '../../../rules/index';
import { parseConfig } from './config-adapter';
import { includesExamples, isSeverity, type PrecedentConfig, resolveRule } from './config';
import { asExampleFinding, type ContextDecision, fileContext } from './file-context';
import { dispatch, ParseError, parseScript, type ReusableTree, type ScriptSource } from './js-adapter';
import { KeywordScanner } from './keyword-scan';
import { fileKind, type FileKind } from './languages';
import { dispatchMarkup, parseMarkup } from './markup-adapter';
import { fingerprintFindings } from './fingerprint';
import { importSpecifiers } from './held-back';
import { findSuppressions, suppressionFor } from './suppressions';
import { LineIndex } from './text';
import { summarize } from './summary';
import type { EngineError, Finding, LintResult, PendingFinding } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRule = Rule<any>;

export interface LintOptions {
  rules?: readonly AnyRule[];
  /** Layers applied in order: the config file, then editor settings. */
  configs?: (PrecedentConfig | undefined)[];
  /** Files larger than this many UTF-16 code units are skipped and reported. */
  maxFileSize?: number;
  /** What the file is for, when the caller knows its package (scans); otherwise decided from the path alone. */
  context?: ContextDecision;
  /** The editor's last tree of this document: a JS/TS edit is re-parsed from it (js-adapter.ts). */
  reuse?: ReusableTree;
  /**
   * A whole-project scan that settles held-back files afterwards (held-back.ts): a file whose only
   * evidence is IF_AN_IMPORT_STATES_FACTS is not parsed, its result says which rules wait on it.
   */
  holdBack?: boolean;
}

export const DEFAULT_MAX_FILE_SIZE = 1_000_000;

const keywordPatterns = new WeakMap<AnyRule, RegExp>();
const contextPatterns = new WeakMap<AnyRule, RegExp | undefined>();

function keywordPattern(rule: AnyRule): RegExp {
  let pattern = keywordPatterns.get(rule);
  if (!pattern) {
    pattern = anyKeyword(rule.meta.keywords);
    keywordPatterns.set(rule, pattern);
  }
  return pattern;
}

/**
 * A rule's lowercase keywords without those containing another of its keywords: where the longer
 * one occurs the shorter one does too, so the rule is active either way, and the keyword scanner
 * is smaller (the integrations table lists many package names around a few product words).
 */
function essentialKeywords(rule: AnyRule): string[] {
  const keywords = rule.meta.keywords.map((keyword) => keyword.toLowerCase());
  return keywords.filter((keyword) => !keywords.some((other) => other !== keyword && keyword.includes(other)));
}

const keywordScanners = new WeakMap<readonly AnyRule[], KeywordScanner>();

/** Every rule's essential keywords, lowercase, in one scanner (keyword-scan.ts). */
function keywordScanner(rules: readonly AnyRule[]): KeywordScanner {
  let scanner = keywordScanners.get(rules);
  if (!scanner) {
    scanner = new KeywordScanner([...new Set(rules.flatMap((rule) => essentialKeywords(rule)))]);
    keywordScanners.set(rules, scanner);
  }
  return scanner;
}

/** The prefilter: the rule's keywords occur in the text (and its context, when it declares one, and its evidence). */
function hasEvidence(rule: AnyRule, text: string, path: string, kind: FileKind, keywords: Set<string>, context: ContextDecision): boolean | typeof IF_AN_IMPORT_STATES_FACTS {
  if (!(rule.meta.contexts ?? DEFAULT_CONTEXTS).includes(context.context)) return false;
  if (!rule.meta.keywords.some((keyword) => keywords.has(keyword.toLowerCase()))) return false;
  if (!contextPatterns.has(rule)) contextPatterns.set(rule, rule.meta.contextKeywords && anyKeyword(rule.meta.contextKeywords));
  if (contextPatterns.get(rule)?.test(text) === false) return false;
  return rule.meta.evidence?.(text, path, kind.adapter) ?? true;
}

function acceptsFile(rule: AnyRule, kind: FileKind): boolean {
  const languages = rule.meta.languages;
  if (kind.adapter === 'js') return languages.includes('js');
  if (kind.adapter === 'markup') return languages.includes('markup') || languages.includes('js');
  return languages.includes('config');
}

/** Minified bundles are generated code: long lines, few of them. Linting them only burns time. */
function looksMinified(text: string, lines: LineIndex): boolean {
  return text.length > 20_000 && text.length / lines.lineCount > 1_000;
}

/** The enabled rules whose evidence the file holds: the prefilter. `conditional`: only if an import states facts. */
function activeRules(text: string, path: string, kind: FileKind, options: LintOptions, context: ContextDecision) {
  const rules = options.rules ?? builtInRules;
  // The keywords of any rule that occur in the text, in one pass: most files of a project have none and stop here.
  const keywords = keywordScanner(rules).find(text);
  if (keywords.size === 0) return [];
  return rules
    .map((rule) => ({ rule, setting: resolveRule(rule, ...(options.configs ?? [])) }))
    .filter(({ rule, setting }) => isSeverity(setting.severity) && acceptsFile(rule, kind))
    .flatMap(({ rule, setting }) => {
      const evidence = hasEvidence(rule, text, path, kind, keywords, context);
      return evidence === false ? [] : [{ rule, setting, conditional: evidence === IF_AN_IMPORT_STATES_FACTS }];
    });
}

export function lintText(text: string, path: string, options: LintOptions = {}): LintResult {
  return lint(text, path, options, true)!;
}

/** The result when the prefilter alone decides it; undefined when the file needs a parse (scans send those to worker threads). */
export function lintWithoutParse(text: string, path: string, options: LintOptions = {}): LintResult | undefined {
  return lint(text, path, options, false);
}

function lint(text: string, path: string, options: LintOptions, parse: boolean): LintResult | undefined {
  const result: LintResult = { path, findings: [], suppressed: [], suppressions: [], errors: [], parsed: false };
  const kind = fileKind(path);
  if (!kind) return result;
  // Every result says the context it was linted in, skipped ones too: a cache reuses it only then.
  const fileUse = options.context ?? fileContext(path);
  if (fileUse.context !== 'production') result.context = fileUse;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > maxFileSize) {
    result.errors.push({ kind: 'skipped', message: `skipped: ${text.length} characters exceeds the ${maxFileSize} limit (maxFileSize)` });
    return result;
  }
  const active = activeRules(text, path, kind, options, fileUse);
  // Most files of a project stop here, before any per-line work.
  if (active.length === 0) return result;
  if (options.holdBack && active.every((entry) => entry.conditional)) {
    const factKinds = active.every(({ rule }) => rule.meta.readsFacts) ? [...new Set(active.flatMap(({ rule }) => rule.meta.readsFacts!))] : undefined;
    result.heldBack = { rules: active.map(({ rule }) => rule.meta.id), specifiers: importSpecifiers(text), ...(factKinds ? { factKinds } : {}) };
    return result;
  }
  if (!parse) return undefined;
  const lines = new LineIndex(text);
  if (kind.adapter === 'js' && looksMinified(text, lines)) {
    result.errors.push({ kind: 'skipped', message: 'skipped: looks minified (very long lines)' });
    return result;
  }
  result.parsed = true;

  const raw: Finding[] = [];
  const pending: PendingFinding[] = [];
  const asExample = fileUse.context === 'example' && !includesExamples(options.configs ?? []);
  const facts = new Map<string, ProjectFact>();
  const visitorSets = active.map(({ rule, setting }) => {
    const context: RuleContext<unknown> = {
      text,
      path,
      options: setting.options,
      report(descriptor: ReportDescriptor) {
        const finding = toFinding(rule, descriptor, setting.configured && isSeverity(setting.severity) ? setting.severity : undefined, lines);
        raw.push(asExample ? asExampleFinding(finding, fileUse) : finding);
      },
      getText: (range) => ('range' in range ? text.slice(range.range[0], range.range[1]) : text.slice(range.start, range.end)),
      addFact: (fact) => facts.set(JSON.stringify(fact), fact),
      pend({ start, end, needs, data, when, project, fixes }) {
        const configuredSeverity = setting.configured && isSeverity(setting.severity) ? setting.severity : undefined;
        const findingFixes = fixes?.length ? toFinding(rule, { start, end, message: '', fixes }, undefined, lines).fixes : undefined;
        const extra = { ...(configuredSeverity ? { configuredSeverity } : {}), ...(when ? { when } : {}), ...(asExample ? { example: fileUse } : {}), ...(project ? { project } : {}), ...(findingFixes ? { fixes: findingFixes } : {}) };
        pending.push({ ruleId: rule.meta.id, range: lines.rangeOf({ start, end }), offsets: { start, end }, fingerprint: '', ...extra, needs, data });
      },
    };
    return guard(rule, rule.create(context), result.errors, lines);
  });

  try {
    runAdapters(
      text,
      path,
      kind,
      visitorSets,
      active.map(({ rule }) => rule),
      result,
      lines,
      options.reuse,
    );
  } catch (error) {
    // Deeply nested input can exhaust the stack in a parser or a walk: the file is reported as
    // skipped with that reason, and the findings reported before it are kept.
    if (error instanceof RangeError && /call stack/i.test(error.message)) result.errors.push({ kind: 'skipped', message: 'skipped: nested too deeply to analyse (the parser ran out of stack)' });
    else result.errors.push({ kind: 'internal', message: `internal: ${error instanceof Error ? error.message : String(error)}` });
  }

  result.suppressions = findSuppressions(text, lines);
  raw.sort((a, b) => a.offsets.start - b.offsets.start || a.ruleId.localeCompare(b.ruleId));
  fingerprintFindings(text, lines, raw);
  // One finding per rule and snippet: two paths of a rule to the same code say it once. Findings
  // that wait on different project facts are alternatives the project step chooses between.
  const seen = new Set<string>();
  for (const finding of raw) {
    const key = `${finding.ruleId}:${finding.offsets.start}:${finding.offsets.end}:${JSON.stringify(finding.when ?? null)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const suppression = suppressionFor(result.suppressions, finding.ruleId, finding.range.start.line);
    if (suppression) result.suppressed.push({ finding, suppression });
    // Alone, a file knows no other file's facts: a finding that needs one to hold waits.
    else if (finding.when?.holds) (result.deferred ??= []).push(finding);
    else result.findings.push(finding);
  }
  if (facts.size > 0) result.facts = [...facts.values()];
  const waiting = pending.filter((entry) => !suppressionFor(result.suppressions, entry.ruleId, entry.range.start.line));
  fingerprintFindings(text, lines, waiting);
  if (waiting.length > 0) result.pending = waiting;
  return result;
}

function isStatementScoped(rule: AnyRule, path: string): boolean {
  const scoped = rule.meta.statementScoped;
  return typeof scoped === 'function' ? scoped(path) : scoped === true;
}

function runAdapters(text: string, path: string, kind: FileKind, visitorSets: Visitors[], active: readonly AnyRule[], result: LintResult, lines: LineIndex, reuse?: ReusableTree): void {
  const errors = result.errors;
  const jsVisitors = visitorSets.flatMap((visitors) => (visitors.js ? [visitors.js] : []));
  // Statements no active rule may need are not converted, when every rule allows it.
  const jsRules = active.filter((rule) => rule.meta.languages.includes('js'));
  const evidence = jsRules.every((rule) => isStatementScoped(rule, path)) ? new RegExp(jsRules.map((rule) => keywordPattern(rule).source).join('|'), 'i') : undefined;
  const parseAndDispatch = (source: ScriptSource, tree?: ReusableTree) => {
    try {
      // A JS/TS file's summary (its exports) comes from the whole file, before statements are pruned.
      const inspect = (file: Parameters<typeof summarize>[0]) => {
        const summary = kind.adapter === 'js' ? summarize(file) : undefined;
        if (summary) result.summary = summary;
      };
      dispatch(parseScript(source, evidence, inspect, tree), jsVisitors);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      errors.push({ kind: 'parse', message: `syntax error: ${error.message}`, range: lines.rangeOf({ start: error.offset, end: error.offset }) });
    }
  };
  if (kind.adapter === 'js') {
    if (jsVisitors.length > 0) parseAndDispatch({ offset: 0, code: text, typescript: kind.typescript, jsx: kind.jsx }, reuse);
    return;
  }
  if (kind.adapter === 'markup') {
    const document = parseMarkup(text, kind.dialect);
    dispatchMarkup(document, visitorSets.flatMap((visitors) => (visitors.markup ? [visitors.markup] : [])));
    if (jsVisitors.length > 0) for (const script of document.scripts) parseAndDispatch(script);
    return;
  }
  const configVisitors = visitorSets.flatMap((visitors) => (visitors.config ? [visitors.config] : []));
  if (configVisitors.length === 0) return;
  try {
    const pairs = parseConfig(text, kind.format);
    for (const pair of pairs) for (const visitors of configVisitors) visitors.pair?.(pair);
    for (const visitors of configVisitors) visitors['document:exit']?.();
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    errors.push({ kind: 'parse', message: `syntax error: ${error.message}`, range: lines.rangeOf({ start: error.offset, end: error.offset }) });
  }
}

function toFinding(rule: AnyRule, descriptor: ReportDescriptor, configuredSeverity: Finding['severity'] | undefined, lines: LineIndex): Finding {
  const edit = (range: OffsetRange) => lines.rangeOf(range);
  return {
    ruleId: rule.meta.id,
    family: rule.meta.family,
    // A severity set in the config wins; otherwise the rule may grade its own findings.
    severity: configuredSeverity ?? descriptor.severity ?? rule.meta.severity,
    message: descriptor.message,
    range: lines.rangeOf(descriptor),
    offsets: { start: descriptor.start, end: descriptor.end },
    decisions: descriptor.decisions ?? rule.meta.decisions,
    // Set once the file's findings are known (fingerprintFindings).
    fingerprint: '',
    ...(descriptor.when ? { when: descriptor.when } : {}),
    fixes: (descriptor.fixes ?? []).map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      edits: fix.edits.map((textEdit) => ({ range: edit(textEdit), offsets: { start: textEdit.start, end: textEdit.end }, newText: textEdit.newText })),
    })),
  };
}

/** A rule that throws loses its findings for this file, not the other rules theirs. */
function guard(rule: AnyRule, visitors: Visitors, errors: EngineError[], lines: LineIndex): Visitors {
  let failed = false;
  const wrap = <T extends (...args: never[]) => void>(handler: T | undefined): T | undefined =>
    handler &&
    ((((...args: Parameters<T>) => {
      if (failed) return;
      try {
        handler(...args);
      } catch (error) {
        failed = true;
        const node = args[0] as { range?: [number, number] } | undefined;
        errors.push({
          kind: 'rule',
          message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`,
          range: node?.range ? lines.rangeOf({ start: node.range[0], end: node.range[1] }) : undefined,
        });
      }
    }) as unknown) as T);
  const wrapAll = <V extends object>(set: V | undefined): V | undefined =>
    set && (Object.fromEntries(Object.entries(set).map(([key, handler]) => [key, wrap(handler as (...args: never[]) => void)])) as V);
  return {
    js: wrapAll<JsVisitors>(visitors.js),
    markup: wrapAll<MarkupVisitors>(visitors.markup),
    config: wrapAll<ConfigVisitors>(visitors.config),
  };
}
