// What sets a tracker up, as data: the snippets, globals, SDK calls, components, framework plugins,
// modules and site-config keys that load one. Which HOST is a tracker comes from third-party-web
// (tracker-hosts.ts); this table names the code that loads one, with the product named as its vendor
// does: gtag.js is the "Google tag", gtm.js "Google Tag Manager", fbevents.js the "Meta Pixel".
import { trackerForUrl, urlHost } from './tracker-hosts';

/** Tool snippets as they appear inside a string (Next.js `<Script>{`…`}</Script>`, `dangerouslySetInnerHTML`). */
export const SNIPPETS: [RegExp, string][] = [
  [/\bgtag\(\s*['"]config['"]/, 'Google tag (gtag.js)'],
  [/['"]gtm\.start['"]|googletagmanager\.com\/gtm\.js/, 'Google Tag Manager'],
  [/\bfbq\(\s*['"]init['"]/, 'Meta Pixel'],
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
export const QUEUE_CALLS: Record<string, [string[], string]> = {
  gtag: [['config'], 'Google tag (gtag.js)'],
  ga: [['create'], 'Google Analytics'],
  fbq: [['init'], 'Meta Pixel'],
  pintrk: [['load'], 'Pinterest'],
  snaptr: [['init'], 'Snapchat'],
  twq: [['config', 'init'], 'X (Twitter) Pixel'],
};

export interface SdkCall {
  /** Receivers of `receiver.method(…)`, lower-cased, recognised without an import. */
  receivers: string[];
  /** Packages whose import makes any receiver name count. */
  packages: string[];
  methods: string[];
  tool: string;
  /** Options of the call that keep the SDK from storing identifiers until consent (any one suffices). */
  cookieless?: [string, string | boolean][];
}

/** SDK calls `receiver.method(…)` by receiver (lower-cased) and method, or by the package it was imported from. */
export const SDK_CALLS: SdkCall[] = [
  {
    receivers: ['posthog'], packages: ['posthog-js'], methods: ['init'], tool: 'PostHog',
    cookieless: [['opt_out_capturing_by_default', true], ['persistence', 'memory'], ['disable_persistence', true], ['cookieless_mode', 'always']],
  },
  {
    receivers: ['mixpanel'], packages: ['mixpanel-browser'], methods: ['init'], tool: 'Mixpanel',
    cookieless: [['opt_out_tracking_by_default', true], ['disable_persistence', true]],
  },
  { receivers: ['amplitude'], packages: ['@amplitude/analytics-browser', 'amplitude-js', '@amplitude/unified'], methods: ['init'], tool: 'Amplitude' },
  { receivers: ['analytics'], packages: [], methods: ['load'], tool: 'Segment' },
  { receivers: ['analyticsbrowser'], packages: ['@segment/analytics-next'], methods: ['load'], tool: 'Segment' },
  { receivers: ['heap'], packages: [], methods: ['load'], tool: 'Heap' },
  { receivers: ['hotjar'], packages: ['react-hotjar', '@hotjar/browser'], methods: ['initialize', 'init'], tool: 'Hotjar' },
  { receivers: ['clarity'], packages: ['@microsoft/clarity', 'react-microsoft-clarity'], methods: ['init'], tool: 'Microsoft Clarity' },
  { receivers: ['reactga'], packages: ['react-ga'], methods: ['initialize'], tool: 'Google Analytics' },
  // react-ga4 loads gtag.js.
  { receivers: [], packages: ['react-ga4'], methods: ['initialize'], tool: 'Google tag (gtag.js)' },
  { receivers: ['reactpixel'], packages: ['react-facebook-pixel'], methods: ['init'], tool: 'Meta Pixel' },
  { receivers: [], packages: ['react-gtm-module'], methods: ['initialize'], tool: 'Google Tag Manager' },
  { receivers: ['ttq'], packages: [], methods: ['load'], tool: 'TikTok Pixel' },
];

/** Components that load a tracker when rendered, by name and the packages exporting them. */
export const COMPONENTS: { name: string; packages: string[]; tool: string }[] = [
  // @next/third-parties' GoogleAnalytics loads gtag.js with the measurement id; @astrolib/analytics' the same.
  { name: 'GoogleAnalytics', packages: ['@next/third-parties/google', '@astrolib/analytics'], tool: 'Google tag (gtag.js)' },
  { name: 'GoogleTagManager', packages: ['@next/third-parties/google'], tool: 'Google Tag Manager' },
];

/** Products third-party-web files under a wider entity, told apart by the URL's path. */
const URL_PRODUCTS: { host: string; path: RegExp; tool: string }[] = [
  { host: 'googletagmanager.com', path: /^\/gtag\/js/, tool: 'Google tag (gtag.js)' },
  { host: 'googletagmanager.com', path: /^\/(gtm\.js|ns\.html)/, tool: 'Google Tag Manager' },
  { host: 'connect.facebook.net', path: /\/fbevents\.js/, tool: 'Meta Pixel' },
  { host: 'facebook.com', path: /^\/tr\b/, tool: 'Meta Pixel' },
  { host: 'snap.licdn.com', path: /insight/, tool: 'LinkedIn Insight Tag' },
  { host: 'px.ads.linkedin.com', path: /^\//, tool: 'LinkedIn Insight Tag' },
  { host: 'static.ads-twitter.com', path: /^\/uwt\.js/, tool: 'X (Twitter) Pixel' },
];

/** The product a tracker URL loads, and third-party-web's category for it. */
export function trackerProduct(url: string): { tool: string; category: string } | undefined {
  const tracker = trackerForUrl(url);
  if (!tracker) return undefined;
  const host = urlHost(url)!;
  const path = url.replace(/^\s*(?:https?:)?\/\/[^/?#]*/i, '') || '/';
  const product = URL_PRODUCTS.find((candidate) => (host === candidate.host || host.endsWith(`.${candidate.host}`)) && candidate.path.test(path));
  return { tool: product?.tool ?? tracker.entity, category: tracker.category };
}

/** An option value that holds the tracker back (manual start, disabled until consent, consent required). */
export type Held = [option: string, value: string | boolean];

export interface ConfigPlugin {
  /** Names as written in the framework config's plugin or module list. */
  names: string[];
  tool: string;
  /** Options (in the entry, or under the module's config key) that keep it from loading on arrival. */
  held?: Held[];
  /** Nuxt modules read their options from this top-level key of the config as well. */
  configKey?: string;
  /** Documented to load in production builds only: an environment, not consent. */
  productionOnly?: boolean;
}

/**
 * Plugins and modules of static-site and app frameworks that add a tracker to every page:
 * Docusaurus (plugins, active in production only), Gatsby (gatsby-config `plugins`), Nuxt
 * (`modules`), VuePress (`plugins`).
 */
export const CONFIG_PLUGINS: ConfigPlugin[] = [
  { names: ['@docusaurus/plugin-google-gtag', 'docusaurus-plugin-google-gtag'], tool: 'Google tag (gtag.js)', productionOnly: true },
  { names: ['@docusaurus/plugin-google-analytics', 'docusaurus-plugin-google-analytics'], tool: 'Google Analytics', productionOnly: true },
  { names: ['@docusaurus/plugin-google-tag-manager', 'docusaurus-plugin-google-tag-manager'], tool: 'Google Tag Manager', productionOnly: true },
  { names: ['gatsby-plugin-google-gtag'], tool: 'Google tag (gtag.js)', productionOnly: true },
  { names: ['gatsby-plugin-google-analytics'], tool: 'Google Analytics', productionOnly: true },
  { names: ['gatsby-plugin-google-tagmanager'], tool: 'Google Tag Manager' },
  { names: ['gatsby-plugin-facebook-pixel'], tool: 'Meta Pixel' },
  { names: ['gatsby-plugin-hotjar'], tool: 'Hotjar' },
  { names: ['gatsby-plugin-linkedin-insight'], tool: 'LinkedIn Insight Tag' },
  // `manualLoad: true` waits for `window.analytics.load()`.
  { names: ['gatsby-plugin-segment-js'], tool: 'Segment', held: [['manualLoad', true]] },
  // nuxt-gtag v3+: `initMode: 'manual'` waits for `initialize()`; before v3 `enabled: false` did.
  { names: ['nuxt-gtag'], tool: 'Google tag (gtag.js)', configKey: 'gtag', held: [['initMode', 'manual'], ['enabled', false]] },
  { names: ['@nuxtjs/google-gtag'], tool: 'Google tag (gtag.js)', configKey: 'google-gtag' },
  { names: ['@nuxtjs/google-analytics'], tool: 'Google Analytics', configKey: 'googleAnalytics', held: [['disabled', true]] },
  // `enabled: false` leaves GTM unloaded until `$gtm.init()`.
  { names: ['@nuxtjs/gtm', '@zadigetvoltaire/nuxt-gtm'], tool: 'Google Tag Manager', configKey: 'gtm', held: [['enabled', false], ['loadScript', false]] },
  // VuePress 1 also takes the short name `@vuepress/google-analytics`.
  { names: ['@vuepress/plugin-google-analytics', '@vuepress/google-analytics', 'vuepress-plugin-google-analytics'], tool: 'Google Analytics' },
];

/** Docusaurus preset-classic options that enable its tracking plugins, with the option naming the id. */
export const PRESET_OPTIONS: Record<string, { tool: string; id: string }> = {
  gtag: { tool: 'Google tag (gtag.js)', id: 'trackingID' },
  googleAnalytics: { tool: 'Google Analytics', id: 'trackingID' },
  googleTagManager: { tool: 'Google Tag Manager', id: 'containerId' },
};

export interface PackagePlugin {
  packages: string[];
  tool: string;
  /** Imported functions and Angular modules whose call (`createGtm({ id })`, `Module.forRoot(…)`) installs the tracker; any import passed to `.use()` does too. */
  factories?: string[];
  held?: Held[];
}

/**
 * Packages whose plugin or module starts a tracker when installed: `app.use(VueGtag, …)`,
 * `app.use(createGtm(…))`, `NgxGoogleAnalyticsModule.forRoot('G-…')`, `googleAnalyticsPlugin({ id })`.
 */
export const PACKAGE_PLUGINS: PackagePlugin[] = [
  // vue-gtag: `bootstrap: false` (v1–2) or `initMode: 'manual'` (v3) waits; `enabled: false` sends nothing until enabled.
  { packages: ['vue-gtag', 'vue-gtag-next'], tool: 'Google tag (gtag.js)', factories: ['createGtag', 'configure'], held: [['bootstrap', false], ['initMode', 'manual'], ['enabled', false], ['isEnabled', false], ['disableScriptLoad', true]] },
  { packages: ['vue-gtm', '@gtm-support/vue-gtm', '@gtm-support/vue2-gtm'], tool: 'Google Tag Manager', factories: ['createGtm'], held: [['enabled', false], ['loadScript', false]] },
  // Matomo sets no cookie and sends nothing before consent with these.
  { packages: ['vue-matomo'], tool: 'Matomo', held: [['requireConsent', true], ['requireCookieConsent', true], ['disableCookies', true]] },
  { packages: ['vue-analytics'], tool: 'Google Analytics', held: [['disabled', true]] },
  { packages: ['ngx-google-analytics', '@hakimio/ngx-google-analytics'], tool: 'Google tag (gtag.js)', factories: ['NgxGoogleAnalyticsModule', 'provideGoogleAnalytics'] },
  { packages: ['angular-google-tag-manager'], tool: 'Google Tag Manager', factories: ['GoogleTagManagerModule'] },
  { packages: ['@vuepress/plugin-google-analytics'], tool: 'Google Analytics', factories: ['googleAnalyticsPlugin'] },
];

/** Google tag ids: the product each prefix loads (GA4 and Ads ids go through gtag.js). */
export function googleIdProduct(id: string): string | undefined {
  const match = /^(G|UA|GTM|AW|DC)-[A-Z0-9]+(?:-\d+)?$/i.exec(id.trim());
  // Theme examples ship placeholders (`G-XXXXXXX`, `UA-000000-0`): no site loads those.
  if (!match || /X{3,}|^[A-Z]+-0+(-0+)?$/i.test(id.trim())) return undefined;
  const prefix = match[1].toUpperCase();
  return prefix === 'GTM' ? 'Google Tag Manager' : prefix === 'UA' ? 'Google Analytics' : 'Google tag (gtag.js)';
}

/**
 * Site-config keys (Hugo, Jekyll) that switch a theme's Google tag on: their keys, lower-cased with
 * `_` and `-` removed, mention one of these; the value must be a Google id.
 */
export const SITE_CONFIG_KEYS = /googleanalytics|gtag|gtm|tagmanager|(^|\.)analytics\.google\b/;

/**
 * Hugo and Jekyll site configs: `_config.yml` and `hugo.toml` anywhere (docs sites live in
 * sub-folders), `config.*` and `params.*` only at the root or under Hugo's `config/<environment>/`
 * (elsewhere they are apps' own settings, e.g. a Gatsby starter's `content/config.json`).
 */
export const SITE_CONFIG_FILE = /(^|\/)(_config(\.[\w-]+)?\.ya?ml|hugo\.(toml|ya?ml|json))$|^(config\/[\w-]+\/)?(config|params)\.(toml|ya?ml|json)$/;

/** Hugo's embedded Google Analytics template, included from a layout: it loads gtag.js when the site sets an id. */
export const HUGO_TEMPLATE = /\{\{-?\s*(?:template|partial)\s+"(?:_internal\/)?google_analytics(?:_async)?\.html"[^}]*\}\}/g;

/**
 * @nuxt/scripts registry entries (`scripts.registry.<key>` in nuxt.config) and their auto-imported
 * composables (`useScript<Key>()`), which load the vendor's script on app start unless a trigger
 * holds it. Plausible, Fathom and Cloudflare Web Analytics are cookieless and left out.
 */
export const NUXT_SCRIPTS: Record<string, string> = {
  googleAnalytics: 'Google tag (gtag.js)',
  googleTagManager: 'Google Tag Manager',
  metaPixel: 'Meta Pixel',
  xPixel: 'X (Twitter) Pixel',
  snapchatPixel: 'Snapchat',
  hotjar: 'Hotjar',
  clarity: 'Microsoft Clarity',
  segment: 'Segment',
  matomoAnalytics: 'Matomo',
  intercom: 'Intercom',
  crisp: 'Crisp',
};
