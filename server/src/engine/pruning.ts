// What a statement-scoped rule may need of a file, so that only that is converted to ESTree (the
// conversion is ≈ 60 % of typescript-estree's time). Top-level statements are kept or dropped,
// and inside a kept class its methods and fields are, by the same test. The parsed tree is never
// changed: the converter gets a view of it, and the tree stays whole for the next edit (js-adapter.ts).
import type * as TypeScript from 'typescript';
import { parser } from './parser-loader';

type Statement = TypeScript.Statement;
type ClassMember = TypeScript.ClassElement;

const WORD = /[A-Za-z_$][\w$]*/g;

/**
 * Which of `items` to keep: those in which `evidence` occurs; those that use a name such an item
 * declares (the route passing a download handler, the call of a tracker-loading helper); those
 * named by `usedOutside`; the declarations every kept item refers to, transitively (a middleware, a
 * constant, a helper); and those `always` keeps.
 */
function relevant<T>(items: readonly T[], texts: string[], namesOf: (item: T) => string[], always: (item: T) => boolean, evidence: RegExp, usedOutside?: Set<string>): boolean[] {
  const keep = items.map(() => false);
  const queue: number[] = [];
  const mark = (index: number) => {
    if (keep[index]) return;
    keep[index] = true;
    queue.push(index);
  };
  const declaredBy = new Map<string, number[]>();
  const evidenceNames: string[] = [];
  items.forEach((item, index) => {
    const names = namesOf(item);
    for (const name of names) declaredBy.set(name, [...(declaredBy.get(name) ?? []), index]);
    if (evidence.test(texts[index])) {
      mark(index);
      evidenceNames.push(...names);
    } else if (always(item) || names.some((name) => usedOutside?.has(name))) mark(index);
  });
  if (evidenceNames.length > 0) {
    const uses = new RegExp(`(?<![\\w$])(?:${evidenceNames.map((name) => name.replace(/\$/g, '\\$')).join('|')})(?![\\w$])`);
    texts.forEach((text, index) => {
      if (!keep[index] && uses.test(text)) mark(index);
    });
  }
  while (queue.length > 0) {
    for (const word of texts[queue.pop()!].match(WORD) ?? []) for (const index of declaredBy.get(word) ?? []) mark(index);
  }
  return keep;
}

/**
 * The file as the converter should see it: each run of dropped statements or members becomes one
 * empty one over the same text (the converter looks for tokens between them and must find no code
 * there). Kept statements: those `relevant` keeps, plus the cheap ones that carry facts (alwaysRelevant).
 */
export function prunedView(file: TypeScript.SourceFile, evidence: RegExp): TypeScript.SourceFile {
  const ts = parser();
  const texts = file.statements.map((statement) => file.text.slice(statement.pos, statement.end));
  const keep = relevant(file.statements, texts, declaredNames, alwaysRelevant, evidence);
  // A method is needed where code outside its class names it (`Files.stream(req, res)`).
  const needsMembers = file.statements.some((statement, index) => keep[index] && ts.isClassDeclaration(statement));
  const usedOutside = new Set(needsMembers ? file.statements.flatMap((statement, index) => (keep[index] && !ts.isClassDeclaration(statement) ? (texts[index].match(WORD) ?? []) : [])) : []);
  let changed = keep.includes(false);
  const placeholder = (first: Statement, last: Statement) => Object.assign(ts.setTextRange(ts.factory.createEmptyStatement(), { pos: first.pos, end: last.end }), { parent: file });
  const statements = withRunsMerged(file.statements, keep, placeholder).map((statement) => {
    if (!ts.isClassDeclaration(statement)) return statement;
    const view = prunedClass(file, statement, evidence, usedOutside);
    changed ||= view !== statement;
    return view;
  });
  return changed ? (Object.create(file, { statements: { value: ts.setTextRange(ts.factory.createNodeArray(statements), file.statements) } }) as TypeScript.SourceFile) : file;
}

/**
 * The kept items, and one placeholder over each run of dropped ones: a file of 450 functions of
 * which 3 statements matter converts 3 statements and a few placeholders, not 450 of them.
 */
function withRunsMerged<T>(items: readonly T[], keep: boolean[], placeholder: (first: T, last: T) => T): T[] {
  const result: T[] = [];
  for (let index = 0; index < items.length; index++) {
    if (keep[index]) {
      result.push(items[index]);
      continue;
    }
    const first = index;
    while (index + 1 < items.length && !keep[index + 1]) index++;
    result.push(placeholder(items[first], items[index]));
  }
  return result;
}

/** A kept class with the methods and fields no rule may need dropped (constructors, static blocks and members with computed or quoted names are kept). */
function prunedClass(file: TypeScript.SourceFile, declaration: TypeScript.ClassDeclaration, evidence: RegExp, usedOutside: Set<string>): TypeScript.ClassDeclaration {
  const ts = parser();
  const members = declaration.members;
  const texts = members.map((member) => file.text.slice(member.pos, member.end));
  const prunable = (member: ClassMember) => ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member) || ts.isPropertyDeclaration(member);
  const keep = relevant(members, texts, memberNames, (member) => !prunable(member) || memberNames(member).length === 0, evidence, usedOutside);
  if (keep.every(Boolean)) return declaration;
  const placeholder = (first: ClassMember, last: ClassMember) => Object.assign(ts.setTextRange(ts.factory.createSemicolonClassElement(), { pos: first.pos, end: last.end }), { parent: declaration });
  const pruned = withRunsMerged(members, keep, placeholder);
  return Object.create(declaration, { members: { value: ts.setTextRange(ts.factory.createNodeArray(pruned), members) } }) as TypeScript.ClassDeclaration;
}

/** The name a class member is called by (`#secret` by `secret`, as in `this.#secret`); none when quoted or computed (such members are kept). */
function memberNames(member: ClassMember): string[] {
  const ts = parser();
  const name = member.name;
  if (!name || !(ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) return [];
  return [name.text.replace(/^#/, '')];
}

/** Names a top-level statement declares as values (functions, classes, enums, variables, imports). */
function declaredNames(statement: Statement): string[] {
  const ts = parser();
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) return statement.name ? [statement.name.text] : [];
  if (ts.isImportEqualsDeclaration(statement)) return [statement.name.text];
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    const named = !bindings ? [] : ts.isNamespaceImport(bindings) ? [bindings.name.text] : bindings.elements.map((element) => element.name.text);
    return clause?.name ? [clause.name.text, ...named] : named;
  }
  if (!ts.isVariableStatement(statement)) return [];
  const names: string[] = [];
  const collect = (name: TypeScript.BindingName) => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const declaration of statement.declarationList.declarations) collect(declaration.name);
  return names;
}

/** Cheap statements that carry facts: imports, export lists, literal constants and aliases, module.exports assignments, plain calls such as `routes(app)`. */
function alwaysRelevant(statement: Statement): boolean {
  const ts = parser();
  if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || ts.isExportDeclaration(statement)) return true;
  if (ts.isExportAssignment(statement)) return ts.isIdentifier(statement.expression);
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.every(
      ({ initializer }) => initializer !== undefined && (ts.isLiteralExpression(initializer) || ts.isPrefixUnaryExpression(initializer) || ts.isIdentifier(initializer)),
    );
  }
  if (!ts.isExpressionStatement(statement)) return false;
  const expression = statement.expression;
  if (ts.isCallExpression(expression)) return ts.isIdentifier(expression.expression) || ts.isCallExpression(expression.expression);
  return ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && /^(module\.)?exports\b/.test(expression.left.getText());
}
