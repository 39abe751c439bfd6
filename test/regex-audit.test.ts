// Every regular expression in rules/ and server/ runs on text nobody vetted: each is audited for
// super-linear backtracking with scslre (the analyser behind eslint-plugin-regexp's
// no-super-linear-backtracking and no-super-linear-move), so a ReDoS cannot come back (issue 12).
// It flags the four expressions that hung before this audit existed (see the last test).
//
// recheck was tried first: its pure-JS backend needed 150 to 500 s for these ~200 expressions on
// the 2-core CI machine, answered "unknown" when the machine was busy (a flaky gate), and called
// linear runs with a bound (`[^"']{0,300}`) polynomial or exponential. scslre is deterministic
// and takes a few seconds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegExpParser } from '@eslint-community/regexpp';
import { analyse } from 'scslre';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { anyKeyword } from '../rules/api';
import { gatePattern } from '../rules/consent/gates';

const ROOT = join(__dirname, '..');

/**
 * `new RegExp(…)` whose source is computed at run time: why it is safe, and instances built by the
 * real code that are audited like literals. Keys: file and the first characters of the call.
 */
const DYNAMIC: Record<string, { reason: string; instances?: () => RegExp[] }> = {
  'rules/api.ts: new RegExp(keywords.map(': {
    reason: 'anyKeyword: an alternation of keywords with every metacharacter escaped (no quantifier)',
    instances: () => [anyKeyword(['.use(', 'a+b', '(x)*'])],
  },
  'rules/access-control/prefilter.ts: new RegExp(String.raw`${anyKeyword(': { reason: 'escaped keywords (anyKeyword) and `\\.register\\(\\s*[^\'"\\s]`, whose single quantifier is followed by a disjoint class' },
  'rules/consent/tracker-before-consent.ts: new RegExp(`${anyKeyword(INTEGRATION_KEYWORDS).source}|': { reason: 'escaped keywords (anyKeyword) and `\\bregistry\\s*:\\s*\\{`, whose runs of spaces are separated by a literal' },
  'rules/consent/consent-fix.ts: new RegExp(`\\\\b(?:function': { reason: 'a declaration keyword, then one identifier (a consent function name): the runs of spaces are separated by literals' },
  'rules/consent/consent-fix.ts: new RegExp(`\\\\bimport': { reason: 'one identifier between runs bounded to 500 characters' },
  'rules/consent/gates.ts: new RegExp([...GATE_WORDS, ...extra]': {
    reason: 'the fixed GATE_WORDS fragments and configured names escaped like anyKeyword',
    instances: () => [gatePattern(['myConsentFlag', 'a.b*'])],
  },
  'server/src/engine/pruning.ts: new RegExp(`(?<![\\\\w$])(?:${evidenceNames': { reason: 'an alternation of identifiers (letters, digits, _ and escaped $) between lookarounds: no quantifier' },
  'rules/password/policy-verdict.ts: new RegExp(`(?<![\\\\d.])${evidence.policy.minLength}': { reason: 'the policy minimum, an integer, between lookarounds: no quantifier' },
  'server/src/engine/lint.ts: new RegExp(jsRules.map((rule) => keywordPattern': { reason: 'an alternation of anyKeyword patterns: escaped keywords, no quantifier' },
  'rules/password/password-names.ts: new RegExp(PASSWORD_WORDS.filter((word) => !PASSWORD_WORDS': { reason: 'an alternation of the lowercase letter words of PASSWORD_WORDS: no quantifier' },
};

interface Expression {
  where: string;
  /** Undefined when the source is computed at run time. */
  source?: string;
  flags: string;
  call?: string;
}

/** The value of a constant expression built from literals and same-file constants, if it has one. */
function fold(node: ts.Expression, file: ts.SourceFile): string | string[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isRegularExpressionLiteral(node)) return node.text.slice(1, node.text.lastIndexOf('/'));
  if (ts.isParenthesizedExpression(node)) return fold(node.expression, file);
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText(file) === 'String.raw') {
    const template = node.template;
    if (ts.isNoSubstitutionTemplateLiteral(template)) return template.rawText;
    let text = template.head.rawText ?? '';
    for (const span of template.templateSpans) {
      const value = fold(span.expression, file);
      if (typeof value !== 'string') return undefined;
      text += value + (span.literal.rawText ?? '');
    }
    return text;
  }
  if (ts.isIdentifier(node)) {
    const declaration = constantDeclaration(node.text, file);
    return declaration?.initializer ? fold(declaration.initializer, file) : undefined;
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'source') return fold(node.expression, file);
  if (ts.isArrayLiteralExpression(node)) {
    const parts = node.elements.map((element) => (ts.isSpreadElement(element) ? fold(element.expression, file) : fold(element, file)));
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'join') {
    const parts = fold(node.expression.expression, file);
    const separator = node.arguments[0] ? fold(node.arguments[0], file) : ',';
    return Array.isArray(parts) && typeof separator === 'string' ? parts.join(separator) : undefined;
  }
  return undefined;
}

