// Per-file summaries for the project step: what a module exports that other files' findings may
// need (constant values, or where a re-exported value comes from). Read from TypeScript's syntax
// tree of the whole file, before statement pruning, so it never depends on which rules ran.
// Plain JSON: it travels from worker threads and is cached with the file's result.
import type { ConstantValue, ImportedRef } from '../../../rules/api';
import type * as TypeScript from 'typescript';
import { parser } from './parser-loader';
import { fileKind } from './languages';
import { type FunctionLike, isFunctionLike, wrapperSummary } from './wrapper-summary';

/** An export: a constant, or a value another module exports (re-exports, imported aliases). */
export type ExportEntry = ConstantValue | { kind: 'ref'; ref: ImportedRef };

export interface FileSummary {
  /** Export name → entry; `default` for the default export (CommonJS `module.exports` too). */
  exports: Record<string, ExportEntry>;
  /** Specifiers of `export * from '…'`. */
  star?: string[];
}

/** Object literals larger than this, strings longer than this, are not constants rules judge. */
const MAX_PROPERTIES = 64;
const MAX_STRING = 500;
const MAX_DEPTH = 4;
/** A summary larger than this keeps its numbers, regexes and references only. */
const MAX_SUMMARY_CHARS = 32_000;

type Node = TypeScript.Node;
type Expression = TypeScript.Expression;
/** What a local name is bound to: an expression, or a function declaration (wrappers). */
type Local = Expression | TypeScript.FunctionDeclaration;

/** The summary of a JS/TS file's text (the on-demand path for files no rule parsed). */
export function summarizeText(text: string, path: string): FileSummary | undefined {
  const kind = fileKind(path);
  if (kind?.adapter !== 'js') return undefined;
  const ts = parser();
  const scriptKind = kind.typescript ? (kind.jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS) : kind.jsx ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  return summarize(ts.createSourceFile('file', text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, scriptKind));
}

/** The summary of a parsed file; undefined when it exports nothing a rule could use. */
export function summarize(file: TypeScript.SourceFile): FileSummary | undefined {
  const { SyntaxKind } = parser();
  const locals = new Map<string, Local>();
  const imports = new Map<string, ImportedRef>();
  const exports: Record<string, ExportEntry> = {};
  const star: string[] = [];
  const later: (() => void)[] = [];

  const value = (expression: Local | undefined, depth = 0): ExportEntry | undefined => evaluate(expression, locals, imports, depth);
  const exportAs = (name: string, entry: ExportEntry | undefined) => {
    if (entry) exports[name] = entry;
  };

  for (const statement of file.statements) {
    if (statement.kind === SyntaxKind.ImportDeclaration) collectImport(statement as TypeScript.ImportDeclaration, imports);
    else if (statement.kind === SyntaxKind.VariableStatement) {
      const variable = statement as TypeScript.VariableStatement;
      const exported = hasExportModifier(variable);
      for (const declaration of variable.declarationList.declarations) {
        const required = requireRef(declaration.initializer);
        if (required) bindRequire(declaration.name, required, imports);
        if (declaration.name.kind !== SyntaxKind.Identifier || !declaration.initializer) continue;
        const name = (declaration.name as TypeScript.Identifier).text;
        locals.set(name, declaration.initializer);
        if (exported) later.push(() => exportAs(name, value(declaration.initializer)));
      }
    } else if (statement.kind === SyntaxKind.FunctionDeclaration) {
      const declaration = statement as TypeScript.FunctionDeclaration;
      if (!declaration.name) {
        if (hasExportModifier(declaration)) later.push(() => exportAs('default', value(declaration)));
        continue;
      }
      const name = declaration.name.text;
      locals.set(name, declaration);
      const isDefault = declaration.modifiers?.some((modifier) => modifier.kind === SyntaxKind.DefaultKeyword);
      if (hasExportModifier(declaration)) later.push(() => exportAs(isDefault ? 'default' : name, value(declaration)));
    } else if (statement.kind === SyntaxKind.EnumDeclaration && hasExportModifier(statement)) {
      const declaration = statement as TypeScript.EnumDeclaration;
      later.push(() => exportAs(declaration.name.text, enumValue(declaration)));
    } else if (statement.kind === SyntaxKind.ExportDeclaration) {
      const declaration = statement as TypeScript.ExportDeclaration;
      const specifier = declaration.moduleSpecifier && stringOf(declaration.moduleSpecifier);
      const clause = declaration.exportClause;
      if (declaration.isTypeOnly) continue;
      if (!clause) {
        if (specifier !== undefined) star.push(specifier);
      } else if (clause.kind === SyntaxKind.NamespaceExport) {
        if (specifier !== undefined) exports[(clause as TypeScript.NamespaceExport).name.getText(file)] = { kind: 'ref', ref: { specifier, name: '*' } };
      } else {
        for (const element of (clause as TypeScript.NamedExports).elements) {
          const local = (element.propertyName ?? element.name).getText(file);
          const name = element.name.getText(file);
          if (specifier !== undefined) exports[name] = { kind: 'ref', ref: { specifier, name: local } };
          else later.push(() => exportAs(name, imports.has(local) ? { kind: 'ref', ref: imports.get(local)! } : value(locals.get(local))));
        }
      }
    } else if (statement.kind === SyntaxKind.ExportAssignment) {
      const expression = (statement as TypeScript.ExportAssignment).expression;
      later.push(() => exportAs('default', value(expression)));
    } else if (statement.kind === SyntaxKind.ExpressionStatement) {
      later.push(() => collectCommonJsExport((statement as TypeScript.ExpressionStatement).expression, exports, value));
    }
  }
  // Exports may name constants declared further down.
  for (const run of later) run();
  // Cached with the result: a translation table or a generated module is no policy constant.
  if (JSON.stringify(exports).length > MAX_SUMMARY_CHARS) {
    for (const [name, entry] of Object.entries(exports)) if (entry.kind === 'object' || entry.kind === 'string') delete exports[name];
    if (JSON.stringify(exports).length > MAX_SUMMARY_CHARS) return star.length > 0 ? { exports: {}, star } : undefined;
  }
  if (Object.keys(exports).length === 0 && star.length === 0) return undefined;
  return star.length > 0 ? { exports, star } : { exports };
}

