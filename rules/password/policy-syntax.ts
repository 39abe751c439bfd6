// The syntax of password policies in code: schema chains (zod, yup, joi, valibot, validator.js),
// standalone validators and the fields they belong to, length comparisons, settings objects and
// regular expressions. Pure AST reading; weak-password-policy.ts judges what these find.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleContext } from '../api';
import { ancestors, calleeName, descendants, keyName, memberChain, objectProperty, staticName } from '../ast';
import type { CharacterClass } from './entropy';
import { isPolicyPasswordName, mentionsPassword } from './password-names';

export const SCHEMA_STRING_TYPES = new Set(['string', 'str', 'password']);

/**
 * `.min(n)` on a string schema (zod, yup, joi, valibot, superstruct…) whose value is a password:
 * the chain is the value of a password-named property or variable, or starts from a validator call
 * naming the field (`body('password')`).
 */
export function isPasswordSchemaChain(call: TSESTree.CallExpression): boolean {
  const chain = memberChain(call);
  let top: TSESTree.Node = call;
  for (const parent of ancestors(call)) {
    const continuesChain =
      (parent.type === 'MemberExpression' && parent.object === top) ||
      (parent.type === 'CallExpression' && parent.callee === top) ||
      ((parent.type === 'TSAsExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'TSNonNullExpression') && parent.expression === top);
    if (!continuesChain) break;
    top = parent;
  }
  const fieldArgument = rootCallArgument(call);
  if (fieldArgument !== undefined) return isPolicyPasswordName(fieldArgument);
  if (!chain.some((name) => SCHEMA_STRING_TYPES.has(name))) return false;
  return ownerName(top) !== undefined && isPolicyPasswordName(ownerName(top) ?? '');
}

/** The first string argument of the chain's innermost call: `body('password').isLength…` → "password". */
export function rootCallArgument(call: TSESTree.CallExpression): string | undefined {
  let current: TSESTree.Node = call;
  let innermost: TSESTree.CallExpression | undefined;
  for (;;) {
    if (current.type === 'CallExpression') {
      innermost = current;
      current = current.callee;
    } else if (current.type === 'MemberExpression') current = current.object;
    else break;
  }
  const argument = innermost && innermost !== call ? innermost.arguments[0] : undefined;
  return argument?.type === 'Literal' && typeof argument.value === 'string' ? argument.value : undefined;
}

/** Name the schema expression is bound to: object key, variable, class field or assignment target. */
export function ownerName(expression: TSESTree.Node): string | undefined {
  const parent = expression.parent;
  if (!parent) return undefined;
  if ((parent.type === 'Property' || parent.type === 'PropertyDefinition') && parent.value === expression) return keyName(parent);
  if (parent.type === 'VariableDeclarator' && parent.init === expression) return staticName(parent.id);
  if (parent.type === 'AssignmentExpression' && parent.right === expression) return staticName(parent.left);
  return undefined;
}

export interface LengthCheck {
  subject: string;
  operator: string;
  bound: TSESTree.Node;
  minimumFrom: (value: number) => number;
  fixDelta: number;
}

export const MIRRORED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * `pw.length < n`, `pw.length >= n`, `n > pw.length`… on a password-named value. The number tells
 * a minimum from a maximum (nobody caps passwords at 6).
 */
export function lengthComparison(binary: TSESTree.BinaryExpression): LengthCheck | undefined {
  const lengthSide = (node: TSESTree.Node) => {
    if (node.type !== 'MemberExpression' || staticName(node.property) !== 'length') return undefined;
    // `password.value.length` (Vue refs, DOM inputs) checks the password too.
    const chain = memberChain(node.object);
    const subject = chain[chain.length - 1] === 'value' ? chain[chain.length - 2] : chain[chain.length - 1];
    return subject && isPolicyPasswordName(subject) ? subject : undefined;
  };
  let operator: string = binary.operator;
  let subject = lengthSide(binary.left);
  let bound: TSESTree.Node = binary.right;
  if (!subject && binary.left.type !== 'PrivateIdentifier') {
    subject = lengthSide(binary.right);
    bound = binary.left;
    operator = MIRRORED[operator] ?? '';
  }
  if (!subject || !(operator in MIRRORED)) return undefined;
  // `len < n` and `len >= n` mean a minimum of n; `len <= n` and `len > n` a minimum of n + 1.
  const inclusive = operator === '<' || operator === '>=';
  return {
    subject,
    operator,
    bound,
    minimumFrom: (value) => (inclusive ? value : value + 1),
    fixDelta: inclusive ? 0 : -1,
  };
}

export const MIN_METHODS = new Set(['min', 'minLength', 'length', 'isLength', 'isStrongPassword']);
export const REGEX_METHODS = new Set(['regex', 'matches', 'pattern']);
export const REFINE_METHODS = new Set(['refine', 'superRefine', 'test', 'custom', 'validate', 'check']);
export const CLASS_KEYS: CharacterClass[] = ['lower', 'upper', 'digit', 'special'];
/** validator.js isStrongPassword options; each defaults to 1 (required). */
export const STRONG_PASSWORD_CLASSES: [CharacterClass, string][] = [
  ['lower', 'minLowercase'],
  ['upper', 'minUppercase'],
  ['digit', 'minNumbers'],
  ['special', 'minSymbols'],
];

export function methodName(call: TSESTree.CallExpression): string | undefined {
  return call.callee.type === 'MemberExpression' ? staticName(call.callee.property) : undefined;
}

/** `x.y()` where `x` is itself a call: a link of a builder chain. */
export function isChainLink(call: TSESTree.CallExpression): boolean {
  return call.callee.type === 'MemberExpression' && call.callee.object.type === 'CallExpression';
}

/** Every call of the chain `call` belongs to, outermost first. */
export function chainCalls(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  let top: TSESTree.Node = call;
  for (const parent of ancestors(call)) {
    if ((parent.type === 'MemberExpression' && parent.object === top) || (parent.type === 'CallExpression' && parent.callee === top)) top = parent;
    else break;
  }
  const calls: TSESTree.CallExpression[] = [];
  for (let current: TSESTree.Node | undefined = top; current; ) {
    if (current.type === 'CallExpression') {
      calls.push(current);
      current = current.callee;
    } else if (current.type === 'MemberExpression') current = current.object;
    else current = undefined;
  }
  return calls;
}

/**
 * The field a standalone validator belongs to, climbing through arrays, calls and validator-named keys:
 * `password: ['', [Validators.minLength(6)]]`, `password = new FormControl('', [...])`,
 * `password: v.pipe(v.string(), v.minLength(8))`, `register('password', …)`.
 */
export function fieldOwner(node: TSESTree.Node): string | undefined {
  let child: TSESTree.Node = node;
  for (const parent of ancestors(node)) {
    if (parent.type === 'ArrayExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSSatisfiesExpression') {
      child = parent;
      continue;
    }
    if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(child as TSESTree.CallExpressionArgument)) {
      const first = parent.arguments[0];
      if (first && first !== child && first.type === 'Literal' && typeof first.value === 'string' && first.value !== '') return first.value;
      child = parent;
      continue;
    }
    // Vuelidate `password: { required, minLength: minLength(6) }`: the key names the validator, its object the field.
    if (parent.type === 'Property' && parent.value === child && /^min(imum)?_?length$/i.test(keyName(parent) ?? '') && parent.parent?.type === 'ObjectExpression') {
      child = parent.parent;
      continue;
    }
    return ownerName(child);
  }
  return undefined;
}

/** The other validators of a valibot `pipe(...)` or a validator array. */
export function pipeSiblings(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const parent = call.parent;
  const list = parent?.type === 'CallExpression' ? parent.arguments : parent?.type === 'ArrayExpression' ? parent.elements : [];
  return list.filter((element): element is TSESTree.CallExpression => element?.type === 'CallExpression' && element !== call);
}

/** Names of the keys (or `register('password', …)` fields) enclosing an object literal, outermost first. */
export function enclosingNames(object: TSESTree.ObjectExpression): string[] {
  const names: string[] = [];
  let current: TSESTree.Node = object;
  for (let depth = 0; depth < 3; depth++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) break;
    if (parent.type === 'Property' && parent.value === current) {
      const name = keyName(parent);
      if (name) names.unshift(name);
      if (parent.parent?.type !== 'ObjectExpression') break;
      current = parent.parent;
      continue;
    }
    const owner = parent.type === 'CallExpression' ? fieldOwner(current) : ownerName(current);
    if (owner) names.unshift(owner);
    break;
  }
  return names;
}

