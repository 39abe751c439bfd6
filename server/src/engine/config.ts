// `.precedent.json` (JSON with comments): rule severities and options, ignore globs. Validated
// with ajv against the schema generated from the rules' metadata (the same schema ships in the
// package for VS Code's jsonValidation). Invalid entries are reported and dropped; everything
// else still applies.
import Ajv, { type ErrorObject } from 'ajv';
import { createScanner, findNodeAtLocation, parse as parseJsonc, parseTree, type ParseError as JsonParseError, printParseErrorCode, type SyntaxKind } from 'jsonc-parser';
import type { Rule, Severity, SeveritySetting } from '../../../rules/api';
import { LineIndex } from './text';

export const CONFIG_FILE_NAME = '.precedent.json';
export const SEVERITY_SETTINGS: SeveritySetting[] = ['error', 'warning', 'info', 'off'];

export type RuleEntry = SeveritySetting | { severity?: SeveritySetting; options?: Record<string, unknown> };

export interface PrecedentConfig {
  rules?: Record<string, RuleEntry>;
  /** Globs (relative to the config file's folder) of files never linted. */
  ignore?: string[];
  /** Report findings in example and demo code at their rule's severity instead of as information. */
  includeExamples?: boolean;
}

export interface ConfigProblem {
  file: string;
  /** Dotted path of the offending key, e.g. `rules.weak-password-policy.severity`. */
  key: string;
  message: string;
  line?: number;
  character?: number;
}

export interface ResolvedRule {
  severity: SeveritySetting;
  /** True when a config layer set the severity: it then applies to every finding of the rule. */
  configured: boolean;
  options: Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRule = Rule<any>;

export function configSchema(rules: readonly AnyRule[]): Record<string, unknown> {
  const severity = { type: 'string', enum: SEVERITY_SETTINGS, description: 'error, warning, info, or off to disable the rule.' };
  const ruleProperties = Object.fromEntries(
    rules.map((rule) => [
      rule.meta.id,
      {
        description: `${rule.meta.title} (default: ${rule.meta.severity}).`,
        anyOf: [
          severity,
          {
            type: 'object',
            additionalProperties: false,
            properties: { severity, options: { ...rule.meta.optionsSchema, type: 'object', additionalProperties: false } },
          },
        ],
      },
    ]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Precedent configuration (.precedent.json)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: { type: 'object', description: 'Severity and options per rule id.', additionalProperties: false, properties: ruleProperties },
      ignore: {
        type: 'array',
        items: { type: 'string' },
        description: 'Globs of files never linted, relative to this file (in addition to .gitignore).',
      },
      includeExamples: {
        type: 'boolean',
        description:
          'Report findings in example and demo code (examples/, demo/, sandbox/, playground/, Storybook stories, demo packages) at their rule’s severity. Default false: they are reported as information. Tests are never linted.',
      },
    },
  };
}

const validators = new WeakMap<readonly AnyRule[], ReturnType<Ajv['compile']>>();

function validatorFor(rules: readonly AnyRule[]) {
  let validate = validators.get(rules);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false }).compile(configSchema(rules));
    validators.set(rules, validate);
  }
  return validate;
}

/** Deeper than any configuration needs; the parser and the validator recurse. */
const MAX_DEPTH = 32;
/** Keys that would reach an object's prototype instead of holding data. */
const NOT_DATA = new Set(['__proto__', 'constructor', 'prototype']);

/** jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot read). */
const TOKEN = { openBrace: 1, closeBrace: 2, openBracket: 3, closeBracket: 4, colon: 6, string: 10, lineComment: 12, blockComment: 13, end: 17 } as const satisfies Record<string, SyntaxKind>;

/** Nesting too deep or a key that is not data, found on the token stream (no recursion). */
function unsafeShape(text: string): { message: string; offset: number } | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  let key: { value: string; offset: number } | undefined;
  for (let token = scanner.scan(); token !== TOKEN.end; token = scanner.scan()) {
    if (token === TOKEN.lineComment || token === TOKEN.blockComment) continue;
    if (token === TOKEN.openBrace || token === TOKEN.openBracket) depth++;
    if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) depth--;
    if (depth > MAX_DEPTH) return { message: `values nested deeper than ${MAX_DEPTH} levels`, offset: scanner.getTokenOffset() };
    if (token === TOKEN.colon && key && NOT_DATA.has(key.value)) return { message: `the key "${key.value}" is not configuration data`, offset: key.offset };
    key = token === TOKEN.string ? { value: scanner.getTokenValue(), offset: scanner.getTokenOffset() } : undefined;
  }
  return undefined;
}

/** An ignore glob that reaches outside the config file's folder (absolute, or through `..`). */
function leavesRoot(pattern: string): boolean {
  const glob = pattern.replace(/^!/, '');
  return /^(?:[\\/]|[A-Za-z]:)/.test(glob) || /(?:^|[\\/])\.\.(?:[\\/]|$)/.test(glob);
}

