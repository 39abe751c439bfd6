// A marketing opt-in that is ticked or true before the person chooses: the consent the NESTOR,
// Brico Privé and Hubside.Store decisions found missing is not given by a box someone else ticked.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule, type Fix, type MarkupElement, type OffsetRange } from '../api';
import { ancestors, calleeName, keyName, memberChain, objectProperty, staticName } from '../ast';
import { isJsxCheckbox, isMarketingOptIn, isMarkupCheckbox, jsxSubject, jsxTicked, labelsByTarget, markupSubject, markupTicked, type Ticked } from './checkboxes';
import { isMarketingField } from './marketing-data';

type Node = TSESTree.Node;

/** Objects whose values are a form's initial state. */
const DEFAULTS_KEY = /^(default_?values|initial_?values|initial_?state|initial_?form|form_?defaults|defaults|initial|default_?form_?values)$/i;
/** Calls whose argument is the initial state of a form or a component. */
const STATE_CALL = /^(useState|useForm|useFormik|withFormik|reactive|ref|shallowRef|useReducer|createForm|useFormState|writable|signal|createSignal|useSignal|superForm|setValues|reset)$/;
/** Sign-up and account-creation code, where a literal `newsletter: true` decides for the person. */
const SIGN_UP = /sign_?up|register|create_?(user|account|customer|member|profile)|onboard|inscri/i;
/** Code where `true` is the person's own request: a subscribe endpoint, a double opt-in confirmation. */
const OWN_CHOICE = /subscribe|opt_?in|optin|consent|confirm|preference|setting|update/i;
/** Calls that write a record. */
const WRITE_CALL = /^(create|createUser|insert|insertOne|insertMany|save|upsert|build|add|register|signUp|set|put|createAccount|createCustomer)$/;

const FINED = 'CNIL fined NESTOR and Brico Privé for marketing e-mails sent without consent.';
const TICKED = `is ticked before the person chooses. ${FINED} A pre-ticked box or a default of true is not consent: leave marketing opt-ins unticked and false until the person ticks them.`;
const STORED_TRUE = `defaults to true: every record created without an answer counts as consenting. ${FINED} Default it to false.`;
const VALIDATED_TRUE = `defaults to true when the form leaves it out. ${FINED} Default it to false.`;
const SIGNED_UP_TRUE = `is recorded as given by default. ${FINED} Store the value the person ticked instead.`;