function hasExportModifier(node: Node): boolean {
  const { SyntaxKind } = parser();
  return (node as { modifiers?: TypeScript.NodeArray<TypeScript.ModifierLike> }).modifiers?.some((modifier) => modifier.kind === SyntaxKind.ExportKeyword) ?? false;
}

function stringOf(node: Node): string | undefined {
  const { SyntaxKind } = parser();
  return node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral ? (node as TypeScript.StringLiteral).text : undefined;
}

function collectImport(declaration: TypeScript.ImportDeclaration, imports: Map<string, ImportedRef>): void {
  const { SyntaxKind } = parser();
  const specifier = stringOf(declaration.moduleSpecifier);
  const clause = declaration.importClause;
  if (specifier === undefined || !clause || clause.isTypeOnly) return;
  if (clause.name) imports.set(clause.name.text, { specifier, name: 'default' });
  const bindings = clause.namedBindings;
  if (bindings?.kind === SyntaxKind.NamespaceImport) imports.set(bindings.name.text, { specifier, name: '*' });
  else if (bindings) for (const element of bindings.elements) imports.set(element.name.text, { specifier, name: (element.propertyName ?? element.name).getText() });
}

/** `require('./x')`, `require('./x').y`. */
function requireRef(expression: Expression | undefined): ImportedRef | undefined {
  const { SyntaxKind } = parser();
  if (!expression) return undefined;
  if (expression.kind === SyntaxKind.PropertyAccessExpression) {
    const access = expression as TypeScript.PropertyAccessExpression;
    const inner = requireRef(access.expression);
    return inner && inner.name === '*' && !inner.members ? { specifier: inner.specifier, name: access.name.text } : undefined;
  }
  if (expression.kind !== SyntaxKind.CallExpression) return undefined;
  const call = expression as TypeScript.CallExpression;
  if (call.expression.kind !== SyntaxKind.Identifier || (call.expression as TypeScript.Identifier).text !== 'require' || call.arguments.length !== 1) return undefined;
  const specifier = stringOf(call.arguments[0]);
  return specifier === undefined ? undefined : { specifier, name: '*' };
}

/** `const config = require('./config')`, `const { MIN } = require('./config')`. */
function bindRequire(name: TypeScript.BindingName, ref: ImportedRef, imports: Map<string, ImportedRef>): void {
  const { SyntaxKind } = parser();
  if (name.kind === SyntaxKind.Identifier) {
    imports.set(name.text, ref);
    return;
  }
  if (name.kind !== SyntaxKind.ObjectBindingPattern || ref.name !== '*') return;
  for (const element of name.elements) {
    if (element.dotDotDotToken || element.name.kind !== SyntaxKind.Identifier) continue;
    imports.set(element.name.text, { specifier: ref.specifier, name: (element.propertyName ?? element.name).getText() });
  }
}

/** `module.exports = {…}`, `module.exports.X = …`, `exports.X = …`. */
function collectCommonJsExport(expression: Expression, exports: Record<string, ExportEntry>, value: (expression: Expression | undefined) => ExportEntry | undefined): void {
  const { SyntaxKind } = parser();
  if (expression.kind !== SyntaxKind.BinaryExpression) return;
  const binary = expression as TypeScript.BinaryExpression;
  if (binary.operatorToken.kind !== SyntaxKind.EqualsToken) return;
  const target = binary.left.getText().replace(/\s+/g, '');
  const named = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (named) {
    const entry = value(binary.right);
    if (entry) exports[named[1]] = entry;
    return;
  }
  if (target !== 'module.exports') return;
  const entry = value(binary.right);
  if (!entry) return;
  exports.default = entry;
  if (entry.kind === 'object') for (const [key, property] of Object.entries(entry.properties)) exports[key] ??= property;
}