/** Parses and validates a config text; returns the valid part and a problem per invalid key. */
export function parseConfigText(source: string, file: string, rules: readonly AnyRule[]): { config: PrecedentConfig; problems: ConfigProblem[] } {
  // Editors write a UTF-8 BOM on request; it is not part of the JSON.
  const text = source.startsWith('\uFEFF') ? ` ${source.slice(1)}` : source;
  const lines = new LineIndex(text);
  const unsafe = unsafeShape(text);
  if (unsafe) {
    const position = lines.positionAt(unsafe.offset);
    return { config: {}, problems: [{ file, key: '(root)', message: `${unsafe.message}; using the default configuration`, line: position.line + 1, character: position.character + 1 }] };
  }
  const { config, problems } = validated(text, file, rules, lines);
  const ignore = config.ignore?.filter((pattern, index) => {
    if (!leavesRoot(pattern)) return true;
    problems.push({ file, key: `ignore.${index}`, message: `"${pattern}" reaches outside this folder (patterns are relative to it); not applied` });
    return false;
  });
  return { config: ignore ? { ...config, ignore } : config, problems };
}

function validated(text: string, file: string, rules: readonly AnyRule[], lines: LineIndex): { config: PrecedentConfig; problems: ConfigProblem[] } {
  const syntaxErrors: JsonParseError[] = [];
  const raw = parseJsonc(text, syntaxErrors, { allowTrailingComma: true });
  if (syntaxErrors.length > 0 || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const offset = syntaxErrors[0]?.offset ?? 0;
    const position = lines.positionAt(offset);
    const message = syntaxErrors[0]
      ? `invalid JSON (${printParseErrorCode(syntaxErrors[0].error)}); using the default configuration`
      : 'the configuration must be a JSON object; using the default configuration';
    return { config: {}, problems: [{ file, key: '(root)', message, line: position.line + 1, character: position.character + 1 }] };
  }
  const validate = validatorFor(rules);
  if (validate(raw)) return { config: raw as PrecedentConfig, problems: [] };
  const tree = parseTree(text);
  const config = structuredClone(raw) as Record<string, unknown>;
  const problems = collapse(validate.errors ?? []).map((error) => {
    const segments = pathSegments(error);
    dropInvalid(config, segments);
    const node = tree ? findNodeAtLocation(tree, segments) : undefined;
    const position = node ? lines.positionAt(node.parent?.type === 'property' ? node.parent.offset : node.offset) : undefined;
    return {
      file,
      key: segments.join('.') || '(root)',
      message: describe(error, rules),
      line: position && position.line + 1,
      character: position && position.character + 1,
    };
  });
  return { config: config as PrecedentConfig, problems };
}

function pathSegments(error: ErrorObject): string[] {
  const segments = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  return segments;
}

/** anyOf produces one error per branch; keep the most specific one per key. */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject>();
  const rank = (error: ErrorObject) => (error.keyword === 'anyOf' ? 0 : error.keyword === 'type' ? 1 : 2);
  for (const error of errors) {
    const key = pathSegments(error).join('/');
    const known = byPath.get(key);
    if (!known || rank(error) > rank(known)) byPath.set(key, error);
  }
  // A deeper error explains why its parent's anyOf branches failed better than they do.
  return [...byPath.entries()].filter(([key]) => ![...byPath.keys()].some((other) => other.startsWith(`${key}/`))).map(([, error]) => error);
}

function describe(error: ErrorObject, rules: readonly AnyRule[]): string {
  const path = pathSegments(error);
  switch (error.keyword) {
    case 'additionalProperties':
      if (path.length === 2 && path[0] === 'rules') {
        return `unknown rule "${path[1]}"; known rules: ${rules.map((rule) => rule.meta.id).join(', ')}`;
      }
      return `unknown key "${path[path.length - 1]}"`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'anyOf':
      return `must be one of ${SEVERITY_SETTINGS.map((value) => JSON.stringify(value)).join(', ')} or an object { "severity", "options" }`;
    default:
      return error.message ?? 'invalid value';
  }
}

/** Removes the smallest enclosing entry that holds an invalid value, so defaults apply there. */
function dropInvalid(config: Record<string, unknown>, segments: string[]): void {
  const depth = segments[0] === 'rules' ? 2 : 1;
  let parent: Record<string, unknown> | undefined = config;
  for (const segment of segments.slice(0, depth - 1)) {
    const next: unknown = parent?.[segment];
    parent = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
  }
  const key = segments[depth - 1];
  if (parent && key !== undefined) delete parent[key];
}

/** The severity and options a rule runs with, after the config file and editor settings. */
export function resolveRule(rule: AnyRule, ...layers: (PrecedentConfig | undefined)[]): ResolvedRule {
  let severity: SeveritySetting = rule.meta.severity;
  let configured = false;
  let options: Record<string, unknown> = { ...rule.meta.defaultOptions };
  for (const layer of layers) {
    const entry = layer?.rules?.[rule.meta.id];
    if (entry === undefined) continue;
    if (typeof entry === 'string') {
      severity = entry;
      configured = true;
    } else {
      if (entry.severity) {
        severity = entry.severity;
        configured = true;
      }
      if (entry.options) options = { ...options, ...entry.options };
    }
  }
  return { severity, configured, options };
}

/** Whether example code counts as production: the last layer that says so wins. */
export function includesExamples(layers: readonly (PrecedentConfig | undefined)[]): boolean {
  return layers.reduce<boolean>((included, layer) => layer?.includeExamples ?? included, false);
}

export function isSeverity(value: SeveritySetting): value is Severity {
  return value !== 'off';
}
