// Consent gates: code and markup that hold a tracker back until the visitor has agreed. Shared by
// the consent rules, which stay silent for anything a gate covers.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { MarkupElement } from '../api';
import { ancestors, keyName, memberChain, staticName } from '../ast';

/**
 * Names that only appear where consent is tested or awaited: the word itself, opt-in flags, the
 * TCF API, and the consent managers' globals, events and callbacks.
 */
const GATE_WORDS = [
  'consent', 'opt_?in', 'opted_?in', 'gdprApplies', '__tcfapi', 'cookiebot', 'onetrust', 'optanon', 'didomi', 'axeptio',
  '_axcb', 'tarteaucitron', 'klaro', 'orejime', 'usercentrics', 'UC_UI', 'cookieyes', 'getCkyConsent', 'osano',
  '(cookies?|tracking|analytics|marketing|statistics)_?(allowed|accepted)', 'accepted_?cookies', 'allow_?(cookies|tracking|analytics)',
  'preferences?\\W{1,3}(analytics|statistics|marketing|tracking|advertising)', '\\baccepted\\b', '\\bgranted\\b',
];

export function gatePattern(extraNames: readonly string[]): RegExp {
  const extra = extraNames.map((name) => `\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  return new RegExp([...GATE_WORDS, ...extra].join('|'), 'i');
}

/**
 * Function names that say the function runs once consent is given (`onConsentGiven`,
 * `afterAccept`, `loadIfConsented`) — not any name mentioning consent: a `ConsentBanner`
 * component or a `loadConsentManager` helper runs for every visitor.
 */
const GATED_FUNCTION = /(on|after|when|if|upon)_?(consent|accept|opt_?in|allow)|consent(ed|_?given|_?granted|_?accepted|_?received)|(accepted|granted|allowed)$|^(grant|accept)|opted_?in/i;

/** Wrappers that render their children only once the visitor asks or consents: `<ClickShield>`, `<TwoClickEmbed>`, `<ConsentGate>`. */
const CONSENT_WRAPPER = /click.?(shield|to.?(load|play|activate|show))|two.?click|(consent|privacy).?(gate|guard|shield|wrapper)|(with|require|if|when).?consent/i;

/** orestbida/cookieconsent, Klaro and similar take their "consent given" callbacks as options. */
const CONSENT_CALLBACK_KEY = /^on(Consent|FirstConsent|Change|Accept|Allow|StatusChange|Initiali[sz]e)/;

/**
 * True when `node` runs only after a consent check: under an `if`/`?:`/`&&` testing consent, after
 * an early `if (!consent) return`, inside a callback handed to a consent manager (or registered
 * for one of its events), or inside a function whose name says it runs on consent. `extra` are
 * the project's own gate names (option `gateNames`).
 */
export function isGatedInCode(node: TSESTree.Node, gate: RegExp, text: string, extra: readonly string[]): boolean {
  const source = (n: TSESTree.Node) => text.slice(n.range[0], n.range[1]);
  let child: TSESTree.Node = node;
  for (const parent of ancestors(node)) {
    switch (parent.type) {
      case 'IfStatement':
      case 'ConditionalExpression':
        if (child !== parent.test && gate.test(source(parent.test))) return true;
        break;
      case 'LogicalExpression':
        if (child === parent.right && gate.test(source(parent.left))) return true;
        break;
      case 'BlockStatement':
      case 'Program':
      case 'StaticBlock':
        if (earlyExit(parent.body as TSESTree.Node[], child, gate, source) !== undefined) return true;
        break;
      case 'CallExpression':
        // A callback: `Cookiebot.onaccept`, `__tcfapi('addEventListener', 2, cb)`, `addEventListener('CookiebotOnAccept', cb)`, `didomiOnReady.push(cb)`.
        if (child !== parent.callee && (gate.test(memberChain(parent.callee).join('.')) || parent.arguments.some((argument) => argument.type === 'Literal' && gate.test(String(argument.value))))) return true;
        break;
      case 'Property':
        if (child === parent.value && isFunction(child) && (CONSENT_CALLBACK_KEY.test(keyName(parent) ?? '') || gatedName(keyName(parent), extra))) return true;
        break;
      case 'JSXAttribute':
        // `<CookieConsent onAccept={() => …}>`: a consent component's callback, or a consent callback prop.
        if (CONSENT_CALLBACK_KEY.test(keyName(parent) ?? '') || (parent.parent?.type === 'JSXOpeningElement' && gate.test(memberChain(parent.parent.name as TSESTree.Node).join('.')))) return true;
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
        if (gatedName(parent.id?.name, extra)) return true;
        break;
      case 'MethodDefinition':
        if (gatedName(keyName(parent), extra)) return true;
        break;
      case 'VariableDeclarator':
        if (isFunction(child) && parent.id.type === 'Identifier' && gatedName(parent.id.name, extra)) return true;
        break;
      case 'JSXElement':
        if (child !== parent.openingElement && CONSENT_WRAPPER.test(staticName(parent.openingElement.name) ?? '')) return true;
        break;
      case 'AssignmentExpression':
        // `window.CookiebotCallback_OnAccept = function () { … }`, `tarteaucitron.services.x = { js() { … } }`
        if (child === parent.right && (isFunction(child) || child.type === 'ObjectExpression') && gate.test(source(parent.left))) return true;
        break;
    }
    child = parent;
  }
  return false;
}

/** Conditions that pick a build, deployment or feature flag: they hold for every visitor of that site. */
const ENVIRONMENT = /process\.env|import\.meta\.env|\bNODE_ENV\b|\bAPP_ENV\b|\bisProd(uction)?\b|\bPROD\b|\bDEV\b|__DEV__|\benv(ironment)?\b|\bhugo\.IsProduction\b|\.Site\.IsServer\b|\bhugo\.Environment\b|\bjekyll\.environment\b|\bfeature_?flag|\bisEnabled\(/i;

/**
 * The environment or feature-flag condition a tracker runs under (`process.env.NODE_ENV ===
 * 'production'`), shortened for a message, when the nearest enclosing condition is one.
 */
export function environmentCondition(node: TSESTree.Node, text: string): string | undefined {
  const source = (n: TSESTree.Node) => text.slice(n.range[0], n.range[1]);
  let child: TSESTree.Node = node;
  for (const parent of ancestors(node)) {
    const test = (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && child !== parent.test ? parent.test : parent.type === 'LogicalExpression' && child === parent.right ? parent.left : undefined;
    // `if (process.env.NODE_ENV !== 'production') return;` before it counts as much as an `if` around it.
    const condition = test ? source(test) : parent.type === 'BlockStatement' || parent.type === 'Program' ? earlyExit(parent.body as TSESTree.Node[], child, ENVIRONMENT, source) : undefined;
    if (condition !== undefined && ENVIRONMENT.test(condition)) return shorten(condition);
    child = parent;
  }
  return undefined;
}

/** The environment condition of the innermost open template conditional around `offset`. */
export function environmentInTemplate(text: string, offset: number): string | undefined {
  const condition = openTemplateConditions(text, offset).findLast((open) => ENVIRONMENT.test(open));
  return condition === undefined ? undefined : shorten(condition);
}

/** The condition of the innermost open template conditional around `offset`, whatever it tests. */
export function conditionInTemplate(text: string, offset: number): string | undefined {
  const condition = openTemplateConditions(text, offset).findLast((open) => open.trim() !== '');
  return condition === undefined ? undefined : shorten(condition, 100);
}

/** A condition's text on one line, cut at `max` characters, for a message. */
export function shorten(condition: string, max = 60): string {
  // `{%- if x -%}`: the whitespace control's dash is no part of the condition.
  const spaced = condition.replace(/\s+/g, ' ').trim();
  const flat = spaced.endsWith('-') ? spaced.slice(0, -1).trimEnd() : spaced;
  return flat.length > max ? `${flat.slice(0, max - 3)}…` : flat;
}

function gatedName(name: string | undefined, extra: readonly string[]): boolean {
  return name !== undefined && (GATED_FUNCTION.test(name) || extra.includes(name));
}

function isFunction(node: TSESTree.Node): boolean {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression';
}

/** The condition of an early exit matching `pattern` before `child` in the same block: `if (!hasConsent()) return;`. */
function earlyExit(body: TSESTree.Node[], child: TSESTree.Node, pattern: RegExp, source: (n: TSESTree.Node) => string): string | undefined {
  for (const statement of body) {
    if (statement === child) return undefined;
    if (statement.type !== 'IfStatement' || !pattern.test(source(statement.test))) continue;
    const exit = statement.consequent.type === 'BlockStatement' ? statement.consequent.body.at(-1) : statement.consequent;
    if (exit && (exit.type === 'ReturnStatement' || exit.type === 'ThrowStatement')) return source(statement.test);
  }
  return undefined;
}

// Partytown runs `text/partytown` scripts in a web worker: they still load and track.
const EXECUTABLE_TYPE = /javascript|ecmascript|^module$|babel|jsx|typescript|partytown/;

/** Attributes by which consent managers find the tags they release after consent. */
const BLOCKING_ATTRIBUTES = ['data-cookieconsent', 'data-category', 'data-cookiecategory', 'data-consent', 'data-usercentrics', 'data-cookieyes'];

/**
 * True when the browser will not run or load the element before a consent manager releases it:
 * a script typed `text/plain` (or any non-executable type), a tag carrying a consent manager's
 * category attribute or OneTrust's `optanon-category-*` class.
 */
export function isBlockedInMarkup(element: MarkupElement): boolean {
  const type = element.attribute('type')?.value.trim().toLowerCase() ?? '';
  if (element.name === 'script' && type !== '' && !EXECUTABLE_TYPE.test(type)) return true;
  const cookiebot = element.attribute('data-cookieconsent')?.value.trim().toLowerCase();
  if (cookiebot === 'ignore') return false;
  if (BLOCKING_ATTRIBUTES.some((name) => element.attribute(name))) return true;
  return /\boptanon-category-/i.test(element.attribute('class')?.value ?? '');
}

/**
 * Names a file derives from consent: values destructured from a consent hook or store
 * (`const { statistics } = useConsent()`), and React state whose setter is only ever called
 * with `true` under a consent gate (`if (marketing) setLoadPixel(true)` makes `loadPixel` a gate).
 */
export class DerivedGates {
  private readonly names = new Set<string>();
  private readonly ungatedSetters = new Set<string>();
  private pattern: RegExp;

  constructor(private readonly extra: readonly string[], private readonly text: string) {
    this.pattern = gatePattern(extra);
  }

  get gate(): RegExp {
    return this.pattern;
  }

  get gateNames(): readonly string[] {
    return [...this.extra, ...this.names];
  }

  isGated(node: TSESTree.Node): boolean {
    return isGatedInCode(node, this.pattern, this.text, this.gateNames);
  }

  declarator = (declarator: TSESTree.VariableDeclarator): void => {
    const init = declarator.init?.type === 'AwaitExpression' ? declarator.init.argument : declarator.init;
    if (init?.type !== 'CallExpression' || !this.pattern.test(memberChain(init.callee).join('.'))) return;
    if (declarator.id.type === 'ObjectPattern') {
      for (const property of declarator.id.properties) {
        if (property.type === 'Property' && property.value.type === 'Identifier') this.add(property.value.name);
      }
    }
  };

  setterCall = (call: TSESTree.CallExpression): void => {
    if (call.callee.type !== 'Identifier' || !/^set[A-Z]/.test(call.callee.name)) return;
    const argument = call.arguments[0];
    if (argument?.type !== 'Literal' || argument.value !== true) return;
    const state = call.callee.name[3].toLowerCase() + call.callee.name.slice(4);
    if (this.ungatedSetters.has(state)) return;
    if (this.isGated(call)) this.add(state);
    else {
      this.ungatedSetters.add(state);
      this.names.delete(state);
      this.pattern = gatePattern(this.gateNames);
    }
  };

  private add(name: string): void {
    if (this.names.has(name)) return;
    this.names.add(name);
    this.pattern = gatePattern(this.gateNames);
  }
}

/**
 * Opening and closing tags of template conditionals: Liquid/Jinja/Nunjucks/Twig, Handlebars, EJS/ERB,
 * PHP, Blade, and Go templates (Hugo), whose `{{ end }}` also closes `range`, `define` and `block`.
 * A condition is at most 1,000 characters: unbounded, each unclosed `{% if` rescanned the rest of the file.
 */
const TEMPLATE_CONDITION = /\{%-?\s*(if|unless|elsif|elif)\b([\s\S]{0,1000}?)%\}|\{\{[#^](if|unless)\b([\s\S]{0,1000}?)\}\}|<%[_-]?\s*(if)\b([\s\S]{0,1000}?)%>|<\?php\s+(if)\b([\s\S]{0,1000}?)\?>|@(if)\b(\([^\n]{0,1000}\))|\{\{-?\s*(if|with|else if|else with|range|define|block)\b([\s\S]{0,1000}?)-?\}\}|\{%-?\s*end(if|unless)\s*-?%\}|\{\{\/(if|unless)\}\}|<%[_-]?\s*\}\s*[_-]?%>|<\?php\s+(?:endif;?|\})\s*\?>|@endif\b|\{\{-?\s*end\s*-?\}\}|\{%-?\s*else\s*-?%\}|\{\{-?\s*else\s*-?\}\}|<%[_-]?\s*\}\s*else\s*\{\s*[_-]?%>|<\?php\s+else\s*(?::\s*)?\?>|@else\b/g;
const TEMPLATE_ELSE = /^(\{%-?\s*else\s*-?%\}|\{\{-?\s*else\s*-?\}\}|<%[_-]?\s*\}\s*else\s*\{|<\?php\s+else\b|@else\b)/;

/** The conditions of the template conditionals open at `offset`, outermost first (`''` for a loop or definition). */
function openTemplateConditions(text: string, offset: number): string[] {
  const open: string[] = [];
  for (const match of text.slice(0, offset).matchAll(TEMPLATE_CONDITION)) {
    const go = match[11];
    const condition = match[2] ?? match[4] ?? match[6] ?? match[8] ?? match[10] ?? match[12];
    // A plain else: what follows is the other branch, never the consent one.
    if (TEMPLATE_ELSE.test(match[0])) {
      if (open.length > 0) open[open.length - 1] = '';
      continue;
    }
    if (condition === undefined) {
      open.pop();
      continue;
    }
    // elsif/elif/else if continue the same conditional: the branch after them is not the first branch.
    if (match[1] === 'elsif' || match[1] === 'elif' || go?.startsWith('else')) open.pop();
    const negated = match[1] === 'unless' || match[3] === 'unless' || /^\s*not\b/.test(condition);
    open.push(go === 'range' || go === 'define' || go === 'block' || negated ? '' : condition);
  }
  return open;
}

/**
 * True when `offset` lies inside a server-template conditional that tests consent
 * (`{% if cookies_accepted %}`, `{{#if consent.analytics}}`, `<?php if ($consent): ?>`, `{{ if .consent }}`).
 */
export function isGatedInTemplate(text: string, offset: number, gate: RegExp): boolean {
  return openTemplateConditions(text, offset).some((condition) => condition !== '' && gate.test(condition));
}