function constantDeclaration(name: string, file: ts.SourceFile): ts.VariableDeclaration | undefined {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    const found = statement.declarationList.declarations.find((declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === name);
    if (found) return found;
  }
  return undefined;
}

function inventory(): Expression[] {
  const expressions: Expression[] = [];
  for (const path of globSync(['rules/**/*.ts', 'server/src/**/*.ts'], { cwd: ROOT }).sort()) {
    const file = ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) {
        const slash = node.text.lastIndexOf('/');
        expressions.push({ where: where(node), source: node.text.slice(1, slash), flags: node.text.slice(slash + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp' && node.arguments?.[0]) {
        const source = fold(node.arguments[0], file);
        const flags = node.arguments[1] ? fold(node.arguments[1], file) : '';
        expressions.push({
          where: where(node),
          source: typeof source === 'string' && typeof flags === 'string' ? source : undefined,
          flags: typeof flags === 'string' ? flags : '',
          call: `${path}: ${node.getText(file).replace(/\s+/g, ' ')}`,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return expressions;
}

/** What scslre reports about an expression: empty when it backtracks at most linearly. */
function superLinear(source: string, flags: string): string[] {
  const parser = new RegExpParser();
  const pattern = parser.parsePattern(source, 0, source.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
  const { reports } = analyse({ pattern, flags: parser.parseFlags(flags) });
  return reports.map((report) => `${report.type}${report.exponential ? ' (exponential)' : ''} on ${JSON.stringify(report.character.pick)}`);
}

describe('ReDoS audit of every regular expression', () => {
  const expressions = inventory();
  const dynamic = expressions.filter((expression) => expression.source === undefined);

  it('knows why each computed RegExp source is safe', () => {
    const unexplained = dynamic.filter((expression) => !Object.keys(DYNAMIC).some((prefix) => expression.call!.startsWith(prefix)));
    expect(unexplained.map((expression) => expression.call)).toEqual([]);
    const unused = Object.keys(DYNAMIC).filter((prefix) => !dynamic.some((expression) => expression.call!.startsWith(prefix)));
    expect(unused).toEqual([]);
  });

  it('finds no expression that backtracks super-linearly', () => {
    const audited = expressions.flatMap((expression) => (expression.source === undefined ? [] : [{ where: expression.where, source: expression.source, flags: expression.flags }]));
    for (const entry of Object.values(DYNAMIC)) for (const regex of entry.instances?.() ?? []) audited.push({ where: 'instance', source: regex.source, flags: regex.flags });
    expect(audited.length).toBeGreaterThan(150);
    const failures = audited.flatMap(({ where, source, flags }) => superLinear(source, flags).map((report) => `${where} /${source}/${flags}: ${report}`));
    expect(failures).toEqual([]);
  });

  it('flags the expressions that hung before the audit', () => {
    // TOML header, password-pattern lookahead, suppression closer, route-shape prefilter (issue 12).
    expect(superLinear(String.raw`^\s*\[\[?\s*([^\]]+?)\s*\]\]?`, '')).not.toEqual([]);
    expect(superLinear(String.raw`\(\?=((?:\\.|\[(?:\\.|[^\]])*\]|[^()])*)\)`, 'y')).toContainEqual(expect.stringContaining('exponential'));
    expect(superLinear(String.raw`\s*(\*\/|-->|--%>|%>|#\}|\}\}|\*\}).*$`, '')).not.toEqual([]);
    expect(superLinear(String.raw`\bexport\s+(?:async\s+)?function\s*\*?\s*[\w$]+\s*(?:<[^>]*>\s*)?\(\s*[^),]+,`, '')).not.toEqual([]);
  });
});
