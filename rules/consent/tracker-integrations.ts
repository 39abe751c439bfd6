// What sets a tracker up, as data: the snippets, globals, SDK calls and components that load one.
// Which HOST is a tracker comes from third-party-web (tracker-hosts.ts); this table names the code
// that loads one, with the product named as its vendor does (gtag.js is the "Google tag").

/** Tool snippets as they appear inside a string (Next.js `<Script>{`…`}</Script>`, `dangerouslySetInnerHTML`). */
export const SNIPPETS: [RegExp, string][] = [
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
export const QUEUE_CALLS: Record<string, [string[], string]> = {
  gtag: [['config'], 'Google tag (gtag.js)'],
  ga: [['create'], 'Google Analytics'],
  fbq: [['init'], 'Facebook'],
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
  { receivers: ['reactga'], packages: ['react-ga', 'react-ga4'], methods: ['initialize'], tool: 'Google Analytics' },
  { receivers: ['reactpixel'], packages: ['react-facebook-pixel'], methods: ['init'], tool: 'Facebook' },
  { receivers: ['ttq'], packages: [], methods: ['load'], tool: 'TikTok Pixel' },
];

/** `@next/third-parties` components that load Google's tags on render. */
export const NEXT_THIRD_PARTIES: Record<string, string> = { GoogleAnalytics: 'Google Analytics', GoogleTagManager: 'Google Tag Manager' };