export const marketingConsentPrechecked = createRule<Record<string, never>>({
  meta: {
    id: 'marketing-consent-prechecked',
    family: 'prospecting-consent',
    title: 'Marketing opt-in ticked by default',
    severity: 'warning',
    decisions: ['cnil-2020-nestor', 'cnil-2021-brico-prive', 'cnil-2024-hubside-store', 'cnil-2022-accor'],
    languages: ['js', 'markup'],
    keywords: ['newsletter', 'marketing', 'promo', 'offers', 'optin', 'opt_in', 'opt-in', 'mailing', 'prospect', 'offres', 'infolettre'],
    evidence: (text) => TICKED_TEXT.test(text),
    docs: {
      why:
        "CNIL fined NESTOR (SAN-2020-018) for marketing e-mails sent to prospects without their prior consent and Brico Privé (SAN-2021-008) for marketing e-mails sent without consent; Hubside.Store (SAN-2024-004) prospected by SMS and phone with files from contest forms deceptive by design (a 'VALIDATE' button implying consent), which gave no valid consent, and Accor (SAN-2022-017) prospected without valid consent. Consent to marketing must be a clear act of the person: a newsletter or offers checkbox ticked in advance, a form whose marketing field starts at `true`, or a sign-up handler that writes `newsletter: true` without reading the person's answer records a consent nobody gave. The rule looks at checkboxes (HTML, Vue, Svelte, server templates, JSX: `checked`, `defaultChecked`, `checked={true}`, `v-model`/`bind:checked` bound to a field initialised `true`), form state (`defaultValues`, `initialValues`, `useState(true)`, `ref(true)`, zod/yup `.default(true)`), schema defaults (mongoose/Sequelize `{ default: true }`, TypeORM/Mongoose `@Column({ default: true })`) and sign-up code. A field counts as marketing by its name (newsletter, marketing, promotions, special/partner offers, e-mail or SMS opt-in) or the label next to the checkbox; terms-of-service, remember-me, cookie and notification settings are not marketing. Prisma schemas (`@default(true)` in schema.prisma) are not read. French law lets a seller e-mail its existing customers about similar products without prior consent if the opt-out is offered at collection (CPCE L.34-5); a pre-ticked box that is that opt-out is still reported: suppress it with the reason if that exception is what you rely on.",
      fix: 'Untick the checkbox and start the field at `false` (or undefined), store `true` only from the person\'s own tick, and keep the date and wording of the consent.',
      invalid: '<label><input type="checkbox" name="newsletter" checked> Send me offers and news</label>',
      valid: '<label><input type="checkbox" name="newsletter"> Send me offers and news</label>',
    },
    defaultOptions: {},
    optionsSchema: { properties: {} },
  },
  create(context) {
    /** Checkboxes bound to a name, waiting for the script's initial values (Vue, Svelte, JSX state). */
    const bound: { name: string; start: number; end: number }[] = [];
    /** Names initialised to `true` in the file's scripts, with the literal. */
    const initialTrue = new Map<string, TSESTree.Literal>();
    const reported = new Set<number>();
    const elements: MarkupElement[] = [];

    const report = (range: OffsetRange, subject: string, fixes: Fix[], how = TICKED) => {
      if (reported.has(range.start)) return;
      reported.add(range.start);
      context.report({ ...range, message: `This ${subject} ${how}`, fixes });
    };
    /** Initial values already reported where they are written: their checkbox is not reported again. */
    const reportedLiterals = new Set<TSESTree.Literal>();
    const untick = (remove: OffsetRange): Fix[] => {
      // The attribute goes with the blanks before it.
      let start = remove.start;
      while (start > 0 && /[ \t]/.test(context.text[start - 1])) start--;
      return [{ title: 'Untick it by default', safe: true, edits: [{ start, end: remove.end, newText: '' }] }];
    };
    const falseFix = (literal: TSESTree.Literal, safe: boolean): Fix[] => {
      reportedLiterals.add(literal);
      return [{ title: 'Default it to false', safe, edits: [{ start: literal.range[0], end: literal.range[1], newText: 'false' }] }];
    };

    const onTicked = (ticked: Ticked, range: OffsetRange) => {
      if (ticked.kind === 'static') report(range, 'marketing opt-in checkbox', untick(ticked.remove));
      else bound.push({ name: ticked.name, ...range });
    };

    return {
      markup: {
        element(element) {
          elements.push(element);
        },
        // Labels may follow their checkbox (`<label for>`): checkboxes are judged once all are seen.
        'document:exit'() {
          const labels = labelsByTarget(elements);
          for (const element of elements) {
            if (!isMarkupCheckbox(element)) continue;
            const ticked = markupTicked(element, context.text);
            if (!ticked) continue;
            const { names, label } = markupSubject(element, labels);
            if (isMarketingOptIn([...names, ticked.kind === 'bound' ? ticked.name : undefined], label)) onTicked(ticked, element.startTagRange);
          }
        },
      },
      js: {
        JSXOpeningElement(opening) {
          if (!isJsxCheckbox(opening)) return;
          const found = jsxTicked(opening);
          if (!found) return;
          const { names, label } = jsxSubject(opening, (node) => context.getText(node));
          if (isMarketingOptIn([...names, found.ticked.kind === 'bound' ? found.ticked.name : undefined], label)) onTicked(found.ticked, { start: opening.range[0], end: opening.range[1] });
        },
        VariableDeclarator(declarator) {
          // const [newsletter, setNewsletter] = useState(true); const optIn = ref(true); let newsletter = true (Svelte)
          const init = declarator.init;
          const name = declarator.id.type === 'ArrayPattern' ? staticName(declarator.id.elements[0] ?? undefined) : staticName(declarator.id);
          if (!name || !init) return;
          if (isTrue(init)) initialTrue.set(name, init as TSESTree.Literal);
          if (init.type === 'CallExpression' && STATE_CALL.test(calleeName(init) ?? '') && isTrue(init.arguments[0])) {
            initialTrue.set(name, init.arguments[0] as TSESTree.Literal);
            if (isMarketingField(name)) report(rangeOf(declarator), `marketing opt-in state \`${name}\``, falseFix(init.arguments[0] as TSESTree.Literal, true));
          }
        },
        Property(property) {
          const name = keyName(property);
          if (!name) return;
          if (isTrue(property.value)) initialTrue.set(name, property.value as TSESTree.Literal);
          if (!isMarketingField(name)) return;
          const value = property.value as Node;
          if (isTrue(value)) {
            const literal = value as TSESTree.Literal;
            if (isFormDefault(property)) report(rangeOf(property), `marketing opt-in \`${name}\` of the form's initial values`, falseFix(literal, true));
            else if (isSignUpWrite(property, context.getText.bind(context))) report(rangeOf(property), `sign-up code sets \`${name}: true\` without reading the person's answer: the marketing opt-in`, falseFix(literal, false), SIGNED_UP_TRUE);
            return;
          }
          // mongoose/Sequelize `{ type: Boolean, default: true }`, zod/yup/joi `.default(true)`.
          const schemaDefault = value.type === 'ObjectExpression' ? objectProperty(value, 'default') ?? objectProperty(value, 'defaultValue') : undefined;
          if (schemaDefault && isTrue(schemaDefault.value)) report(rangeOf(property), `marketing opt-in \`${name}\` of the schema`, falseFix(schemaDefault.value as TSESTree.Literal, false), STORED_TRUE);
          const chained = chainDefault(value);
          if (chained) report(rangeOf(property), `marketing opt-in \`${name}\` of the validation schema`, falseFix(chained, false), VALIDATED_TRUE);
        },
        PropertyDefinition(definition) {
          // @Column({ default: true }) newsletter: boolean; @Prop({ default: true })
          const name = keyName(definition);
          if (!isMarketingField(name)) return;
          for (const decorator of definition.decorators) {
            const call = decorator.expression.type === 'CallExpression' ? decorator.expression : undefined;
            const options = call?.arguments.find((arg) => arg.type === 'ObjectExpression');
            const value = objectProperty(options, 'default')?.value;
            if (isTrue(value)) report(rangeOf(definition), `marketing opt-in \`${name}\` of the entity`, falseFix(value as TSESTree.Literal, false), STORED_TRUE);
          }
        },
        'Program:exit'() {
          for (const checkbox of bound) {
            const literal = initialTrue.get(checkbox.name);
            if (literal && !reportedLiterals.has(literal)) report(checkbox, `marketing opt-in checkbox (bound to \`${checkbox.name}\`, initialised to true)`, falseFix(literal, true));
          }
        },
      },
    };
  },
});

