import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { anyKeyword, createRule, type Fix, type MarkupElement, type OffsetRange } from '../api';
import { ancestors, calleeName, keyName, memberChain, objectProperty, staticName } from '../ast';
import { DerivedGates, isBlockedInMarkup, isGatedInTemplate } from './gates';
import { loadsTrackerUrl, trackerForUrl } from './tracker-hosts';

interface Options {
  /** Extra names (functions, flags, stores) that mean "the visitor has agreed" in this project. */
  gateNames: string[];
  /** The gate the quick fix wraps calls in: `if (hasConsent('analytics')) { … }`. */
  gateFunction: string;
}

export const TRACKER_DECISIONS = [
  'cnil-2025-conde-nast', 'cnil-2025-shein', 'cnil-2020-google-cookies', 'cnil-2020-amazon-cookies', 'cnil-2025-american-express',
  'cnil-2023-yahoo', 'cnil-2021-le-figaro', 'cnil-2023-doctissimo', 'cnil-2020-carrefour-france', 'cnil-2020-carrefour-banque',
  'cnil-2021-brico-prive', 'cnil-2023-criteo',
];

/** `gtag('consent', 'default', { …: 'denied' })`: Google tags then run without cookies until an update grants. */
const DENIED_DEFAULT_TEXT = /gtag\(\s*['"]consent['"]\s*,\s*['"]default['"]\s*,\s*\{[^}]*['"]denied['"]/;

/** Tool snippets as they appear inside a string (Next.js `<Script>{`…`}</Script>`, `dangerouslySetInnerHTML`). */
const SNIPPETS: [RegExp, string][] = [
  [/\bgtag\(\s*['"]config['"]/, 'Google tag (gtag.js)'],
  [/['"]gtm\.start['"]|googletagmanager\.com\/gtm\.js/, 'Google Tag Manager'],
  [/\bfbq\(\s*['"]init['"]/, 'Facebook'],
  [/static\.hotjar\.com|\b_hjSettings\b/, 'Hotjar'],
  [/clarity\.ms\/tag/, 'Microsoft Clarity'],
  [/\b_linkedin_partner_id\b/, 'LinkedIn Insight Tag'],
  [/\bttq\.load\(/, 'TikTok Pixel'],
  [/\b_paq\.push\(\s*\[\s*['"]trackPageView['"]/, 'Matomo'],
  [/\banalytics\.load\(/, 'Segment'],
  [/\bmixpanel\.init\(/, 'Mixpanel'],
  [/\bamplitude\.(getInstance\(\)\.)?init\(/, 'Amplitude'],
  [/\bposthog\.init\(/, 'PostHog'],
  [/js\.hs-scripts\.com/, 'HubSpot'],
  [/\bpintrk\(\s*['"]load['"]/, 'Pinterest'],
  [/\bsnaptr\(\s*['"]init['"]/, 'Snapchat'],
  [/\btwq\(\s*['"](config|init)['"]/, 'X (Twitter) Pixel'],
];

/** Global snippet functions: name → [first argument that loads the tracker, tool]. */
const QUEUE_CALLS: Record<string, [string[], string]> = {
  gtag: [['config'], 'Google tag (gtag.js)'],
  ga: [['create'], 'Google Analytics'],
  fbq: [['init'], 'Facebook'],
  pintrk: [['load'], 'Pinterest'],
  snaptr: [['init'], 'Snapchat'],
  twq: [['config', 'init'], 'X (Twitter) Pixel'],
};

/** SDK calls `receiver.method(…)` by receiver (lower-cased) and method, or by the package it was imported from. */
const SDK_CALLS: { receivers: string[]; packages: string[]; methods: string[]; tool: string }[] = [
  { receivers: ['posthog'], packages: ['posthog-js'], methods: ['init'], tool: 'PostHog' },
  { receivers: ['mixpanel'], packages: ['mixpanel-browser'], methods: ['init'], tool: 'Mixpanel' },
  { receivers: ['amplitude'], packages: ['@amplitude/analytics-browser', 'amplitude-js', '@amplitude/unified'], methods: ['init'], tool: 'Amplitude' },
  { receivers: ['analytics'], packages: [], methods: ['load'], tool: 'Segment' },
  { receivers: ['analyticsbrowser'], packages: ['@segment/analytics-next'], methods: ['load'], tool: 'Segment' },
  { receivers: ['heap'], packages: [], methods: ['load'], tool: 'Heap' },
  { receivers: ['hotjar'], packages: ['react-hotjar', '@hotjar/browser'], methods: ['initialize', 'init'], tool: 'Hotjar' },
  { receivers: ['clarity'], packages: ['@microsoft/clarity', 'react-microsoft-clarity'], methods: ['init'], tool: 'Microsoft Clarity' },
  { receivers: ['reactga'], packages: ['react-ga', 'react-ga4'], methods: ['initialize'], tool: 'Google Analytics' },
  { receivers: ['reactpixel'], packages: ['react-facebook-pixel'], methods: ['init'], tool: 'Facebook' },
  { receivers: ['ttq'], packages: [], methods: ['load'], tool: 'TikTok Pixel' },
];

/** `@next/third-parties` components that load Google's tags on render. */
const NEXT_THIRD_PARTIES: Record<string, string> = { GoogleAnalytics: 'Google Analytics', GoogleTagManager: 'Google Tag Manager' };

interface Placement extends OffsetRange {
  tool: string;
  /** Google tags honour Consent Mode. */
  google: boolean;
  /** Set when a Consent Mode default denied precedes the tag. */
  consentMode: boolean;
  fixes: Fix[];
  /** Name of the helper function (not a component, hook or lifecycle callback) the tracker runs in. */
  helper?: string;
}

/** Framework lifecycle methods: they run when the page or component mounts, for every visitor. */
const LIFECYCLE = /^(mounted|created|setup|beforeMount|ngOnInit|ngAfterViewInit|componentDidMount|connectedCallback|onMount|init|constructor)$/;

/** Not bare `analytics` or `pixel`: apps' own analytics settings and CSS pixels would have their
 * files parsed for nothing; the SDK calls and packages are specific enough. */
const SDK_KEYWORDS = [
  'gtag', 'fbq', '_paq', 'datalayer', 'googletag', 'posthog', 'mixpanel', 'amplitude', 'analytics.load', 'analyticsbrowser',
  '@segment', 'hotjar', 'clarity', 'ttq', 'pintrk', 'snaptr', 'twq', 'heap.load', 'react-ga', 'facebook-pixel', 'reactpixel', '@next/third-parties',
];
const SDK_EVIDENCE = anyKeyword(SDK_KEYWORDS);

export const trackerBeforeConsent = createRule<Options>({
  meta: {
    id: 'tracker-before-consent',
    family: 'consent-trackers',
    title: 'Tracker loaded before the visitor consents',
    severity: 'warning',
    decisions: TRACKER_DECISIONS,
    languages: ['js', 'markup'],
    ignoresTestFiles: true,
    keywords: ['src', ...SDK_KEYWORDS],
    // A `src` only matters with a tracker's URL loaded in the file; every other keyword is its own evidence.
    evidence: (text) => SDK_EVIDENCE.test(text) || loadsTrackerUrl(text),
    // A tracker load and the consent check around it share a statement; a helper that loads one
    // is kept with the statements calling it, and a gate variable with the statements reading it.
    statementScoped: true,
    docs: {
      why:
        'CNIL fined Les Publications Condé Nast (SAN-2025-010) because cookies subject to consent were set as soon as the visitor arrived on vanityfair.fr, before any choice in the banner; SHEIN (SAN-2025-005), Google (SAN-2020-012), Amazon (SAN-2020-013), American Express, Yahoo (SAN-2023-024), Le Figaro (SAN-2021-013), Doctissimo (SAN-2023-006), Carrefour (SAN-2020-008, SAN-2020-009) and Brico Privé (SAN-2021-008) for advertising or analytics trackers placed on arrival, and Criteo (SAN-2023-009) because partner sites placed its trackers without consent. An analytics, advertising, social, tag-manager, chat or video tag that loads with the page places or reads identifiers before the visitor has said yes.',
      fix: 'Load the tag only after consent: let your consent manager release it (`type="text/plain"` with its category attribute), or call the SDK from the consent callback / behind `if (hasConsent(\'analytics\'))`. For Google tags, set Consent Mode defaults to denied before any config. Embed YouTube from youtube-nocookie.com. Cookieless analytics (Plausible, Fathom, Simple Analytics) are not reported.',
      invalid: '<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>',
      valid: '<script type="text/plain" data-category="analytics" async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>',
    },
    defaultOptions: { gateNames: [], gateFunction: 'hasConsent' },
    optionsSchema: {
      properties: {
        gateNames: { type: 'array', items: { type: 'string' }, description: 'Extra names (functions, flags, stores) that mean the visitor has agreed, e.g. "useTrackingAllowed".' },
        gateFunction: { type: 'string', description: 'Function the quick fix wraps tracker calls in: `if (<gateFunction>(\'analytics\')) { … }`.' },
      },
    },
  },
  create(context) {
    const text = context.text;
    const gates = new DerivedGates(context.options.gateNames, text);
    /** Set by the markup visitor: only markup files can hold server-template conditionals. */
    let markupFile = false;
    const imports = new Map<string, string>();
    /** Offset of the first `gtag('consent','default', {…denied…})` call, and Matomo's consent-first settings. */
    let deniedDefaultAt = Infinity;
    let matomoConsentAt = Infinity;
    const byStatement = new Map<string, Placement>();

    const report = (placement: Placement & { uncalled?: boolean }) => {
      const mode = placement.google && placement.consentMode;
      context.report({
        start: placement.start,
        end: placement.end,
        severity: mode || placement.uncalled ? 'info' : undefined,
        message: placement.uncalled
          ? `${placement.tool} starts in ${placement.helper}(), which this file never calls: if its callers run it before the visitor consents, it places or reads identifiers on arrival (CNIL fined Condé Nast, SHEIN, Google and Amazon for that). Call it only after consent.`
          : mode
          ? `${placement.tool} runs under Google Consent Mode defaults set to denied: cookies wait for consent, but cookieless pings are still sent before the visitor chooses. Check that the banner's choice updates Consent Mode, or load the tag after consent.`
          : `${placement.tool} loads before the visitor has consented: it places or reads identifiers on arrival. CNIL fined Condé Nast, SHEIN, Google and Amazon for trackers set before any choice in the banner. Load it from your consent manager or behind a consent check.`,
        fixes: placement.fixes,
      });
    };

    /** One finding per tool per snippet: a loader that injects, initialises and tracks is one tracker. */
    const place = (node: TSESTree.Node, tool: string, fixes: Fix[] = [], consentMode = deniedDefaultAt < node.range[0]) => {
      if (gates.isGated(node) || (markupFile && isGatedInTemplate(text, node.range[0], gates.gate))) return;
      // Each JSX element is its own tag; the calls of one function or script (a vendor's loader
      // IIFE included) are one snippet per tool.
      const scope = [...ancestors(node)].find((ancestor) => (isFunctionNode(ancestor) && !(ancestor.parent?.type === 'CallExpression' && ancestor.parent.callee === ancestor)) || ancestor.type === 'Program');
      const key = node.type === 'JSXOpeningElement' ? `${node.range[0]}` : `${scope?.range[0]}:${tool}`;
      if (byStatement.has(key)) return;
      byStatement.set(key, { start: node.range[0], end: node.range[1], tool, google: /^Google/.test(tool), consentMode, fixes, helper: scope && helperName(scope) });
    };
    /** Call sites of functions by name, and whether each is gated: a helper is judged by its callers. */
    const callSites = new Map<string, boolean[]>();

    const wrapFix = (call: TSESTree.Node): Fix[] => {
      const statement = call.parent;
      if (statement?.type !== 'ExpressionStatement') return [];
      return [{
        title: `Run only after consent: wrap in if (${context.options.gateFunction}('analytics'))`,
        safe: false,
        edits: [
          { start: statement.range[0], end: statement.range[0], newText: `if (${context.options.gateFunction}('analytics')) { ` },
          { start: statement.range[1], end: statement.range[1], newText: ' }' },
        ],
      }];
    };

    /** `<GoogleAnalytics …/>` among other children → `{hasConsent('analytics') && <GoogleAnalytics …/>}`. */
    const jsxGateFix = (opening: TSESTree.JSXOpeningElement): Fix[] => {
      const element = opening.parent;
      if (element?.type !== 'JSXElement' || (element.parent?.type !== 'JSXElement' && element.parent?.type !== 'JSXFragment')) return [];
      return [{
        title: `Render only after consent: {${context.options.gateFunction}('analytics') && …}`,
        safe: false,
        edits: [
          { start: element.range[0], end: element.range[0], newText: `{${context.options.gateFunction}('analytics') && ` },
          { start: element.range[1], end: element.range[1], newText: '}' },
        ],
      }];
    };

    const consentModeFix = (call: TSESTree.Node): Fix[] => {
      const statement = call.parent;
      if (statement?.type !== 'ExpressionStatement') return [];
      const lineStart = text.lastIndexOf('\n', statement.range[0] - 1) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, statement.range[0]))?.[0] ?? '';
      return [{
        title: 'Set Google Consent Mode defaults to denied before the config',
        safe: false,
        edits: [{ start: statement.range[0], end: statement.range[0], newText: `gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });\n${indent}` }],
      }];
    };

    const sdkCall = (call: TSESTree.CallExpression): string | undefined => {
      const chain = memberChain(call.callee).filter((name) => name !== 'window' && name !== 'getInstance' && name !== 'default');
      if (chain.length !== 2) return undefined;
      const [receiver, method] = chain;
      const source = imports.get(receiver);
      const sdk = SDK_CALLS.find((candidate) => candidate.methods.includes(method) && (candidate.receivers.includes(receiver.toLowerCase()) || (source !== undefined && candidate.packages.includes(source))));
      // Without the SDK's import, a generic receiver (`analytics`, `heap`) must be handed a key, as the vendors' snippets do.
      return sdk && (source !== undefined || isKeyLike(call.arguments[0])) ? sdk.tool : undefined;
    };

    /** Tracker calls a string of code makes (inline snippets kept in template literals). */
    const snippetIn = (node: TSESTree.Node, code: string) => {
      // Defaults set in this snippet also hold for the Google tags rendered after it.
      if (DENIED_DEFAULT_TEXT.test(code)) deniedDefaultAt = Math.min(deniedDefaultAt, node.range[1]);
      for (const [pattern, tool] of SNIPPETS) {
        const match = pattern.exec(code);
        if (!match) continue;
        const denied = DENIED_DEFAULT_TEXT.exec(code);
        // A consent check written inside the snippet itself gates what follows it.
        const before = code.slice(0, match.index).replace(DENIED_DEFAULT_TEXT, '');
        if (gates.gate.test(before)) continue;
        place(node, tool, [], deniedDefaultAt < node.range[0] || (denied !== null && denied.index < match.index));
      }
    };

    return {
      js: {
        ImportDeclaration(declaration) {
          const source = String(declaration.source.value);
          for (const specifier of declaration.specifiers) imports.set(specifier.local.name, source);
          if (declaration.specifiers.length === 0) {
            const tracker = trackerForUrl(source);
            if (tracker) place(declaration, tracker.entity);
          }
        },
        ImportExpression(expression) {
          const tracker = trackerForUrl(urlPrefix(expression.source) ?? '');
          if (tracker) place(expression, tracker.entity);
        },
        VariableDeclarator: gates.declarator,
        CallExpression(call) {
          gates.setterCall(call);
          const called = call.callee.type === 'Identifier' ? call.callee.name : call.callee.type === 'MemberExpression' && call.callee.object.type === 'ThisExpression' ? staticName(call.callee.property) : undefined;
          if (called) callSites.set(called, [...(callSites.get(called) ?? []), gates.isGated(call)]);
          const name = calleeName(call);
          const first = staticName(call.arguments[0]);
          if (name === 'gtag' && first === 'consent' && staticName(call.arguments[1]) === 'default' && hasDenied(call.arguments[2])) {
            deniedDefaultAt = Math.min(deniedDefaultAt, call.range[0]);
            return;
          }
          const chain = memberChain(call.callee).filter((part) => part !== 'window');
          if (chain.length === 1 && name && name in QUEUE_CALLS) {
            const [firsts, tool] = QUEUE_CALLS[name];
            if (!first || !firsts.includes(first)) return;
            const gtagFixes = name === 'gtag' && deniedDefaultAt > call.range[0] ? consentModeFix(call) : [];
            place(call, tool, [...wrapFix(call), ...gtagFixes]);
            return;
          }
          if (name === 'push' && chain.includes('_paq')) {
            const command = call.arguments[0]?.type === 'ArrayExpression' ? staticName(call.arguments[0].elements[0] ?? undefined) : undefined;
            if (command === 'requireConsent' || command === 'requireCookieConsent' || command === 'disableCookies') matomoConsentAt = Math.min(matomoConsentAt, call.range[0]);
            else if ((command === 'trackPageView' || command === 'enableLinkTracking') && matomoConsentAt > call.range[0]) place(call, 'Matomo', wrapFix(call));
            return;
          }
          if (name === 'push' && chain.some((part) => /^dataLayer$/i.test(part)) && objectProperty(call.arguments[0], 'gtm.start')) {
            place(call, 'Google Tag Manager', wrapFix(call));
            return;
          }
          if (name === 'setAttribute' && first === 'src') {
            const tracker = trackerForUrl(urlPrefix(call.arguments[1], call) ?? '');
            if (tracker) place(call, tracker.entity);
            return;
          }
          const tool = sdkCall(call);
          if (tool && !cookielessOptions(tool, call.arguments)) place(call, tool, wrapFix(call));
        },
        AssignmentExpression(assignment) {
          if (assignment.left.type !== 'MemberExpression') return;
          const property = staticName(assignment.left.property);
          // A snippet copied into a created script: `script.innerHTML = \`…fbq('init', id)…\``.
          if ((property === 'innerHTML' || property === 'textContent' || property === 'text') && (assignment.right.type === 'TemplateLiteral' || assignment.right.type === 'Literal')) {
            snippetIn(assignment, text.slice(assignment.right.range[0], assignment.right.range[1]));
            return;
          }
          // Dynamic injection: `script.src = 'https://www.googletagmanager.com/gtm.js?id=' + id`.
          if (property !== 'src') return;
          const tracker = trackerForUrl(urlPrefix(assignment.right, assignment) ?? '');
          if (tracker) place(assignment, tracker.entity);
        },
        JSXOpeningElement(opening) {
          const name = staticName(opening.name);
          if (!name) return;
          if (name in NEXT_THIRD_PARTIES && (imports.get(name) ?? '@next/third-parties/google').startsWith('@next/third-parties')) {
            place(opening, NEXT_THIRD_PARTIES[name], jsxGateFix(opening));
            return;
          }
          const src = jsxAttribute(opening, 'src');
          const tracker = src && trackerForUrl(urlPrefix(src) ?? '');
          if (tracker && /^(script|Script|iframe|img)$/.test(name) && (name !== 'img' || isPixel(opening))) {
            place(opening, tracker.entity, name === 'iframe' ? youtubeFix(src, text) : jsxGateFix(opening));
            return;
          }
          if (name === 'script' || name === 'Script') {
            const html = jsxAttribute(opening, 'dangerouslySetInnerHTML');
            const inline = html ? objectProperty(html, '__html')?.value : undefined;
            const child = opening.parent?.type === 'JSXElement' ? opening.parent.children.find((c) => c.type === 'JSXExpressionContainer') : undefined;
            const code = inline ?? (child?.type === 'JSXExpressionContainer' ? child.expression : undefined);
            if (code && (code.type === 'TemplateLiteral' || code.type === 'Literal')) snippetIn(opening, text.slice(code.range[0], code.range[1]));
          }
        },
        'Program:exit'() {
          for (const placement of byStatement.values()) {
            const calls = placement.helper ? callSites.get(placement.helper) : undefined;
            if (!placement.helper || (calls && calls.some((gated) => !gated))) report(placement);
            else if (!calls) report({ ...placement, uncalled: true });
          }
          byStatement.clear();
        },
      },
      markup: {
        element(element) {
          markupFile = true;
          if (!['script', 'iframe', 'img'].includes(element.name)) return;
          const src = element.attribute('src');
          const tracker = src && trackerForUrl(src.value);
          if (!src || !tracker || isBlockedInMarkup(element)) return;
          if (element.name === 'img' && !isMarkupPixel(element)) return;
          if (autoBlockerBefore(text, element.range.start) || isGatedInTemplate(text, element.range.start, gates.gate)) return;
          report({
            start: src.valueRange.start,
            end: src.valueRange.end,
            tool: tracker.entity,
            google: /^Google/.test(tracker.entity),
            consentMode: DENIED_DEFAULT_TEXT.test(text),
            fixes: element.name === 'script' ? [blockScriptFix(element, tracker.category, text)] : youtubeMarkupFix(src),
          });
        },
      },
    };
  },
});

/**
 * The name of a helper function: a named function or method that is neither a component
 * (capitalised), a hook (`useX`), a lifecycle method, nor a callback passed to a call
 * (`useEffect(() => …)`, `onMounted(() => …)`, `defineNuxtPlugin(() => …)`).
 */
function helperName(scope: TSESTree.Node): string | undefined {
  if (!isFunctionNode(scope)) return undefined;
  const parent = scope.parent;
  let name: string | undefined;
  if (scope.type === 'FunctionDeclaration') name = scope.id?.name;
  else if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') name = parent.id.name;
  else if (parent?.type === 'MethodDefinition' || parent?.type === 'Property') name = keyName(parent);
  if (!name || /^[A-Z]/.test(name) || /^use[A-Z]/.test(name) || LIFECYCLE.test(name)) return undefined;
  return name;
}

function isFunctionNode(node: TSESTree.Node): boolean {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The literal start of a URL expression: `'https://x/y?id=' + id`, `` `https://x/${id}` ``. */
function urlPrefix(node: TSESTree.Node | null | undefined, at?: TSESTree.Node): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis[0].value.cooked ?? undefined;
  if (node.type === 'BinaryExpression' && node.operator === '+') return urlPrefix(node.left as TSESTree.Node, at);
  if (node.type === 'Identifier' && at) return urlPrefix(iifeArgument(node.name, at));
  return undefined;
}

/**
 * The argument an immediately-invoked snippet passes for a parameter: vendors' loaders hand their
 * URL in (`!function(f,b,e,v){ … t.src=v … }(window, document, 'script', 'https://connect.facebook.net/…')`).
 */
function iifeArgument(name: string, at: TSESTree.Node): TSESTree.Node | undefined {
  // `at` is the node being visited: unlike its descendants, it already has its `parent` chain.
  for (const ancestor of ancestors(at)) {
    if (ancestor.type !== 'FunctionExpression' && ancestor.type !== 'ArrowFunctionExpression') continue;
    const index = ancestor.params.findIndex((param) => param.type === 'Identifier' && param.name === name);
    if (index === -1) continue;
    const call = ancestor.parent;
    return call?.type === 'CallExpression' && call.callee === ancestor ? call.arguments[index] : undefined;
  }
  return undefined;
}

/** A write key, token or id: a string, `process.env.X` / `import.meta.env.X`, or a name saying so, or an options object. */
function isKeyLike(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'Literal' || node.type === 'TemplateLiteral' || node.type === 'ObjectExpression') return true;
  if (node.type === 'MemberExpression') return memberChain(node).includes('env') || /key|token|id$/i.test(staticName(node.property) ?? '');
  return node.type === 'Identifier' && /key|token|id$/i.test(node.name);
}

function hasDenied(node: TSESTree.Node | undefined): boolean {
  return node?.type === 'ObjectExpression' && node.properties.some((property) => property.type === 'Property' && staticName(property.value) === 'denied');
}

/** SDK options that keep the SDK from storing identifiers until consent (opt-out by default, memory-only persistence). */
function cookielessOptions(tool: string, args: TSESTree.CallExpressionArgument[]): boolean {
  const options = args.find((argument) => argument.type === 'ObjectExpression');
  const flag = (name: string) => {
    const property = objectProperty(options, name);
    return property?.value.type === 'Literal' ? property.value.value : undefined;
  };
  if (tool === 'PostHog') return flag('opt_out_capturing_by_default') === true || flag('persistence') === 'memory' || flag('disable_persistence') === true || flag('cookieless_mode') === 'always';
  if (tool === 'Mixpanel') return flag('opt_out_tracking_by_default') === true || flag('disable_persistence') === true;
  return false;
}

function jsxAttribute(opening: TSESTree.JSXOpeningElement, name: string): TSESTree.Node | undefined {
  for (const attribute of opening.attributes) {
    if (attribute.type !== 'JSXAttribute' || keyName(attribute) !== name || !attribute.value) continue;
    return attribute.value.type === 'JSXExpressionContainer' ? (attribute.value.expression.type === 'JSXEmptyExpression' ? undefined : attribute.value.expression) : attribute.value;
  }
  return undefined;
}

/** A 1×1 or hidden image: a tracking pixel rather than content served by the same entity. */
function isPixel(opening: TSESTree.JSXOpeningElement): boolean {
  const size = (name: string) => staticName(jsxAttribute(opening, name)) ?? String((jsxAttribute(opening, name) as TSESTree.Literal | undefined)?.value ?? '');
  return ['0', '1'].includes(size('width')) || ['0', '1'].includes(size('height')) || opening.parent?.parent?.type === 'JSXElement' && staticName(opening.parent.parent.openingElement.name) === 'noscript';
}

function isMarkupPixel(element: MarkupElement): boolean {
  const size = (name: string) => element.attribute(name)?.value.trim();
  return ['0', '1'].includes(size('width') ?? '') || ['0', '1'].includes(size('height') ?? '') || /display\s*:\s*none/i.test(size('style') ?? '') || element.ancestors().some((ancestor) => ancestor.name === 'noscript');
}

/** Cookiebot in auto-blocking mode or Usercentrics' autoblocker, loaded earlier in the page, hold back known trackers. */
function autoBlockerBefore(text: string, offset: number): boolean {
  const head = text.slice(0, offset);
  return /data-blockingmode\s*=\s*["']?auto/i.test(head) || /usercentrics\.eu\/[^"']*autoblocker/i.test(head);
}

/** The consent manager already used by the page, for the attributes that make it release a tag. */
function blockScriptFix(element: MarkupElement, category: string, text: string): Fix {
  const marketing = ['ad', 'social', 'marketing'].includes(category);
  let attributes = `type="text/plain" data-category="${marketing ? 'marketing' : 'analytics'}"`;
  if (/cookiebot/i.test(text)) attributes = `type="text/plain" data-cookieconsent="${marketing ? 'marketing' : 'statistics'}"`;
  else if (/optanon|onetrust|cookielaw\.org/i.test(text)) attributes = `type="text/plain" class="optanon-category-${marketing ? 'C0004' : 'C0002'}"`;
  const type = element.attribute('type');
  const edits = type
    ? [{ start: type.nameRange.start, end: type.valueRange.end + (text[type.valueRange.end] === '"' || text[type.valueRange.end] === "'" ? 1 : 0), newText: attributes }]
    : [{ start: element.startTagRange.start + '<script'.length, end: element.startTagRange.start + '<script'.length, newText: ` ${attributes}` }];
  return { title: 'Let the consent manager release this script after consent', safe: false, edits };
}

const YOUTUBE = /^(\s*(?:https?:)?\/\/)(?:www\.|m\.)?youtube\.com\/embed\//i;

function youtubeMarkupFix(src: { value: string; valueRange: OffsetRange }): Fix[] {
  const match = YOUTUBE.exec(src.value);
  if (!match) return [];
  const start = src.valueRange.start + match[1].length;
  return [{ title: 'Embed from youtube-nocookie.com', safe: true, edits: [{ start, end: src.valueRange.start + match[0].length - '/embed/'.length, newText: 'www.youtube-nocookie.com' }] }];
}

function youtubeFix(src: TSESTree.Node, text: string): Fix[] {
  if (src.type !== 'Literal' && src.type !== 'TemplateLiteral') return [];
  const start = src.range[0] + 1;
  return youtubeMarkupFix({ value: text.slice(start, src.range[1] - 1), valueRange: { start, end: src.range[1] - 1 } });
}
