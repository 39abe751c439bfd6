// tracker-before-consent: an analytics, advertising, social or video tag that loads before the visitor
// has chosen. The visitors below find where a tracker loads; gates.ts decides whether consent gates it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { anyKeyword, createRule, type Fix, type OffsetRange, type ProjectCondition } from '../api';
import { ancestors, calleeName, keyName, memberChain, objectProperty, staticName } from '../ast';
import { DerivedGates, environmentCondition, isGatedInTemplate } from './gates';
import { configPluginEntry, htmlSources, inlineHeadScript, isBlockedHeadScript, isHeadScript, isHtmlSink, nuxtScript, packagePluginCall, presetOption } from './tracker-config';
import { DEFAULT_GATE_FUNCTION } from './consent-fix';
import { crossFileConditions, exportedNames, importedTrackerUses, importsTrackerLoader, ownerName, TRACKER_NAME_KEYWORDS, withUses } from './imported-trackers';
import { consentModeFix, jsxGateFix, wrapFix, youtubeFix } from './tracker-fixes';
import { loadsTrackerUrl } from './tracker-hosts';
import { COMPONENTS, CONFIG_PLUGINS, PACKAGE_PLUGINS, PRESET_OPTIONS, QUEUE_CALLS, SDK_CALLS, type SdkCall, SITE_CONFIG_FILE, SNIPPETS, trackerProduct } from './tracker-integrations';
import { PageTrackers, SiteConfigTrackers } from './tracker-pages';
import { INCLUDE_KEYWORDS, includesTemplates, settingsRead, settleTemplateFinding, standaloneCondition, TemplateIncludes, type TemplateFindingData } from './template-includes';
import { cookielessOptions, hasDenied, helperName, isFunctionNode, isKeyLike, isPixel, jsxAttribute, urlPrefix } from './tracker-shapes';

interface Options {
  /** Extra names (functions, flags, stores) that mean "the visitor has agreed" in this project. */
  gateNames: string[];
  /** The gate the quick fix wraps calls in: `if (hasConsent('analytics')) { … }`; the default is declared as a placeholder where missing. */
  gateFunction: string;
}

export const TRACKER_DECISIONS = [
  'cnil-2025-conde-nast', 'cnil-2025-shein', 'cnil-2020-google-cookies', 'cnil-2020-amazon-cookies', 'cnil-2025-american-express',
  'cnil-2023-yahoo', 'cnil-2021-le-figaro', 'cnil-2023-doctissimo', 'cnil-2020-carrefour-france', 'cnil-2020-carrefour-banque',
  'cnil-2021-brico-prive', 'cnil-2023-criteo',
];

