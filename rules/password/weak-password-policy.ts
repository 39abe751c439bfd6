import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule, type Fix, type OffsetRange, type RuleContext, rangeOf } from '../api';
import { ancestors, keyName, memberChain, NumericConstants, staticName } from '../ast';
import { isTestFile } from '../paths';
import { describeClasses, judgePolicy, type PasswordPolicy } from './entropy';
import { isPasswordName } from './password-names';

export interface WeakPasswordPolicyOptions {
  /** The minimum length the quick fix raises a policy to. */
  targetLength: number;
  /** Minimum lengths below this are errors: the sanctioned cases. */
  errorBelowLength: number;
  passwordAloneBits: number;
  restrictedAccessBits: number;
  /** Set when login is throttled or locked after failures: the bar becomes restrictedAccessBits. */
  accessRestriction: boolean;
}

interface Evidence {
  policy: PasswordPolicy;
  /** Where the policy states the length: the finding's range. */
  valueRange: OffsetRange;
  /** The literal the fix edits (a constant's declaration when the check uses a constant). */
  fixRange: OffsetRange;
  /** The fix writes `targetLength + fixDelta` (a `<=` check needs target − 1). */
  fixDelta: number;
}

export const weakPasswordPolicy = createRule<WeakPasswordPolicyOptions>({
  meta: {
    id: 'weak-password-policy',
    family: 'password-policy',
    title: 'Password policy weaker than the CNIL recommendation',
    severity: 'warning',
    decisions: ['cnil-2020-nestor', 'cnil-2022-discord', 'cnil-2020-spartoo', 'cnil-2022-100-password-recommendation'],
    languages: ['js', 'markup'],
    keywords: ['password', 'passwd', 'pwd', 'passphrase', 'motdepasse', 'mot_de_passe', 'senha'],
    // A policy and the check that enforces it sit in statements naming the password; constants
    // they use are kept by the engine.
    statementScoped: true,
    docs: {
      why:
        'CNIL fined NESTOR (SAN-2020-018), which accepted passwords of a single character, Discord (SAN-2022-020) and Spartoo (SAN-2020-003), which accepted 6-character passwords, under GDPR Art. 32. Its recommendation 2022-100 judges a policy by the entropy it guarantees: 80 bits for a password alone (e.g. 12 characters mixing upper case, lower case, digits and specials), 50 bits when failed attempts are throttled or locked out, 13 bits for a device unlock code.',
      fix: 'Require at least 12 characters with mixed character classes (or 14 with upper, lower and digits), or a 7-word passphrase. With throttling or lockout in place, 50 bits is acceptable (set the rule option accessRestriction).',
      invalid: "const signup = z.object({ email: z.string().email(), password: z.string().min(6) });",
      valid: "const signup = z.object({ email: z.string().email(), password: z.string().min(12).regex(/[A-Z]/).regex(/[a-z]/).regex(/\\d/).regex(/[^A-Za-z0-9]/) });",
    },
    defaultOptions: { targetLength: 12, errorBelowLength: 8, passwordAloneBits: 80, restrictedAccessBits: 50, accessRestriction: false },
    optionsSchema: {
      properties: {
        targetLength: { type: 'integer', minimum: 1, description: 'Minimum length the quick fix writes (default 12).' },
        errorBelowLength: { type: 'integer', minimum: 1, description: 'Minimum lengths below this are errors (default 8).' },
        passwordAloneBits: { type: 'number', minimum: 1, description: 'Entropy bar for a password alone (CNIL 2022-100: 80).' },
        restrictedAccessBits: { type: 'number', minimum: 1, description: 'Entropy bar with throttling or lockout (CNIL 2022-100: 50).' },
        accessRestriction: { type: 'boolean', description: 'Login is throttled or locked after failed attempts: judge against restrictedAccessBits.' },
      },
    },
  },
  create(context) {
    if (isTestFile(context.path)) return {};
    const constants = new NumericConstants();
    // Checks may use constants declared further down, so JS evidence is judged at Program:exit.
    const pending: (() => Evidence | undefined)[] = [];

    const fromNumber = (node: TSESTree.Node | null | undefined, minimumFrom = (value: number) => value, fixDelta = 0) => {
      pending.push(() => {
        const resolved = constants.resolve(node);
        if (!resolved || !node) return undefined;
        const minLength = minimumFrom(resolved.value);
        // A minimum of 0 or 1 is a "required" check, never the whole policy.
        if (minLength <= 1) return undefined;
        return {
          policy: { minLength, requiredClasses: [] },
          valueRange: rangeOf(node),
          fixRange: rangeOf(resolved.literal),
          fixDelta,
        };
      });
    };

    return {
      js: {
        VariableDeclarator: constants.visitor,
        CallExpression(call) {
          const method = call.callee.type === 'MemberExpression' ? staticName(call.callee.property) : undefined;
          if ((method === 'min' || method === 'minLength') && isPasswordSchemaChain(call)) {
            fromNumber(call.arguments[0]);
          }
        },
        PropertyDefinition(property) {
          const name = keyName(property);
          if (!name || !isPasswordName(name)) return;
          for (const decorator of property.decorators ?? []) {
            const call = decorator.expression;
            if (call.type !== 'CallExpression') continue;
            const decoratorName = staticName(call.callee);
            if (decoratorName === 'MinLength' || decoratorName === 'Length') {
              fromNumber(call.arguments[0]);
            }
          }
        },
        BinaryExpression(binary) {
          const check = lengthComparison(binary);
          if (check) fromNumber(check.bound, check.minimumFrom, check.fixDelta);
        },
        JSXOpeningElement(element) {
          if (staticName(element.name) !== 'input') return;
          const attribute = (name: string) =>
            element.attributes.find((candidate): candidate is TSESTree.JSXAttribute => candidate.type === 'JSXAttribute' && staticName(candidate.name)?.toLowerCase() === name);
          const type = attribute('type')?.value;
          if (!type || type.type !== 'Literal' || type.value !== 'password') return;
          const minLength = attribute('minlength')?.value;
          const expression = minLength?.type === 'JSXExpressionContainer' ? minLength.expression : minLength;
          if (expression && expression.type !== 'JSXEmptyExpression' && expression.type !== 'JSXElement') {
            fromNumber(expression);
          }
        },
        'Program:exit'() {
          for (const evidence of pending.splice(0)) {
            const found = evidence();
            if (found) judge(context, found);
          }
        },
      },
      markup: {
        element(element) {
          if (element.name !== 'input' || element.attribute('type')?.value.toLowerCase() !== 'password') return;
          const minLength = element.attribute('minlength');
          if (!minLength) return;
          if (!/^\s*\d+\s*$/.test(minLength.value)) return;
          const value = Number(minLength.value);
          judge(context, {
            policy: { minLength: value, requiredClasses: [] },
            valueRange: minLength.valueRange,
            fixRange: minLength.valueRange,
            fixDelta: 0,
          });
        },
      },
    };
  },
});

