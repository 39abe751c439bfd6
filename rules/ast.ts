// Small ESTree helpers the rules share.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

type Node = TSESTree.Node;

/** The static name of an identifier, a string literal, or a non-computed member/property key. */
export function staticName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'Identifier':
    case 'PrivateIdentifier':
    case 'JSXIdentifier':
      return node.name;
    case 'Literal':
      return typeof node.value === 'string' ? node.value : undefined;
    case 'TemplateLiteral':
      return node.expressions.length === 0 ? node.quasis[0].value.cooked ?? undefined : undefined;
    case 'MemberExpression':
      return staticName(node.property);
    case 'JSXNamespacedName':
      return `${node.namespace.name}:${node.name.name}`;
    default:
      return undefined;
  }
}

/** Key name of a Property / PropertyDefinition / MethodDefinition / JSXAttribute. */
export function keyName(node: Node): string | undefined {
  if (node.type === 'Property' || node.type === 'PropertyDefinition' || node.type === 'MethodDefinition' || node.type === 'TSPropertySignature') {
    return node.computed && node.key.type !== 'Literal' ? undefined : staticName(node.key);
  }
  if (node.type === 'JSXAttribute') return staticName(node.name);
  return undefined;
}

/** `a.b.c()` → ['a', 'b', 'c']; calls inside the chain are stepped through (`z.string().min` → ['z','string','min']). */
export function memberChain(node: Node): string[] {
  const names: string[] = [];
  let current: Node | undefined = node;
  while (current) {
    if (current.type === 'CallExpression') current = current.callee;
    else if (current.type === 'MemberExpression') {
      names.unshift(staticName(current.property) ?? '*');
      current = current.object;
    } else if (current.type === 'ChainExpression') current = current.expression;
    else if (current.type === 'TSNonNullExpression' || current.type === 'TSAsExpression') current = current.expression;
    else {
      const name = staticName(current);
      names.unshift(name ?? (current.type === 'ThisExpression' ? 'this' : '*'));
      current = undefined;
    }
  }
  return names;
}

/** The callee's last name: `foo()` → foo, `a.b.foo()` → foo. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = call.callee.type === 'ChainExpression' ? call.callee.expression : call.callee;
  return callee.type === 'MemberExpression' ? staticName(callee.property) : staticName(callee);
}

/** Numeric value of a literal, `-n`, or `'12'`; undefined for anything computed. */
export function literalNumber(node: Node | null | undefined): number | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'number') return node.value;
  if (node.type === 'Literal' && typeof node.value === 'string' && /^\d+$/.test(node.value.trim())) return Number(node.value);
  if (node.type === 'UnaryExpression' && node.operator === '-') {
    const value = literalNumber(node.argument);
    return value === undefined ? undefined : -value;
  }
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') return literalNumber(node.expression);
  return undefined;
}

/** Finds a property of an object literal by static key. */
export function objectProperty(object: Node | null | undefined, name: string): TSESTree.Property | undefined {
  if (!object || object.type !== 'ObjectExpression') return undefined;
  for (const property of object.properties) {
    if (property.type === 'Property' && keyName(property) === name) return property;
  }
  return undefined;
}

/** Enclosing nodes, nearest first (valid once the walk has set `parent`). */
export function* ancestors(node: Node): Generator<Node> {
  for (let current = node.parent; current; current = current.parent) yield current;
}

/**
 * Collects `const NAME = <number>` declarations of a file (any scope) so a check written against a
 * named constant can be judged. Same-file only; names shadowed with another value are dropped.
 */
export class NumericConstants {
  private readonly values = new Map<string, { value: number; literal: TSESTree.Node } | null>();

  visitor = (declarator: TSESTree.VariableDeclarator): void => {
    if (declarator.id.type !== 'Identifier' || declarator.parent?.type !== 'VariableDeclaration' || declarator.parent.kind !== 'const') return;
    const value = literalNumber(declarator.init);
    const name = declarator.id.name;
    if (value === undefined || !declarator.init) return;
    const known = this.values.get(name);
    this.values.set(name, known === undefined ? { value, literal: declarator.init } : known && known.value === value ? known : null);
  };

  /** The number a literal or constant identifier stands for, with the node holding the literal. */
  resolve(node: Node | null | undefined): { value: number; literal: TSESTree.Node } | undefined {
    const direct = literalNumber(node);
    if (direct !== undefined && node) return { value: direct, literal: node };
    if (node?.type === 'Identifier') return this.values.get(node.name) ?? undefined;
    return undefined;
  }
}

/** Every node below `node`, depth first (children found through the ESTree keys, never `parent`). */
export function* descendants(node: Node): Generator<Node> {
  // An explicit stack, not recursive `yield*` (which costs O(depth) per node), and the parser's
  // own visitor keys instead of every property of every node.
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current !== node) yield current;
    const keys = visitorKeys[current.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (current as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (value[i]) stack.push(value[i] as Node);
      } else if (value && typeof value === 'object') stack.push(value as Node);
    }
  }
}
