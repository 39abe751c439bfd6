// Where framework configs and plugin packages set a tracker up, as code shapes: plugin and module
// entries, Docusaurus preset options, head-script entries, HTML strings handed to the page, and
// plugin installs (`app.use(VueGtag, …)`). The products and options come from tracker-integrations.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ancestors, calleeName, keyName, memberChain, objectProperty, staticName } from '../ast';
import { CONFIG_PLUGINS, type Held, NUXT_SCRIPTS, PACKAGE_PLUGINS, PRESET_OPTIONS, trackerProduct } from './tracker-integrations';

export interface ConfigLoad {
  /** Where to report: the plugin's name, the option's key, the install call. */
  node: TSESTree.Node;
  tool: string;
  productionOnly?: boolean;
  /** The plugin's options set Google Consent Mode defaults to denied (nuxt-gtag `initCommands`). */
  consentModeDenied?: boolean;
}

/** `['consent', 'default', { …: 'denied' }]` among a plugin's options. */
const DENIED_DEFAULT_OPTION = /['"]consent['"]\s*,\s*['"]default['"]\s*,\s*\{[^}]*['"]denied['"]/;

/** An options object sets one of the values that hold the tracker back. */
function isHeld(options: TSESTree.Node | null | undefined, held: Held[] = []): boolean {
  return held.some(([name, value]) => {
    const property = objectProperty(options, name);
    return property?.value.type === 'Literal' && property.value.value === value;
  });
}

/**
 * A plugin or module entry of a framework config naming a tracker plugin: `'nuxt-gtag'` in a list,
 * `['@docusaurus/plugin-google-gtag', {…}]`, `{ resolve: 'gatsby-plugin-google-gtag', options }`.
 * Nuxt modules also read their options from the config key next to `modules`.
 */
export function configPluginEntry(literal: TSESTree.Literal, text: string): ConfigLoad | undefined {
  const plugin = typeof literal.value === 'string' ? CONFIG_PLUGINS.find((candidate) => candidate.names.includes(literal.value as string)) : undefined;
  if (!plugin) return undefined;
  const parent = literal.parent;
  let options: TSESTree.Node | null | undefined;
  let list: TSESTree.Node | undefined;
  if (parent?.type === 'ArrayExpression' && parent.elements[0] === literal && parent.parent?.type === 'ArrayExpression') {
    options = parent.elements[1];
    list = parent.parent;
  } else if (parent?.type === 'ArrayExpression') list = parent;
  else if (parent?.type === 'Property' && parent.value === literal && keyName(parent) === 'resolve') {
    options = objectProperty(parent.parent, 'options')?.value;
    list = parent.parent.parent;
  }
  if (list?.type !== 'ArrayExpression') return undefined;
  const holder = list.parent?.type === 'Property' ? list.parent.parent : undefined;
  const keyed = plugin.configKey ? objectProperty(holder, plugin.configKey)?.value : undefined;
  if (isHeld(options, plugin.held) || isHeld(keyed, plugin.held)) return undefined;
  const denied = [options, keyed].some((node) => node && DENIED_DEFAULT_OPTION.test(text.slice(node.range[0], node.range[1])));
  return { node: literal, tool: plugin.tool, productionOnly: plugin.productionOnly, consentModeDenied: denied };
}

/** Docusaurus preset-classic options `gtag: { trackingID }`, `googleTagManager: { containerId }` in `presets`. */
export function presetOption(property: TSESTree.Property): ConfigLoad | undefined {
  const name = keyName(property);
  const preset = name !== undefined && Object.hasOwn(PRESET_OPTIONS, name) ? PRESET_OPTIONS[name] : undefined;
  if (!preset || !objectProperty(property.value, preset.id)) return undefined;
  const inPresets = [...ancestors(property)].some((ancestor) => ancestor.type === 'Property' && keyName(ancestor) === 'presets');
  return inPresets ? { node: property.key, tool: preset.tool, productionOnly: true } : undefined;
}

/**
 * An object describing a script the framework adds to every page: Nuxt `app.head.script` and
 * `useHead({ script })`, Docusaurus `scripts` and `{ tagName: 'script', attributes }` html tags,
 * VitePress/VuePress `head: [['script', { src }]]`.
 */
export function isHeadScript(object: TSESTree.Node): boolean {
  const parent = object.parent;
  if (object.type !== 'ObjectExpression' || !parent) return false;
  if (parent.type === 'ArrayExpression') {
    if (parent.elements[1] === object && staticName(parent.elements[0]) === 'script') return true;
    return parent.parent?.type === 'Property' && /^scripts?$/.test(keyName(parent.parent) ?? '');
  }
  if (staticName(objectProperty(object, 'tagName')?.value) === 'script') return true;
  return parent.type === 'Property' && keyName(parent) === 'attributes' && staticName(objectProperty(parent.parent, 'tagName')?.value) === 'script';
}

/** A head script the page's consent manager releases (`type: 'text/plain'` with its category). */
export function isBlockedHeadScript(object: TSESTree.ObjectExpression): boolean {
  const type = staticName(objectProperty(object, 'type')?.value);
  return type !== undefined && !/javascript|module|partytown/i.test(type);
}

/** The code of an inline head script: `innerHTML`/`children` of a script object, the third item of a VitePress `['script', {}, code]`. */
export function inlineHeadScript(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'ArrayExpression') return parent.elements[2] === node && staticName(parent.elements[0]) === 'script';
  return parent?.type === 'Property' && parent.value === node && /^(innerHTML|children|textContent|content)$/.test(keyName(parent) ?? '') && isHeadScript(parent.parent);
}

