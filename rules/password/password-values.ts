// Where a password VALUE (not a policy, not a hash of it) appears in an expression. Shared by the
// rules that follow a password into a hash function, an e-mail or a log line.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { staticName } from '../ast';
import { isPasswordName } from './password-names';

/** A password value: `password`, `user.password`, `req.body.newPassword`, `this.pwd`. */
export function isPasswordValue(node: TSESTree.Node | null | undefined): boolean {
  if (!node || (node.type !== 'Identifier' && node.type !== 'MemberExpression')) return false;
  const name = staticName(node);
  return name !== undefined && isPasswordName(name);
}

/** Calls that pass their input through unchanged in substance: `Buffer.from(pw)`, `pw.trim()`, `String(pw)`. */
const PASS_THROUGH = new Set(['from', 'String', 'trim', 'normalize', 'toString', 'toLowerCase', 'toUpperCase', 'concat', 'encode']);

/**
 * The password value inside an expression built from it — `salt + password`,
 * `` `${password}${salt}` ``, `Buffer.from(password, 'utf8')`, `{ password }` — or undefined.
 * Only expressions that carry the value itself count: `password.length`, `hash(password)`,
 * `password ? 'set' : 'none'` do not.
 */
export function passwordIn(node: TSESTree.Node | null | undefined, depth = 0): TSESTree.Node | undefined {
  if (!node || depth > 4) return undefined;
  if (isPasswordValue(node)) return node;
  switch (node.type) {
    case 'BinaryExpression':
      return node.operator === '+' ? passwordIn(node.left, depth + 1) ?? passwordIn(node.right, depth + 1) : undefined;
    case 'TemplateLiteral':
      for (const expression of node.expressions) {
        const found = passwordIn(expression, depth + 1);
        if (found) return found;
      }
      return undefined;
    case 'CallExpression': {
      const callee = node.callee;
      const name = callee.type === 'MemberExpression' ? staticName(callee.property) : staticName(callee);
      // `template.replace('{{password}}', password)`: the replacement is what the text carries.
      if ((name === 'replace' || name === 'replaceAll') && callee.type === 'MemberExpression') {
        return passwordIn(callee.object, depth + 1) ?? passwordIn(node.arguments[1], depth + 1);
      }
      if (!name || !PASS_THROUGH.has(name)) return undefined;
      const receiver = callee.type === 'MemberExpression' && name !== 'from' && name !== 'encode' ? passwordIn(callee.object, depth + 1) : undefined;
      return receiver ?? (node.arguments[0] ? passwordIn(node.arguments[0], depth + 1) : undefined);
    }
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'AwaitExpression':
      return passwordIn(node.type === 'AwaitExpression' ? node.argument : node.expression, depth + 1);
    default:
      return undefined;
  }
}
