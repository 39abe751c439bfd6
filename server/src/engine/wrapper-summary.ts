// Function summaries for the project step: an exported function that wraps the function it is
// given (`withAuth(handler)`, `withWorkspace(handler, options)`) is recorded with the names it
// calls and whether it answers "unauthorized", so a rule can judge in another file whether routes
// wrapped by it are authenticated. Other functions are not summarised (summaries stay small).
import type { ConstantValue } from '../../../rules/api';
import type * as TypeScript from 'typescript';
import { parser } from './parser-loader';

export type FunctionLike = TypeScript.ArrowFunction | TypeScript.FunctionExpression | TypeScript.FunctionDeclaration;

/** Enough names to judge a wrapper by; more would only grow the cached summary. */
const MAX_CALLS = 64;

export function isFunctionLike(node: TypeScript.Node): node is FunctionLike {
  const { SyntaxKind } = parser();
  return node.kind === SyntaxKind.ArrowFunction || node.kind === SyntaxKind.FunctionExpression || node.kind === SyntaxKind.FunctionDeclaration;
}

/** The summary of a function that calls or passes on its first parameter; undefined for any other. */
export function wrapperSummary(fn: FunctionLike): ConstantValue | undefined {
  const { SyntaxKind } = parser();
  const [first] = fn.parameters;
  if (!first || first.name.kind !== SyntaxKind.Identifier || !fn.body) return undefined;
  const wrapped = (first.name as TypeScript.Identifier).text;
  const calls = new Set<string>();
  let wraps = false;
  let denies = false;
  const visit = (node: TypeScript.Node): void => {
    if (node.kind === SyntaxKind.CallExpression || node.kind === SyntaxKind.NewExpression) {
      const call = node as TypeScript.CallExpression | TypeScript.NewExpression;
      const name = calleeName(call.expression);
      if (name === wrapped || call.arguments?.some((arg) => arg.kind === SyntaxKind.Identifier && (arg as TypeScript.Identifier).text === wrapped)) wraps = true;
      if (name && name !== wrapped && calls.size < MAX_CALLS) calls.add(name);
    }
    if (node.kind === SyntaxKind.NumericLiteral && (node as TypeScript.NumericLiteral).text === '401') denies = true;
    if ((node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral) && /^unauthori[sz]ed\b/i.test((node as TypeScript.StringLiteral).text)) denies = true;
    node.forEachChild(visit);
  };
  visit(fn.body);
  return wraps ? { kind: 'wrapper', calls: [...calls], denies } : undefined;
}

/** `getSession` of `getSession()`, `auth.getSession()`, `new UnauthorizedError()`. */
function calleeName(expression: TypeScript.Expression): string | undefined {
  const { SyntaxKind } = parser();
  if (expression.kind === SyntaxKind.Identifier) return (expression as TypeScript.Identifier).text;
  if (expression.kind === SyntaxKind.PropertyAccessExpression) return (expression as TypeScript.PropertyAccessExpression).name.text;
  return undefined;
}