function enumValue(declaration: TypeScript.EnumDeclaration): ConstantValue | undefined {
  const properties: Record<string, ConstantValue> = {};
  for (const member of declaration.members) {
    const constant = member.initializer && evaluate(member.initializer, new Map(), new Map(), 1);
    if (constant && constant.kind !== 'ref') properties[member.name.getText()] = constant;
  }
  return Object.keys(properties).length > 0 ? { kind: 'object', properties } : undefined;
}

/** A constant expression's value, a reference to an imported one, or undefined. */
function evaluate(expression: Local | undefined, locals: Map<string, Local>, imports: Map<string, ImportedRef>, depth: number, seen = new Set<string>()): ExportEntry | undefined {
  const ts = parser();
  const { SyntaxKind } = ts;
  if (!expression || depth > MAX_DEPTH) return undefined;
  if (isFunctionLike(expression)) return wrapperSummary(expression as FunctionLike);
  switch (expression.kind) {
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.SatisfiesExpression:
    case SyntaxKind.TypeAssertionExpression:
    case SyntaxKind.NonNullExpression:
      return evaluate((expression as TypeScript.ParenthesizedExpression).expression, locals, imports, depth, seen);
    case SyntaxKind.NumericLiteral:
      return { kind: 'number', value: Number((expression as TypeScript.NumericLiteral).text) };
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral: {
      const text = (expression as TypeScript.StringLiteral).text;
      return text.length <= MAX_STRING ? { kind: 'string', value: text } : undefined;
    }
    case SyntaxKind.TrueKeyword:
      return { kind: 'boolean', value: true };
    case SyntaxKind.FalseKeyword:
      return { kind: 'boolean', value: false };
    case SyntaxKind.RegularExpressionLiteral: {
      const text = (expression as TypeScript.RegularExpressionLiteral).text;
      const end = text.lastIndexOf('/');
      return { kind: 'regex', pattern: text.slice(1, end), flags: text.slice(end + 1) };
    }
    case SyntaxKind.NewExpression: {
      // new RegExp('…', 'i')
      const construct = expression as TypeScript.NewExpression;
      const [pattern, flags] = construct.arguments ?? [];
      if (construct.expression.getText() !== 'RegExp' || !pattern) return undefined;
      const source = stringOf(pattern);
      return source === undefined ? undefined : { kind: 'regex', pattern: source, flags: (flags && stringOf(flags)) ?? '' };
    }
    case SyntaxKind.PrefixUnaryExpression: {
      const unary = expression as TypeScript.PrefixUnaryExpression;
      const operand = evaluate(unary.operand, locals, imports, depth, seen);
      return unary.operator === SyntaxKind.MinusToken && operand?.kind === 'number' ? { kind: 'number', value: -operand.value } : undefined;
    }
    case SyntaxKind.Identifier: {
      const name = (expression as TypeScript.Identifier).text;
      const imported = imports.get(name);
      if (imported) return { kind: 'ref', ref: imported };
      if (seen.has(name)) return undefined;
      return evaluate(locals.get(name), locals, imports, depth, new Set(seen).add(name));
    }
    case SyntaxKind.PropertyAccessExpression: {
      // `LIMITS.password`, `config.password.min` with `config` imported.
      const access = expression as TypeScript.PropertyAccessExpression;
      const object = evaluate(access.expression, locals, imports, depth, seen);
      if (object?.kind === 'object') return object.properties[access.name.text];
      if (object?.kind === 'ref') return { kind: 'ref', ref: { ...object.ref, members: [...(object.ref.members ?? []), access.name.text] } };
      return undefined;
    }
    case SyntaxKind.ObjectLiteralExpression:
      return objectValue(expression as TypeScript.ObjectLiteralExpression, locals, imports, depth, seen);
    default:
      return undefined;
  }
}

/** The constant properties of an object literal (references to imports inside objects are not followed). */
function objectValue(object: TypeScript.ObjectLiteralExpression, locals: Map<string, Local>, imports: Map<string, ImportedRef>, depth: number, seen: Set<string>): ConstantValue | undefined {
  const { SyntaxKind } = parser();
  if (object.properties.length > MAX_PROPERTIES) return undefined;
  const properties: Record<string, ConstantValue> = {};
  for (const property of object.properties) {
    let key: string | undefined;
    let initializer: Expression | undefined;
    if (property.kind === SyntaxKind.PropertyAssignment) {
      const name = property.name;
      key = name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.StringLiteral || name.kind === SyntaxKind.NumericLiteral ? (name as TypeScript.Identifier).text : undefined;
      initializer = property.initializer;
    } else if (property.kind === SyntaxKind.ShorthandPropertyAssignment) {
      key = property.name.text;
      initializer = property.name;
    }
    const entry = key === undefined ? undefined : evaluate(initializer, locals, imports, depth + 1, seen);
    if (key !== undefined && entry && entry.kind !== 'ref') properties[key] = entry;
  }
  return { kind: 'object', properties };
}