function judge(context: RuleContext<WeakPasswordPolicyOptions>, evidence: Evidence): void {
  const options = context.options;
  const verdict = judgePolicy(evidence.policy, {
    errorBelowLength: options.errorBelowLength,
    passwordAloneBits: options.accessRestriction ? options.restrictedAccessBits : options.passwordAloneBits,
    restrictedAccessBits: options.restrictedAccessBits,
  });
  if (verdict.level === 'ok') return;
  const bits = Math.round(verdict.bits);
  const head = `Password minimum length ${evidence.policy.minLength} (${describeClasses(evidence.policy.requiredClasses)}) guarantees about ${bits} bits`;
  const bar = options.accessRestriction
    ? `, below the ${options.restrictedAccessBits} bits CNIL recommendation 2022-100 expects when failed logins are throttled or locked out`
    : `, below the ${options.passwordAloneBits} bits CNIL recommendation 2022-100 expects for a password alone (e.g. 12 characters mixing upper and lower case, digits and specials)`;
  const tail = {
    sanctioned: `. CNIL fined NESTOR (1-character passwords), Discord and Spartoo (6 characters) for rules this short.`,
    'needs-access-restriction': options.accessRestriction ? '.' : `; acceptable only with access restriction (throttling or lockout after failed attempts), where ${options.restrictedAccessBits} bits suffice.`,
    'weak-even-with-restriction': options.accessRestriction ? '.' : `, and below the ${options.restrictedAccessBits} bits acceptable even with throttling or lockout.`,
  }[verdict.level];
  const fixes: Fix[] =
    evidence.policy.minLength < options.targetLength
      ? [
          {
            title: `Raise the minimum password length to ${options.targetLength}`,
            // Not applied on save: a longer minimum can lock out users whose passwords are shorter.
            safe: false,
            edits: [{ ...evidence.fixRange, newText: String(options.targetLength + evidence.fixDelta) }],
          },
        ]
      : [];
  context.report({
    ...evidence.valueRange,
    message: `${head}${bar}${tail}`,
    severity: verdict.level === 'sanctioned' ? 'error' : 'warning',
    fixes,
  });
}

const SCHEMA_STRING_TYPES = new Set(['string', 'str', 'password']);

/**
 * `.min(n)` on a string schema (zod, yup, joi, valibot, superstruct…) whose value is a password:
 * the chain is the value of a password-named property or variable, or starts from a validator call
 * naming the field (`body('password')`).
 */
function isPasswordSchemaChain(call: TSESTree.CallExpression): boolean {
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
  if (fieldArgument !== undefined) return isPasswordName(fieldArgument);
  if (!chain.some((name) => SCHEMA_STRING_TYPES.has(name))) return false;
  return ownerName(top) !== undefined && isPasswordName(ownerName(top) ?? '');
}

/** The first string argument of the chain's innermost call: `body('password').isLength…` → "password". */
function rootCallArgument(call: TSESTree.CallExpression): string | undefined {
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
function ownerName(expression: TSESTree.Node): string | undefined {
  const parent = expression.parent;
  if (!parent) return undefined;
  if ((parent.type === 'Property' || parent.type === 'PropertyDefinition') && parent.value === expression) return keyName(parent);
  if (parent.type === 'VariableDeclarator' && parent.init === expression) return staticName(parent.id);
  if (parent.type === 'AssignmentExpression' && parent.right === expression) return staticName(parent.left);
  return undefined;
}

interface LengthCheck {
  subject: string;
  operator: string;
  bound: TSESTree.Node;
  minimumFrom: (value: number) => number;
  fixDelta: number;
}

const MIRRORED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * `pw.length < n`, `pw.length >= n`, `n > pw.length`… on a password-named value. The number tells
 * a minimum from a maximum (nobody caps passwords at 6).
 */
function lengthComparison(binary: TSESTree.BinaryExpression): LengthCheck | undefined {
  const lengthSide = (node: TSESTree.Node) => {
    if (node.type !== 'MemberExpression' || staticName(node.property) !== 'length') return undefined;
    const subject = memberChain(node.object).pop();
    return subject && isPasswordName(subject) ? subject : undefined;
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
