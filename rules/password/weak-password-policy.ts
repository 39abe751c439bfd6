import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule, type JsonValue, rangeOf } from '../api';
import { ancestors, calleeName, descendants, keyName, NumericConstants, objectProperty, staticName } from '../ast';
import { ImportedNames } from '../imports';
import type { CharacterClass } from './entropy';
import { isPolicyPasswordName, mentionsPassword } from './password-names';
import { isPasswordValue } from './password-values';
import { asksExistingPassword, messageLiterals, setsNewPassword } from './policy-context';
import { auth0Preset, classOfRequirementKey, isPasswordMinLengthKey, keycloakPolicy, requirementIsOn } from './policy-settings';
import { configVisitors } from './policy-config';
import { policyFromRegex, requiredClassesOfRegex } from './regex-policy';
import { type Evidence, judge, policyReport, type WeakPasswordPolicyOptions } from './policy-verdict';
import { chainCalls, CLASS_KEYS, enclosingNames, fieldOwner, isCdkUserPool, isChainLink, isNamedPasswordRegex, isPasswordSchemaChain, ownerName, rootCallArgument, isServicePassword, lengthComparison, methodName, MIN_METHODS, pipeSiblings, REFINE_METHODS, REGEX_METHODS, type RegexSource, regexSource, settingValue, STRONG_PASSWORD_CLASSES } from './policy-syntax';

/** What a number's evidence may add: unread class checks, `.min(1)` on a new password, the validator's messages. */
interface NumberDetails {
  classesUnread?: () => boolean;
  /** `.min(1)` on a field that sets a new password is the whole policy, not a "required" check. */
  setsNewPassword?: boolean;
  messages?: TSESTree.Node[];
}

/**
 * What a configuration policy needs beyond a password word: a minimum-length key with a number
 * after it (JSON, YAML, TOML, .env, or a Terraform variable's default), a Keycloak `length(N)`,
 * an Auth0 preset. Translation files, which name passwords in every language, have none of these.
 */
const MIN_LENGTH_KEY = String.raw`(?:(?:min|minimum)[\w .-]{0,40}?(?:length|len|chars|characters)|(?:length|len|chars|characters)[\w .-]{0,40}?min)`;
const CONFIG_POLICY = new RegExp(String.raw`${MIN_LENGTH_KEY}[\s\S]{0,80}?[:=]\s*["']?\d|length\(\s*\d|passwordPolicy`, 'i');