/** Calls and properties that put an HTML string into the page (`innerHTML`, `document.write`, Docusaurus `injectHtmlTags`). */
const HTML_SINK_CALLS = /^(insertAdjacentHTML|write|writeln|createContextualFragment|html|append|prepend|before|after|replaceWith)$/;
const HTML_SINK_KEYS = /^(innerHTML|outerHTML|srcdoc|__html|headTags|preBodyTags|postBodyTags)$/;

/** A string (or a part of a concatenation) that ends up in the page as HTML. */
export function isHtmlSink(node: TSESTree.Node): boolean {
  let child = node;
  for (const parent of ancestors(node)) {
    if (parent.type === 'BinaryExpression' || parent.type === 'TemplateLiteral' || parent.type === 'ArrayExpression' || parent.type === 'ObjectExpression') {
      child = parent;
      continue;
    }
    if (parent.type === 'AssignmentExpression') return parent.right === child && HTML_SINK_KEYS.test(staticName(parent.left) ?? '');
    if (parent.type === 'CallExpression') return parent.callee !== child && HTML_SINK_CALLS.test(calleeName(parent) ?? '');
    if (parent.type === 'Property') {
      if (HTML_SINK_KEYS.test(keyName(parent) ?? '')) return true;
      child = parent;
      continue;
    }
    if (parent.type === 'ReturnStatement' || parent.type === 'ArrowFunctionExpression') {
      const method = [...ancestors(parent)].find((ancestor) => ancestor.type === 'Property' || ancestor.type === 'MethodDefinition');
      return method !== undefined && keyName(method) === 'injectHtmlTags';
    }
    return false;
  }
  return false;
}

/** Script, frame and image sources in an HTML string: `<script async src="https://…/gtag/js?id=' + id + '">`. */
export function htmlSources(html: string): string[] {
  return [...html.matchAll(/<(?:script|iframe|img)\b[^>]*?\bsrc\s*=\s*\\?["'`]?([^"'`\s>\\]+)/gi)].map((match) => match[1]);
}

/**
 * A plugin package installed: `app.use(VueGtag, opts)` (any import of the package), a factory or
 * module of the table called (`app.use(createGtm({ id }))`,
 * `NgxGoogleAnalyticsModule.forRoot('G-…')`, `googleAnalyticsPlugin({ id })`.
 */
export function packagePluginCall(call: TSESTree.CallExpression, imports: ReadonlyMap<string, string>): ConfigLoad | undefined {
  const chain = memberChain(call.callee);
  const method = chain.at(-1);
  let local: string | undefined;
  let options: TSESTree.Node | undefined;
  if (method === 'use' && chain.length > 1 && call.arguments[0]?.type === 'Identifier') {
    local = call.arguments[0].name;
    options = call.arguments[1];
  } else if (method === 'forRoot' && chain.length === 2) {
    local = chain[0];
    options = call.arguments[0];
  } else if (call.callee.type === 'Identifier') {
    local = call.callee.name;
    options = call.arguments[0];
  }
  const source = local === undefined ? undefined : imports.get(local);
  const plugin = source === undefined ? undefined : PACKAGE_PLUGINS.find((candidate) => candidate.packages.includes(source));
  if (!plugin || isHeld(options, plugin.held)) return undefined;
  if (method !== 'use' && !plugin.factories?.includes(local!)) return undefined;
  return { node: call, tool: plugin.tool };
}

/**
 * @nuxt/scripts and unhead: `useScriptGoogleAnalytics({ id })` (auto-imported, no import to
 * follow), `useScript('https://…')`, and `scripts: { registry: { metaPixel: { id } } }` in
 * nuxt.config. A `trigger` that is manual or waits for consent (`useScriptTriggerConsent()`) holds
 * the script back; other triggers (on idle, on an element) still load it without asking.
 */
export function nuxtScript(node: TSESTree.CallExpression | TSESTree.Property, gate: RegExp, text: string): ConfigLoad | undefined {
  let key: string | undefined;
  let options: TSESTree.Node | undefined;
  const held = (trigger: TSESTree.Node | undefined) => trigger !== undefined && (staticName(trigger) === 'manual' || gate.test(text.slice(trigger.range[0], trigger.range[1])));
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'useScript') {
    const input = node.arguments[0];
    const tracker = trackerProduct(staticName(input) ?? staticName(objectProperty(input, 'src')?.value) ?? '');
    return tracker && !held(objectProperty(node.arguments[1], 'trigger')?.value) ? { node, tool: tracker.tool } : undefined;
  }
  if (node.type === 'CallExpression') {
    const name = node.callee.type === 'Identifier' ? /^useScript([A-Z]\w*)$/.exec(node.callee.name)?.[1] : undefined;
    key = name && name[0].toLowerCase() + name.slice(1);
    options = node.arguments[0];
  } else {
    const registry = node.parent.parent;
    if (registry?.type !== 'Property' || keyName(registry) !== 'registry' || !(registry.parent.parent?.type === 'Property' && keyName(registry.parent.parent) === 'scripts')) return undefined;
    key = keyName(node);
    options = node.value;
  }
  const tool = key !== undefined && Object.hasOwn(NUXT_SCRIPTS, key) ? NUXT_SCRIPTS[key] : undefined;
  if (!tool || options?.type === 'Literal' && options.value === false) return undefined;
  if (held(objectProperty(objectProperty(options, 'scriptOptions')?.value, 'trigger')?.value)) return undefined;
  return { node: node.type === 'Property' ? node.key : node, tool };
}