/** A checkbox ticked in markup or JSX, or a marketing word followed by `true` on its line (the prefilter). */
const TICKED_TEXT = /\bchecked\b|defaultChecked|isChecked|\bdefault:\s*true\b|\b(ref|useState|writable|signal|createSignal)\(\s*true\s*\)|\blet\s+[\w$]+\s*=\s*true\b|(newsletter|marketing|promo|offers|opt_?in|optin|mailing|prospect)[^\n]{0,80}\btrue\b/i;

function isTrue(node: Node | null | undefined): boolean {
  return node?.type === 'Literal' && node.value === true;
}

function rangeOf(node: Node): OffsetRange {
  return { start: node.range[0], end: node.range[1] };
}

/** `z.boolean().default(true)`, `yup.bool().default(true)`, `Joi.boolean().default(true)`: the `true`. */
function chainDefault(value: Node): TSESTree.Literal | undefined {
  for (let current: Node | undefined = value; current?.type === 'CallExpression'; current = current.callee.type === 'MemberExpression' ? current.callee.object : undefined) {
    if (calleeName(current) === 'default' && isTrue(current.arguments[0])) return current.arguments[0] as TSESTree.Literal;
  }
  return undefined;
}

/** Inside `defaultValues: {…}`, `useForm({ defaultValues })`, `useState({…})`, `<Formik initialValues={{…}}>` or a Vue `data()`. */
function isFormDefault(property: TSESTree.Property): boolean {
  for (const ancestor of ancestors(property)) {
    if (ancestor.type === 'Property' && DEFAULTS_KEY.test(keyName(ancestor) ?? '')) return true;
    if (ancestor.type === 'JSXAttribute' && DEFAULTS_KEY.test(keyName(ancestor) ?? '')) return true;
    if (ancestor.type === 'CallExpression' && STATE_CALL.test(calleeName(ancestor) ?? '')) return true;
    if (ancestor.type === 'VariableDeclarator' && DEFAULTS_KEY.test(staticName(ancestor.id) ?? '')) return true;
    if ((ancestor.type === 'FunctionExpression' || ancestor.type === 'ArrowFunctionExpression') && ancestor.parent?.type === 'Property' && keyName(ancestor.parent) === 'data') return true;
    if (ancestor.type === 'FunctionDeclaration' || ancestor.type === 'ClassBody') return false;
  }
  return false;
}

/** `User.create({ email, password, newsletter: true })` in a sign-up function or route. */
function isSignUpWrite(property: TSESTree.Property, getText: (node: Node) => string): boolean {
  const object = property.parent;
  if (object?.type !== 'ObjectExpression') return false;
  const write = [...ancestors(object)].find((ancestor) => ancestor.type === 'CallExpression' || ancestor.type === 'NewExpression');
  if (write?.type !== 'CallExpression' || !WRITE_CALL.test(calleeName(write) ?? '')) return false;
  const scope = [...ancestors(write)].find((ancestor) => ancestor.type === 'FunctionDeclaration' || ancestor.type === 'FunctionExpression' || ancestor.type === 'ArrowFunctionExpression');
  if (!scope) return false;
  const names = [...ancestors(write)].flatMap((ancestor) => functionNames(ancestor, getText)).join(' ');
  return SIGN_UP.test(names) && !OWN_CHOICE.test(names);
}

/** The names a function goes by: its own, the variable or key holding it, the route path it handles. */
function functionNames(node: Node, getText: (node: Node) => string): string[] {
  if (node.type === 'FunctionDeclaration') return [node.id?.name ?? ''];
  if (node.type === 'VariableDeclarator' || node.type === 'Property' || node.type === 'MethodDefinition' || node.type === 'PropertyDefinition') return [node.type === 'VariableDeclarator' ? staticName(node.id) ?? '' : keyName(node) ?? ''];
  if (node.type === 'CallExpression') {
    const path = node.arguments[0];
    return path && (path.type === 'Literal' || path.type === 'TemplateLiteral') ? [getText(path)] : [memberChain(node.callee).join('.')].filter((name) => /route|handler/i.test(name));
  }
  if (node.type === 'ClassDeclaration') return [node.id?.name ?? ''];
  return [];
}