export const weakPasswordPolicy = createRule<WeakPasswordPolicyOptions>({
  meta: {
    id: 'weak-password-policy',
    family: 'password-policy',
    title: 'Password policy weaker than the CNIL recommendation',
    severity: 'warning',
    decisions: ['cnil-2020-nestor', 'cnil-2022-discord', 'cnil-2020-spartoo', 'cnil-2022-infogreffe', 'cnil-2022-100-password-recommendation'],
    languages: ['js', 'markup', 'config'],
    keywords: ['password', 'passwd', 'pwd', 'passphrase', 'motdepasse', 'mot_de_passe', 'senha'],
    // A policy and the check that enforces it sit in statements naming the password; constants
    // they use are kept by the engine.
    statementScoped: true,
    evidence: (text, _path, language) => language !== 'config' || CONFIG_POLICY.test(text),
    docs: {
      why:
        'CNIL fined NESTOR (SAN-2020-018), whose website accepted 6-character passwords and mobile app 1-character passwords, Discord (SAN-2022-020), which accepted 6-character passwords of letters and digits, and Spartoo (SAN-2020-003), which accepted 6 characters of a single type, under GDPR Art. 32 (NESTOR and Spartoo were judged against recommendation 2017-012, which 2022-100 replaced on 17 October 2022). Recommendation 2022-100 judges a policy by the entropy it guarantees: 80 bits for a password alone (e.g. at least 12 characters including upper case, lower case, digits and special characters from a list of at least 37), 50 bits when access to the account is restricted after failed attempts (e.g. throttling or lockout), and 13 bits only for the unlock code of a device the person holds that blocks after failed attempts (e.g. a SIM card PIN).',
      fix: 'Require at least 12 characters including upper case, lower case, digits and special characters (from a list of at least 37), or 14 with upper case, lower case and digits, or a 7-word passphrase. With throttling or lockout in place, 50 bits is acceptable (set the rule option accessRestriction).',
      invalid: "const signup = z.object({ email: z.string().email(), password: z.string().min(6) });",
      valid: "const signup = z.object({ email: z.string().email(), password: z.string().min(12).regex(/[A-Z]/).regex(/[a-z]/).regex(/\\d/).regex(/[^A-Za-z0-9]/) });",
    },
    defaultOptions: { targetLength: 12, errorBelowLength: 8, passwordAloneBits: 80, restrictedAccessBits: 50, accessRestriction: false },
    optionsSchema: {
      properties: {
        targetLength: { type: 'integer', minimum: 1, maximum: 128, description: 'Minimum length the quick fix writes (default 12).' },
        errorBelowLength: { type: 'integer', minimum: 1, maximum: 128, description: 'Minimum lengths below this are errors (default 8).' },
        passwordAloneBits: { type: 'number', minimum: 1, maximum: 1024, description: 'Entropy bar for a password alone (CNIL 2022-100: 80).' },
        restrictedAccessBits: { type: 'number', minimum: 1, maximum: 1024, description: 'Entropy bar with throttling or lockout (CNIL 2022-100: 50).' },
        accessRestriction: { type: 'boolean', description: 'Login is throttled or locked after failed attempts: judge against restrictedAccessBits.' },
      },
    },
  },
  create(context) {
    const constants = new NumericConstants();
    // A bound another module exports (`pw.length < PASSWORD_MIN_LENGTH`): the project step judges it.
    const imports = new ImportedNames();
    const regexConstants = new Map<string, RegexSource>();
    // Checks may use constants declared further down, so JS evidence is judged at Program:exit.
    const pending: (() => Evidence | undefined)[] = [];
    const judgedChains = new Set<TSESTree.Node>();

    /** Evidence from a number (literal or constant), with classes the same policy forces. */
    const fromNumber = (
      node: TSESTree.Node | null | undefined,
      requiredClasses: () => CharacterClass[] = () => [],
      minimumFrom = (value: number) => value,
      fixDelta = 0,
      details: NumberDetails = {},
    ) => {
      pending.push(() => {
        const resolved = constants.resolve(node);
        const imported = resolved ? undefined : imports.refOf(node);
        if (imported && node) {
          const data: ImportedBound = { offset: minimumFrom(0), requiredClasses: requiredClasses(), options: context.options, name: context.getText(node) };
          context.pend({ ...rangeOf(node), needs: [imported], data: data as unknown as JsonValue });
        }
        if (!resolved || !node) return undefined;
        const minLength = minimumFrom(resolved.value);
        // A minimum of 0 or 1 is a "required" check, never the whole policy — except on a field
        // that sets a new password, where nothing else limits it.
        const oneCharacterPolicy = minLength === 1 && details.setsNewPassword;
        if (minLength <= 1 && !oneCharacterPolicy) return undefined;
        return {
          policy: { minLength, requiredClasses: requiredClasses() },
          valueRange: rangeOf(node),
          fixRange: rangeOf(resolved.literal),
          fixDelta,
          classesUnread: details.classesUnread?.(),
          messages: details.messages,
          note: oneCharacterPolicy ? ' `min(1)` only makes the field required: this form accepts a 1-character new password.' : undefined,
        };
      });
    };

    /** Evidence from a regular expression that states a minimum length. */
    const fromRegex = (regex: RegexSource) => {
      const derived = policyFromRegex(regex.pattern);
      if (!derived || derived.minLength === undefined || derived.minLength <= 1 || derived.minLengthOffset === undefined) return;
      const digits = regex.patternStart === undefined ? undefined : regex.patternStart + derived.minLengthOffset;
      pending.push(() => ({
        policy: { minLength: derived.minLength ?? 0, requiredClasses: derived.requiredClasses },
        valueRange: rangeOf(regex.node),
        fixRange: digits === undefined ? rangeOf(regex.node) : { start: digits, end: digits + (derived.minLengthText ?? '').length },
        fixDelta: 0,
        noFix: digits === undefined,
      }));
    };

    /** `const PASSWORD_REGEX = /…/`, `passwordPattern: new RegExp('…')`: a policy by its name. */
    const fromNamedRegex = (node: TSESTree.Node) => {
      const regex = regexSource(node);
      if (regex && isNamedPasswordRegex(node)) fromRegex(regex);
    };

    const regexOf = (node: TSESTree.Node | undefined): RegexSource | undefined => {
      if (node?.type === 'Identifier') return regexConstants.get(node.name);
      return regexSource(node);
    };
    /** Password values tested against a pattern somewhere in the file (`UPPER.test(password)`): their length checks are not the whole policy. */
    const patternTested = new Set<string>();

    /** A schema chain (`z.string().min(8).regex(/[A-Z]/)`) judged once, from its outermost call. */
    const judgeChain = (call: TSESTree.CallExpression) => {
      const calls = chainCalls(call);
      const top = calls[0];
      if (judgedChains.has(top)) return;
      judgedChains.add(top);
      const regexes = () => calls.filter((link) => REGEX_METHODS.has(methodName(link) ?? '')).map((link) => regexOf(link.arguments[0])).filter((regex) => regex !== undefined);
      // `.refine((value) => /[A-Z]/.test(value))`, yup `.test('upper', msg, (v) => /[A-Z]/.test(v))`
      const refinedRegexes = () =>
        calls
          .filter((link) => REFINE_METHODS.has(methodName(link) ?? ''))
          .flatMap((link) => link.arguments.filter((argument) => argument.type === 'ArrowFunctionExpression' || argument.type === 'FunctionExpression'))
          .flatMap((callback) => [...descendants(callback)])
          .map((node) => (node.type === 'CallExpression' && methodName(node) === 'test' && node.callee.type === 'MemberExpression' ? regexOf(node.callee.object) : undefined))
          .filter((regex) => regex !== undefined);
      const classes = () => [...regexes(), ...refinedRegexes()].flatMap((regex) => requiredClassesOfRegex(regex.pattern));
      // `.regex(PASSWORD_REGEX)` imported, `.refine(isStrongPassword)`: checks this rule cannot read.
      const classesUnread = () =>
        calls.some(
          (link) =>
            (REGEX_METHODS.has(methodName(link) ?? '') && !regexOf(link.arguments[0])) ||
            (REFINE_METHODS.has(methodName(link) ?? '') && link.arguments.some((argument) => argument.type === 'Identifier' || argument.type === 'MemberExpression')),
        );
      // A login or confirmation form checks the password the user has: its rules are no creation policy.
      if (asksExistingPassword(top, calls)) return;
      const minimum = calls.find((link) => MIN_METHODS.has(methodName(link) ?? ''));
      if (minimum) {
        const name = methodName(minimum);
        const details: NumberDetails = { classesUnread, messages: messageLiterals(minimum) };
        if (name === 'isLength') {
          fromNumber(objectProperty(minimum.arguments[0], 'min')?.value, classes, undefined, undefined, details);
        } else if (name === 'isStrongPassword') {
          strongPasswordOptions(minimum, minimum.arguments[0]);
        } else fromNumber(minimum.arguments[0], classes, undefined, undefined, { ...details, setsNewPassword: setsNewPassword(top, ownerName(top) ?? rootCallArgument(call) ?? '', context.path) });
        return;
      }
      for (const regex of regexes()) fromRegex(regex);
    };

    /** validator.js `isStrongPassword(options)`: defaults 8 characters with all four classes. */
    const strongPasswordOptions = (call: TSESTree.CallExpression, options: TSESTree.Node | undefined) => {
      const classes = (): CharacterClass[] =>
        STRONG_PASSWORD_CLASSES.filter(([, key]) => {
          const property = objectProperty(options, key);
          return !property || requirementIsOn(constants.resolve(property.value)?.value);
        }).map(([characterClass]) => characterClass);
      const minLength = objectProperty(options, 'minLength');
      if (minLength) {
        fromNumber(minLength.value, classes);
        return;
      }
      pending.push(() => ({ policy: { minLength: 8, requiredClasses: classes() }, valueRange: rangeOf(call.callee), fixRange: rangeOf(call.callee), fixDelta: 0, noFix: true }));
    };

    /** An object literal of settings (`passwordPolicy: { minLength: 6, requireDigits: true }`). */
    const fromSettingsObject = (property: TSESTree.Property) => {
      const key = keyName(property);
      const object = property.parent;
      if (!key || object?.type !== 'ObjectExpression') return;
      const enclosing = enclosingNames(object);
      const value = settingValue(property.value, key === 'len');
      if (!value) return;
      if (key === 'len' ? !enclosing.some(isPolicyPasswordName) : !isPasswordMinLengthKey(key, enclosing)) return;
      // CDK's UserPool passwordPolicy requires every class unless told otherwise.
      const classesByDefault = isCdkUserPool(object);
      fromNumber(value, () =>
        CLASS_KEYS.filter((characterClass) => {
          const sibling = object.properties.find((candidate): candidate is TSESTree.Property => candidate.type === 'Property' && classOfRequirementKey(keyName(candidate) ?? '') === characterClass);
          if (!sibling) return classesByDefault;
          return requirementIsOn(constants.resolve(sibling.value)?.value ?? (sibling.value.type === 'Literal' ? sibling.value.value : undefined));
        }),
      );
    };

    return {
      js: {
        ImportDeclaration: imports.ImportDeclaration,
        VariableDeclarator(declarator) {
          constants.visitor(declarator);
          imports.VariableDeclarator(declarator);
          if (declarator.id.type === 'Identifier' && declarator.parent?.type === 'VariableDeclaration' && declarator.parent.kind === 'const') {
            const regex = regexSource(declarator.init);
            if (regex) regexConstants.set(declarator.id.name, regex);
          }
        },
        Literal(literal) {
          if ('regex' in literal) fromNamedRegex(literal);
        },
        NewExpression(expression) {
          fromNamedRegex(expression);
        },
        CallExpression(call) {
          const method = methodName(call);
          const callee = calleeName(call);
          if (method && (MIN_METHODS.has(method) || REGEX_METHODS.has(method)) && isPasswordSchemaChain(call)) {
            judgeChain(call);
            return;
          }
          // `/^…$/.test(password)` and `password.match(/^…$/)`
          if (method === 'test' && call.callee.type === 'MemberExpression' && isPasswordValue(call.arguments[0])) {
            patternTested.add(staticName(call.arguments[0]) ?? '');
            const regex = regexOf(call.callee.object);
            if (regex && !isNamedPasswordRegex(regex.node)) fromRegex(regex);
            return;
          }
          if (method === 'match' && call.callee.type === 'MemberExpression' && isPasswordValue(call.callee.object)) {
            patternTested.add(staticName(call.callee.object) ?? '');
            const regex = regexOf(call.arguments[0]);
            if (regex && !isNamedPasswordRegex(regex.node)) fromRegex(regex);
            return;
          }
          // validator.js: `validator.isLength(password, { min: 6 })`, `isStrongPassword(password, {…})`
          if ((callee === 'isLength' || callee === 'isStrongPassword') && isPasswordValue(call.arguments[0])) {
            if (callee === 'isLength') fromNumber(objectProperty(call.arguments[1], 'min')?.value);
            else strongPasswordOptions(call, call.arguments[1]);
            return;
          }
          // Standalone validators owned by a password field: valibot `v.pipe(v.string(), v.minLength(8))`,
          // Angular `password: ['', [Validators.minLength(6)]]`, superstruct `size(string(), 8)`.
          if ((callee === 'minLength' || callee === 'size') && !isChainLink(call)) {
            const owner = fieldOwner(call);
            if (owner === undefined || !isPolicyPasswordName(owner)) return;
            const siblings = pipeSiblings(call);
            const classes = () => siblings.flatMap((sibling) => (calleeName(sibling) === 'regex' ? requiredClassesOfRegex(regexOf(sibling.arguments[0])?.pattern ?? '') : []));
            fromNumber(callee === 'size' ? call.arguments[1] : call.arguments[0], classes);
          }
        },
        Property(property) {
          if (property.computed) return;
          fromSettingsObject(property);
          // Keycloak admin client `passwordPolicy: 'length(6) and digits(1)'`, Auth0 Management API `passwordPolicy: 'low'`.
          const key = keyName(property);
          const value = property.value;
          if (key !== 'passwordPolicy' || value.type !== 'Literal' || typeof value.value !== 'string') return;
          const keycloak = keycloakPolicy(value.value);
          const policy = keycloak ?? auth0Preset(value.value);
          if (!policy) return;
          const digits = keycloak?.lengthOffset !== undefined && !value.raw.includes('\\') ? value.range[0] + 1 + keycloak.lengthOffset : undefined;
          pending.push(() => ({
            policy,
            valueRange: rangeOf(value),
            fixRange: digits === undefined ? rangeOf(value) : { start: digits, end: digits + (keycloak?.lengthText ?? '').length },
            fixDelta: 0,
            noFix: digits === undefined,
          }));
        },
        // `function validatePassword(password, minLength = 3)`, `({ minLength = 8 } = {})`: a default
        // the project's own validator declares is its policy whenever callers pass nothing.
        AssignmentPattern(pattern) {
          const name = staticName(pattern.left);
          if (!name || pattern.left.type !== 'Identifier') return;
          const owner = passwordValidatorName(pattern);
          if (owner !== undefined && isPasswordMinLengthKey(name, [owner])) fromNumber(pattern.right);
        },
        PropertyDefinition(property) {
          const name = keyName(property);
          if (!name || !isPolicyPasswordName(name)) return;
          const decorators = (property.decorators ?? []).map((decorator) => decorator.expression).filter((call) => call.type === 'CallExpression');
          const classes = () => decorators.filter((call) => staticName(call.callee) === 'Matches').flatMap((call) => requiredClassesOfRegex(regexOf(call.arguments[0])?.pattern ?? ''));
          for (const call of decorators) {
            const decoratorName = staticName(call.callee);
            if (decoratorName === 'MinLength' || decoratorName === 'Length') fromNumber(call.arguments[0], classes);
            if (decoratorName === 'IsStrongPassword') strongPasswordOptions(call, call.arguments[0]);
          }
        },
        BinaryExpression(binary) {
          const check = lengthComparison(binary);
          if (check && !isServicePassword(binary, check.subject, context)) {
            fromNumber(check.bound, undefined, check.minimumFrom, check.fixDelta, { classesUnread: () => patternTested.has(check.subject) });
          }
        },
        JSXOpeningElement(element) {
          if (staticName(element.name) !== 'input') return;
          const attribute = (name: string) =>
            element.attributes.find((candidate): candidate is TSESTree.JSXAttribute => candidate.type === 'JSXAttribute' && staticName(candidate.name)?.toLowerCase() === name);
          const type = attribute('type')?.value;
          if (!type || type.type !== 'Literal' || type.value !== 'password') return;
          const pattern = attribute('pattern')?.value;
          const patternText = pattern?.type === 'Literal' && typeof pattern.value === 'string' ? pattern.value : undefined;
          const classes = () => (patternText ? (policyFromRegex(patternText, true)?.requiredClasses ?? []) : []);
          const minLength = attribute('minlength')?.value;
          const expression = minLength?.type === 'JSXExpressionContainer' ? minLength.expression : minLength;
          if (expression && expression.type !== 'JSXEmptyExpression' && expression.type !== 'JSXElement') {
            fromNumber(expression, classes);
          }
        },
        'Program:exit'() {
          // A named regex may also be the argument of a schema's `.regex()`: report it once.
          const reported = new Set<string>();
          for (const evidence of pending.splice(0)) {
            const found = evidence();
            const where = found && `${found.valueRange.start}:${found.valueRange.end}`;
            if (!found || !where || reported.has(where)) continue;
            reported.add(where);
            judge(context, found);
          }
        },
      },
      markup: {
        element(element) {
          if (element.name !== 'input' || element.attribute('type')?.value.toLowerCase() !== 'password') return;
          const minLength = element.attribute('minlength');
          const pattern = element.attribute('pattern');
          const derived = pattern ? policyFromRegex(pattern.value, true) : undefined;
          const stated = minLength && /^\s*\d+\s*$/.test(minLength.value) ? Number(minLength.value) : undefined;
          const requiredClasses = derived?.requiredClasses ?? [];
          if (stated !== undefined && minLength && (derived?.minLength === undefined || stated >= derived.minLength)) {
            judge(context, { policy: { minLength: stated, requiredClasses }, valueRange: minLength.valueRange, fixRange: minLength.valueRange, fixDelta: 0 });
          } else if (pattern && derived?.minLength !== undefined && derived.minLengthOffset !== undefined) {
            const digits = pattern.valueRange.start + derived.minLengthOffset;
            judge(context, {
              policy: { minLength: derived.minLength, requiredClasses },
              valueRange: pattern.valueRange,
              fixRange: { start: digits, end: digits + (derived.minLengthText ?? '').length },
              fixDelta: 0,
            });
          }
        },
      },
      config: configVisitors(context),
    };
  },
  settle(data, [bound]) {
    const { offset, requiredClasses, options, name } = data as unknown as ImportedBound;
    if (bound?.kind !== 'number') return undefined;
    const minLength = bound.value + offset;
    // A minimum of 0 or 1 is a "required" check, never the whole policy.
    if (minLength <= 1) return undefined;
    return policyReport({ minLength, requiredClasses }, options, false, { source: `${name} from ${bound.file}` });
  },
});

/** A length check against a constant another module exports, waiting for its value. */
interface ImportedBound {
  /** The minimum is the constant plus this (`length <= MAX` means MAX + 1). */
  offset: number;
  requiredClasses: CharacterClass[];
  options: WeakPasswordPolicyOptions;
  /** The bound as written, for the message. */
  name: string;
}

/** The name of the function a default parameter belongs to, when it validates a password: by its name or a password parameter. */
function passwordValidatorName(pattern: TSESTree.AssignmentPattern): string | undefined {
  const fn = [...ancestors(pattern)].find((node): node is TSESTree.FunctionLike => node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');
  if (!fn) return undefined;
  const holder = fn.parent;
  const name = fn.id?.name ?? (holder?.type === 'VariableDeclarator' || holder?.type === 'MethodDefinition' || holder?.type === 'Property' ? staticName(holder.type === 'VariableDeclarator' ? holder.id : holder.key) : undefined);
  if (name && mentionsPassword(name)) return name;
  return fn.params.some((param) => isPolicyPasswordName(staticName(param.type === 'AssignmentPattern' ? param.left : param) ?? '')) ? 'password' : undefined;
}