/** `gtag('consent', 'default', { …: 'denied' })`: Google tags then run without cookies until an update grants. */
const DENIED_DEFAULT_TEXT = /gtag\(\s*['"]consent['"]\s*,\s*['"]default['"]\s*,\s*\{[^}]{0,5000}['"]denied['"]/;

interface Placement extends OffsetRange {
  tool: string;
  /** Google tags honour Consent Mode. */
  google: boolean;
  /** Set when a Consent Mode default denied precedes the tag. */
  consentMode: boolean;
  fixes: Fix[];
  /** Name of the helper function (not a component, hook or lifecycle callback) the tracker runs in. */
  helper?: string;
  /** Name of the function (component, hook or helper) the tracker runs in, for other modules' uses of it. */
  owner?: string;
  /** The environment or feature-flag condition it runs under, which is no consent check. */
  environment?: string;
  /** A plugin documented to run in production builds only. */
  productionOnly?: boolean;
  /** The site-config key that switches it on, and its setting as templates read it (template-includes.ts). */
  key?: string;
  setting?: string;
  /** Hugo's embedded partial by name: a site file of that name replaces it, and reports its own snippet. */
  overridable?: string;
}

/** Not bare `analytics` or `pixel`: apps' own analytics settings and CSS pixels would have their
 * files parsed for nothing; the SDK calls and packages are specific enough. */
const SDK_KEYWORDS = [
  'gtag', 'fbq', '_paq', 'datalayer', 'googletag', 'posthog', 'mixpanel', 'amplitude', 'analytics.load', 'analyticsbrowser',
  '@segment', 'hotjar', 'clarity', 'ttq', 'pintrk', 'snaptr', 'twq', 'heap.load', 'react-ga', 'facebook-pixel', 'reactpixel', '@next/third-parties',
];
const SDK_EVIDENCE = anyKeyword(SDK_KEYWORDS);
/** Plugin, module, package and component names of the integrations table, Docusaurus preset keys, Hugo's template. */
const INTEGRATION_KEYWORDS = [
  ...CONFIG_PLUGINS.flatMap((plugin) => plugin.names), ...PACKAGE_PLUGINS.flatMap((plugin) => plugin.packages), ...SDK_CALLS.flatMap((sdk) => sdk.packages),
  ...COMPONENTS.map((component) => component.name), ...Object.keys(PRESET_OPTIONS), 'google_analytics', 'useScript',
];
/** `registry` is a common word: only nuxt.config's `scripts: { registry: {` counts. */
const INTEGRATION_EVIDENCE = new RegExp(`${anyKeyword(INTEGRATION_KEYWORDS).source}|\\bregistry\\s*:\\s*\\{`, 'i');
/** Server-template and static-site pages, whose inline scripts may include partials. */
const TEMPLATE_PAGE = /\.(?:html?|liquid|njk|nunjucks|hbs|handlebars|mustache|ejs|jinja2?|j2|twig|erb)$/i;
/** Folders of template partials: a script kept there (`_includes/ga.js`) is included by the templates. */
const PARTIAL_FOLDER = /(?:^|\/)(?:_includes|_partials|partials|snippets)\//;
/** Site configs name a tracker by its id: Google tag ids. */
const GOOGLE_ID = /\b(G|UA|GTM|AW|DC)-[A-Z0-9]{4,}/;

export const trackerBeforeConsent = createRule<Options>({
  meta: {
    id: 'tracker-before-consent',
    family: 'consent-trackers',
    title: 'Tracker loaded before the visitor consents',
    severity: 'warning',
    decisions: TRACKER_DECISIONS,
    languages: ['js', 'markup', 'config'],
    keywords: ['src', ...SDK_KEYWORDS, ...INTEGRATION_KEYWORDS, 'analytics', 'registry', ...TRACKER_NAME_KEYWORDS, ...INCLUDE_KEYWORDS],
    // A `src` only matters with a tracker's URL loaded in the file, and `analytics` only in a Hugo or
    // Jekyll site config holding a Google tag id, or in a file importing a tracker-named loader or
    // component from a project module (imported-trackers.ts); a template including others states
    // how (template-includes.ts); every other keyword is its own evidence.
    evidence: (text, path, language) =>
      language === 'config'
        ? SITE_CONFIG_FILE.test(path) && GOOGLE_ID.test(text)
        : SDK_EVIDENCE.test(text) || INTEGRATION_EVIDENCE.test(text) || loadsTrackerUrl(text) || importsTrackerLoader(text) || (language === 'markup' && includesTemplates(text)),
    // A tracker load and the consent check around it share a statement; a helper that loads one
    // is kept with the statements calling it, and a gate variable with the statements reading it.
    // Not in template pages: an include tag inside an inline script is blanked, and the consent
    // check around it has no keyword of its own (template-includes.ts).
    statementScoped: (path) => !TEMPLATE_PAGE.test(path),
    // Files that render or call an imported tracker, or include templates, state how; site configs
    // state the tracker settings they set (imported-trackers.ts, template-includes.ts).
    statesFacts: true,
    docs: {
      why:
        'CNIL fined Les Publications Condé Nast (SAN-2025-010) because cookies subject to consent were set as soon as the visitor arrived on vanityfair.fr, before any choice in the banner; SHEIN (SAN-2025-005), Google (SAN-2020-012), Amazon (SAN-2020-013), American Express, Yahoo (SAN-2023-024), Le Figaro (SAN-2021-013), Doctissimo (SAN-2023-006), Carrefour (SAN-2020-008, SAN-2020-009) and Brico Privé (SAN-2021-008) for advertising or analytics trackers placed on arrival, and Criteo (SAN-2023-009) because partner sites placed its trackers without consent. An analytics, advertising, social, tag-manager, chat or video tag that loads with the page places or reads identifiers before the visitor has said yes.',
      fix: 'Load the tag only after consent: let your consent manager release it (`type="text/plain"` with its category attribute), or call the SDK from the consent callback / behind `if (hasConsent(\'analytics\'))`. For Google tags, set Consent Mode defaults to denied before any config. Embed YouTube from youtube-nocookie.com. Cookieless analytics (Plausible, Fathom, Simple Analytics) are not reported.',
      invalid: '<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>',
      valid: '<script type="text/plain" data-category="analytics" async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>',
    },
    defaultOptions: { gateNames: [], gateFunction: DEFAULT_GATE_FUNCTION },
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

    const report = (placement: Placement & { uncalled?: boolean; calledElsewhere?: boolean; when?: ProjectCondition }) => {
      const mode = placement.google && placement.consentMode;
      const notConsent = placement.environment
        ? ` The condition \`${placement.environment}\` it runs under selects an environment or a flag, not the visitor's consent.`
        : placement.productionOnly ? ' The plugin is active in production builds only: that selects an environment, not the visitor\'s consent.' : '';
      const loads = placement.key
        ? `${placement.tool} is switched on by \`${placement.key}\` in the site config: the theme's analytics template loads it on every page, before the visitor has consented, and it places or reads identifiers on arrival.`
        : `${placement.tool} loads before the visitor has consented: it places or reads identifiers on arrival.`;
      const severity = mode || placement.uncalled ? 'info' : undefined;
      const [lead, rest] = placement.uncalled
        ? [`${placement.tool} starts in ${placement.helper}(), which this file does not call directly: if its callers run it before the visitor consents, it places or reads identifiers on arrival (CNIL fined Condé Nast, SHEIN, Google and Amazon for that). Call it only after consent.`, '']
        : placement.calledElsewhere
        ? [`${placement.tool} starts in ${placement.helper}(), which another module calls without a consent check: it places or reads identifiers before the visitor has consented. CNIL fined Condé Nast, SHEIN, Google and Amazon for trackers set before any choice in the banner. Call it only after consent (from the banner's accept callback or behind a consent check).`, '']
        : mode
        ? [`${placement.tool} runs under Google Consent Mode defaults set to denied: cookies wait for consent, but cookieless pings are still sent before the visitor chooses.`, ` Check that the banner's choice updates Consent Mode, or load the tag after consent.`]
        : [`${loads}${notConsent}`, ' CNIL fined Condé Nast, SHEIN, Google and Amazon for trackers set before any choice in the banner. Load it from your consent manager or behind a consent check.'];
      const descriptor = { start: placement.start, end: placement.end, severity, message: `${lead}${rest}`, fixes: placement.fixes } as const;
      if (placement.setting) {
        // The site config's key: the theme template that emits it reports the snippet (template-includes.ts).
        context.addFact({ kind: 'sets-setting', setting: placement.setting, key: placement.key ?? placement.setting });
        context.report({ ...descriptor, when: { fact: 'setting-emitted', module: context.path, export: placement.setting, holds: false } });
      } else if (templatePartial() && !placement.when) {
        // A template: the templates including it, and the site config switching it on, may decide.
        const data: TemplateFindingData = { lead, rest, ...(severity ? { severity } : {}) };
        const notOverridden: ProjectCondition | undefined = placement.overridable ? { fact: 'template-found', module: context.path, export: placement.overridable, holds: false } : undefined;
        context.report({ ...descriptor, when: { ...standaloneCondition(context.path), ...(notOverridden ? { and: notOverridden } : {}) } });
        context.pend({ start: placement.start, end: placement.end, needs: [], data, project: { includes: true, settings: emittedSettings() }, fixes: placement.fixes, ...(notOverridden ? { when: notOverridden } : {}) });
      } else context.report({ ...descriptor, ...(placement.when ? { when: placement.when } : {}) });
    };
    /** A template, or a script kept with the template partials: the templates including it decide. */
    const templatePartial = () => markupFile || PARTIAL_FOLDER.test(context.path);
    /** The tracker settings this template reads, stated once a tracker is seen in it (gated or not). */
    let settings: string[] | undefined;
    const emittedSettings = (): string[] => {
      if (!settings) {
        settings = settingsRead(text);
        for (const setting of settings) context.addFact({ kind: 'emits-setting', setting });
      }
      return settings;
    };
    /** Inline scripts whose tracker the script tag of the same snippet already reports. */
    const claimed: { range: OffsetRange; tool: string }[] = [];
    const pageReport = (placement: { start: number; end: number; tool: string; fixes: Fix[]; environment?: string; key?: string; setting?: string; overridable?: string }) =>
      report({ ...placement, google: /^Google/.test(placement.tool), consentMode: DENIED_DEFAULT_TEXT.test(text) });
    const pages = new PageTrackers(text, gates.gate, pageReport, (range, tool) => claimed.push({ range, tool }));
    const siteConfig = new SiteConfigTrackers(context.path, pageReport);
    const includes = new TemplateIncludes(text, () => gates.gate, (fact) => context.addFact(fact));

    /** One finding per tool per snippet: a loader that injects, initialises and tracks is one tracker. */
    const place = (node: TSESTree.Node, tool: string, fixes: Fix[] = [], consentMode = deniedDefaultAt < node.range[0], productionOnly = false) => {
      if (templatePartial()) emittedSettings();
      if (gates.isGated(node) || (markupFile && isGatedInTemplate(text, node.range[0], gates.gate))) return;
      if (claimed.some(({ range, tool: claimedTool }) => claimedTool === tool && range.start <= node.range[0] && node.range[1] <= range.end)) return;
      // Each JSX element is its own tag; the calls of one function or script (a vendor's loader
      // IIFE included) are one snippet per tool.
      const scope = [...ancestors(node)].find((ancestor) => (isFunctionNode(ancestor) && !(ancestor.parent?.type === 'CallExpression' && ancestor.parent.callee === ancestor)) || ancestor.type === 'Program');
      const key = node.type === 'JSXOpeningElement' ? `${node.range[0]}` : `${scope?.range[0]}:${tool}`;
      if (byStatement.has(key)) return;
      const environment = environmentCondition(node, text);
      byStatement.set(key, { start: node.range[0], end: node.range[1], tool, google: /^Google/.test(tool), consentMode, fixes, helper: scope && helperName(scope), owner: scope && ownerName(scope), environment, productionOnly });
    };
    const placeUrl = (node: TSESTree.Node, url: string | undefined, fixes: Fix[] = []) => {
      const tracker = trackerProduct(url ?? '');
      if (tracker) place(node, tracker.tool, fixes);
    };
    /**
     * A function handed over by name (`onAccept={initAnalytics}`, `cmp.on('consent', init)`) runs
     * where it is handed. The walk has not reached the name yet: its parent is linked here so the
     * gate check can climb from it.
     */
    const handedOver = (node: TSESTree.Node | undefined | null, parent: TSESTree.Node) => {
      if (node?.type !== 'Identifier') return;
      node.parent ??= parent;
      callSites.set(node.name, [...(callSites.get(node.name) ?? []), gates.isGated(node)]);
    };
    /** Strings of code or HTML the page runs: inline head scripts, HTML handed to innerHTML or injectHtmlTags. */
    const stringOfCode = (node: TSESTree.Literal | TSESTree.TemplateLiteral) => {
      const code = node.type === 'Literal' ? String(node.value) : node.quasis.map((quasi) => quasi.value.raw).join('${}');
      if (inlineHeadScript(node)) snippetIn(node, code);
      else if (/<(script|iframe|img)\b/i.test(code) && isHtmlSink(node)) {
        for (const url of htmlSources(code)) placeUrl(node, url);
        snippetIn(node, code);
      }
    };
    /** Call sites of functions by name, and whether each is gated: a helper is judged by its callers. */
    const callSites = new Map<string, boolean[]>();
    const fixContext = { text, path: context.path, gateFunction: context.options.gateFunction };

    const sdkCall = (call: TSESTree.CallExpression): SdkCall | undefined => {
      const chain = memberChain(call.callee).filter((name) => name !== 'window' && name !== 'getInstance' && name !== 'default');
      if (chain.length !== 2) return undefined;
      const [receiver, method] = chain;
      const source = imports.get(receiver);
      // The package imported decides first: `ReactGA` from react-ga4 is the Google tag, from react-ga Google Analytics.
      const sdk =
        SDK_CALLS.find((candidate) => candidate.methods.includes(method) && source !== undefined && candidate.packages.includes(source)) ??
        SDK_CALLS.find((candidate) => candidate.methods.includes(method) && candidate.receivers.includes(receiver.toLowerCase()));
      // Without the SDK's import, a generic receiver (`analytics`, `heap`) must be handed a key, as the vendors' snippets do.
      return sdk && (source !== undefined || isKeyLike(call.arguments[0])) ? sdk : undefined;
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
      js: withUses({
        ImportDeclaration(declaration) {
          const source = String(declaration.source.value);
          for (const specifier of declaration.specifiers) imports.set(specifier.local.name, source);
          if (declaration.specifiers.length === 0) placeUrl(declaration, source);
        },
        ImportExpression(expression) {
          placeUrl(expression, urlPrefix(expression.source));
        },
        Literal(literal) {
          if (typeof literal.value !== 'string') return;
          const plugin = configPluginEntry(literal, text);
          if (plugin) place(plugin.node, plugin.tool, [], plugin.consentModeDenied, plugin.productionOnly);
          // Docusaurus `scripts: ['https://…']`.
          else if (literal.parent?.type === 'ArrayExpression' && literal.parent.parent?.type === 'Property' && keyName(literal.parent.parent) === 'scripts') placeUrl(literal, literal.value);
          else stringOfCode(literal);
        },
        TemplateLiteral: stringOfCode,
        Property(property) {
          const preset = presetOption(property) ?? nuxtScript(property, gates.gate, text);
          if (preset) place(preset.node, preset.tool, [], false, preset.productionOnly);
          else if (keyName(property) === 'src' && isHeadScript(property.parent) && !isBlockedHeadScript(property.parent as TSESTree.ObjectExpression)) placeUrl(property, urlPrefix(property.value as TSESTree.Node));
        },
        JSXAttribute(attribute) {
          if (attribute.value?.type !== 'JSXExpressionContainer') return;
          attribute.value.parent ??= attribute;
          handedOver(attribute.value.expression, attribute.value);
        },
        VariableDeclarator: gates.declarator,
        CallExpression(call) {
          gates.setterCall(call);
          // `helper()`, `this.helper()`, `Utils.helper()`: a call of the helper, wherever it is defined.
          const called = call.callee.type === 'Identifier' ? call.callee.name : call.callee.type === 'MemberExpression' ? staticName(call.callee.property) : undefined;
          if (called) callSites.set(called, [...(callSites.get(called) ?? []), gates.isGated(call)]);
          for (const argument of call.arguments) handedOver(argument, call);
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
            const gtagFixes = name === 'gtag' && deniedDefaultAt > call.range[0] ? consentModeFix(call, text) : [];
            place(call, tool, [...wrapFix(call, fixContext, tool), ...gtagFixes]);
            return;
          }
          if (name === 'push' && chain.includes('_paq')) {
            const command = call.arguments[0]?.type === 'ArrayExpression' ? staticName(call.arguments[0].elements[0] ?? undefined) : undefined;
            if (command === 'requireConsent' || command === 'requireCookieConsent' || command === 'disableCookies') matomoConsentAt = Math.min(matomoConsentAt, call.range[0]);
            else if ((command === 'trackPageView' || command === 'enableLinkTracking') && matomoConsentAt > call.range[0]) place(call, 'Matomo', wrapFix(call, fixContext, 'Matomo'));
            return;
          }
          if (name === 'push' && chain.some((part) => /^dataLayer$/i.test(part)) && objectProperty(call.arguments[0], 'gtm.start')) {
            place(call, 'Google Tag Manager', wrapFix(call, fixContext, 'Google Tag Manager'));
            return;
          }
          if (name === 'setAttribute' && first === 'src') {
            placeUrl(call, urlPrefix(call.arguments[1], call));
            return;
          }
          const sdk = sdkCall(call);
          if (sdk && !cookielessOptions(sdk, call.arguments)) place(call, sdk.tool, wrapFix(call, fixContext, sdk.tool));
          const plugin = packagePluginCall(call, imports) ?? nuxtScript(call, gates.gate, text);
          if (plugin) place(plugin.node, plugin.tool, wrapFix(call, fixContext, plugin.tool));
        },
        AssignmentExpression(assignment) {
          if (assignment.left.type !== 'MemberExpression') return;
          handedOver(assignment.right, assignment);
          const property = staticName(assignment.left.property);
          // A snippet copied into a created script: `script.innerHTML = \`…fbq('init', id)…\``.
          if ((property === 'innerHTML' || property === 'textContent' || property === 'text') && (assignment.right.type === 'TemplateLiteral' || assignment.right.type === 'Literal')) {
            snippetIn(assignment, text.slice(assignment.right.range[0], assignment.right.range[1]));
            return;
          }
          // Dynamic injection: `script.src = 'https://www.googletagmanager.com/gtm.js?id=' + id`.
          if (property === 'src') placeUrl(assignment, urlPrefix(assignment.right, assignment));
        },
        JSXOpeningElement(opening) {
          const name = staticName(opening.name);
          if (!name) return;
          const source = imports.get(name);
          const component = COMPONENTS.find((candidate) => candidate.name === name && (source === undefined || candidate.packages.includes(source)));
          if (component) {
            place(opening, component.tool, jsxGateFix(opening, fixContext, component.tool));
            return;
          }
          const src = jsxAttribute(opening, 'src');
          const tracker = src && trackerProduct(urlPrefix(src) ?? '');
          if (tracker && /^(script|Script|iframe|img)$/.test(name) && (name !== 'img' || isPixel(opening))) {
            place(opening, tracker.tool, name === 'iframe' ? youtubeFix(src, text) : jsxGateFix(opening, fixContext, tracker.tool));
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
        'Program:exit'(program) {
          includes.program(program, (node) => gates.isGated(node));
          const exported = exportedNames(program);
          for (const placement of byStatement.values()) {
            const calls = placement.helper ? callSites.get(placement.helper) : undefined;
            // An exported loader or component: how other modules use it may decide (imported-trackers.ts).
            const across = placement.owner && exported.has(placement.owner) ? crossFileConditions(context.path, exported.get(placement.owner)!) : undefined;
            if (!placement.helper || (calls && calls.some((gated) => !gated))) report({ ...placement, when: calls ? undefined : across?.component });
            else if (!calls && across) {
              report({ ...placement, calledElsewhere: true, when: across.calledUngated });
              report({ ...placement, uncalled: true, when: across.unused });
            } else if (!calls) report({ ...placement, uncalled: true });
          }
          byStatement.clear();
        },
      }, importedTrackerUses(context, (node) => gates.isGated(node))),
      markup: {
        element(element) {
          markupFile = true;
          pages.element(element);
          includes.element(element);
        },
        'document:exit'() {
          markupFile = true;
          pages['document:exit']();
          if (pages.seen) emittedSettings();
          includes['document:exit']();
        },
      },
      config: { pair: siteConfig.pair, 'document:exit': siteConfig['document:exit'] },
    };
  },
  /** A template's finding once the templates including it and the site configs are known (template-includes.ts). */
  settle(data, _values, project) {
    const template = data as TemplateFindingData;
    const message = settleTemplateFinding(template, project);
    return message === undefined ? undefined : { message, ...(template.severity === 'info' ? { severity: 'info' } : {}) };
  },
});