/** The number a setting holds: `6`, `MIN`, Mongoose `[8, 'msg']`, react-hook-form `{ value: 8 }`, Sequelize `len: [6, 100]`. */
export function settingValue(node: TSESTree.Node, arrayOnly: boolean): TSESTree.Node | undefined {
  if (node.type === 'ArrayExpression') {
    const first = node.elements[0];
    return first && first.type !== 'SpreadElement' ? first : undefined;
  }
  if (arrayOnly) return undefined;
  if (node.type === 'ObjectExpression') return objectProperty(node, 'value')?.value;
  return node.type === 'Literal' || node.type === 'Identifier' ? node : undefined;
}

/** `new cognito.UserPool(this, id, { passwordPolicy: {…} })` (AWS CDK). */
export function isCdkUserPool(object: TSESTree.ObjectExpression): boolean {
  const property = object.parent;
  if (property?.type !== 'Property' || keyName(property) !== 'passwordPolicy') return false;
  const call = property.parent?.parent;
  return call?.type === 'NewExpression' && /UserPool$/.test(calleeName(call) ?? '');
}

/** Where a value comes from when it is a service's secret, not a user's: a connection string, a DB or mail config. */
export const SERVICE_SOURCE = /database|\bdb|uri\b|url\b|connection|redis|smtp|mongo|postgres|mysql/i;

/**
 * `const password = databaseUrl.match(…)[1]; if (password.length < 14)`: a security self-check of
 * a service credential, not a policy users must meet. Judged from the nearest declaration of the
 * checked name in the enclosing functions.
 */
export function isServicePassword(check: TSESTree.Node, subject: string, context: RuleContext<unknown>): boolean {
  for (const scope of ancestors(check)) {
    if (scope.type !== 'FunctionDeclaration' && scope.type !== 'FunctionExpression' && scope.type !== 'ArrowFunctionExpression') continue;
    for (const node of descendants(scope.body)) {
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.id.name === subject && node.init) {
        return SERVICE_SOURCE.test(context.getText(node.init));
      }
    }
  }
  return false;
}

/** A regular expression's pattern and where that pattern starts in the file (when edits can target it). */
export interface RegexSource {
  pattern: string;
  node: TSESTree.Node;
  /** Undefined when the pattern is a string with escapes: its text differs from the pattern. */
  patternStart?: number;
}

/** `/…/` or `new RegExp('…')` / `RegExp('…')` with a literal pattern (Joi's documented `pattern(new RegExp('^[a-zA-Z0-9]{3,30}$'))`). */
export function regexSource(node: TSESTree.Node | null | undefined): RegexSource | undefined {
  if (node?.type === 'Literal' && 'regex' in node) return { pattern: node.regex.pattern, node, patternStart: node.range[0] + 1 };
  if ((node?.type === 'NewExpression' || node?.type === 'CallExpression') && staticName(node.callee) === 'RegExp') {
    const argument = node.arguments[0];
    if (argument?.type !== 'Literal' || typeof argument.value !== 'string') return undefined;
    return { pattern: argument.value, node, patternStart: argument.raw.includes('\\') ? undefined : argument.range[0] + 1 };
  }
  return undefined;
}

export function isNamedPasswordRegex(node: TSESTree.Node): boolean {
  const owner = ownerName(node);
  return owner !== undefined && mentionsPassword(owner);
}
