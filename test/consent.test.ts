// Consent family behaviour the fixture harness cannot show: severities, quick-fix results, options,
// and the tracker host classification.
import { describe, expect, it } from 'vitest';
import { trackerForUrl } from '../rules/consent/tracker-hosts';
import { rules } from '../rules/index';
import { lintText } from '../server/src/engine/lint';
import type { Finding } from '../server/src/engine/types';
import { applyFix } from './helpers/fixes';

function lint(text: string, path: string, options?: Record<string, unknown>): Finding[] {
  const configs = options ? [{ rules: { 'tracker-before-consent': { options } } }] : undefined;
  return lintText(text, path, { rules, configs }).findings.filter((finding) => finding.ruleId.startsWith('tracker-') || finding.ruleId.startsWith('consent-') || finding.ruleId.startsWith('cookie-') || finding.ruleId.startsWith('refusal-'));
}

describe('tracker hosts', () => {
  it('classifies trackers from third-party-web and the override table', () => {
    expect(trackerForUrl('https://www.googletagmanager.com/gtag/js?id=G-1')?.category).toBe('tag-manager');
    expect(trackerForUrl('//connect.facebook.net/en_US/fbevents.js')?.entity).toBe('Facebook');
    expect(trackerForUrl('https://www.clarity.ms/tag/abc')?.category).toBe('analytics');
    expect(trackerForUrl('https://us.i.posthog.com/static/array.js')?.entity).toBe('PostHog');
    expect(trackerForUrl('https://www.youtube.com/embed/x')?.category).toBe('video');
  });
  it('leaves CDNs, cookieless analytics, consent managers and first-party URLs alone', () => {
    for (const url of ['https://cdn.jsdelivr.net/npm/x', 'https://unpkg.com/x', 'https://cdnjs.cloudflare.com/x', 'https://plausible.io/js/script.js', 'https://cdn.usefathom.com/script.js', 'https://consent.cookiebot.com/uc.js', 'https://www.youtube-nocookie.com/embed/x', '/js/app.js', 'https://js.stripe.com/v3']) {
      expect(trackerForUrl(url), url).toBeUndefined();
    }
  });
});

describe('tracker-before-consent', () => {
  it('reports Google tags under Consent Mode defaults denied at info only, one finding per snippet', () => {
    const page = `<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
<script>gtag('consent', 'default', { analytics_storage: 'denied' }); gtag('config', 'G-1');</script>`;
    const [finding, ...others] = lint(page, 'index.html');
    expect([finding.severity, others]).toEqual(['info', []]);
    expect(finding.message).toMatch(/^Google tag \(gtag\.js\) runs under Google Consent Mode/);
    const granted = lint(page.replace("'denied'", "'granted'"), 'index.html');
    expect(granted.filter((finding) => finding.ruleId === 'tracker-before-consent').map((finding) => finding.severity)).toEqual(['warning']);
    expect(granted.filter((finding) => finding.ruleId === 'consent-default-granted')).toHaveLength(1);
  });

  it('lowers Next.js Google components after a Consent Mode defaults snippet to info', () => {
    const layout = `import { GoogleAnalytics } from '@next/third-parties/google';
export const Layout = () => (<>
  <Script id="consent">{\`gtag('consent', 'default', { analytics_storage: 'denied' });\`}</Script>
  <GoogleAnalytics gaId="G-1" />
</>);`;
    expect(lint(layout, 'app/layout.tsx').map((finding) => finding.severity)).toEqual(['info']);
    expect(lint(layout.replace(/<Script[^\n]*\n/, ''), 'app/layout.tsx').map((finding) => finding.severity)).toEqual(['warning']);
  });

  it('turns a tracker script into one the consent manager already on the page releases', () => {
    const page = '<script src="https://consent.cookiebot.com/uc.js"></script>\n<script async src="https://connect.facebook.net/en_US/fbevents.js"></script>';
    const [finding] = lint(page, 'index.html');
    const fixed = applyFix(page, finding);
    expect(fixed).toContain('<script type="text/plain" data-cookieconsent="marketing" async src="https://connect.facebook.net');
    expect(lint(fixed, 'index.html')).toEqual([]);
    const plain = '<script type="text/javascript" src="https://static.hotjar.com/c/hotjar-1.js"></script>';
    expect(applyFix(plain, lint(plain, 'index.html')[0])).toBe('<script type="text/plain" data-category="analytics" src="https://static.hotjar.com/c/hotjar-1.js"></script>');
  });

  it('moves YouTube embeds to youtube-nocookie.com with a safe fix', () => {
    const page = '<iframe src="https://www.youtube.com/embed/abc"></iframe>';
    const [finding] = lint(page, 'video.html');
    expect(finding.fixes[0].safe).toBe(true);
    expect(applyFix(page, finding)).toBe('<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>');
  });

  it('wraps calls in the configured gate and offers Consent Mode defaults before a gtag config', () => {
    const code = "gtag('js', new Date());\ngtag('config', 'G-1');\n";
    const [finding] = lint(code, 'src/analytics.js', { gateFunction: 'userAgreed' });
    expect(finding.fixes.map((fix) => fix.safe)).toEqual([false, false]);
    const wrapped = applyFix(code, finding, 0);
    expect(wrapped).toContain("if (userAgreed('analytics')) {\n  gtag('config', 'G-1');\n}");
    const withDefaults = applyFix(code, finding, 1);
    expect(withDefaults).toContain("gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });\ngtag('config', 'G-1');");
    expect(lint(withDefaults, 'src/analytics.js')[0].severity).toBe('info');
  });

  it('judges a helper by the calls in its file, and reports an uncalled one at info', () => {
    const helper = "import posthog from 'posthog-js';\nexport function initAnalytics() {\n  posthog.init('phc_key');\n}\n";
    expect(lint(helper, 'src/analytics.ts').map((finding) => finding.severity)).toEqual(['info']);
    expect(lint(`${helper}initAnalytics();\n`, 'src/analytics.ts').map((finding) => finding.severity)).toEqual(['warning']);
    expect(lint(`${helper}if (hasConsent('analytics')) initAnalytics();\n`, 'src/analytics.ts')).toEqual([]);
  });

  it('wraps a tracker component in a consent check', () => {
    const layout = "import { GoogleTagManager } from '@next/third-parties/google';\nexport const Layout = () => (\n  <body>\n    <GoogleTagManager gtmId=\"GTM-1\" />\n  </body>\n);\n";
    const [finding] = lint(layout, 'app/layout.tsx');
    const fixed = applyFix(layout, finding);
    expect(fixed).toContain("{hasConsent('analytics') && <GoogleTagManager gtmId=\"GTM-1\" />}");
    expect(lint(fixed, 'app/layout.tsx')).toEqual([]);
  });

  it('accepts project gate names from the options', () => {
    const code = "import posthog from 'posthog-js';\nif (useTrackingPermission()) posthog.init('phc_key');\n";
    expect(lint(code, 'src/a.ts')).toHaveLength(1);
    expect(lint(code, 'src/a.ts', { gateNames: ['useTrackingPermission'] })).toEqual([]);
  });

  it('stays silent in test files and for tracker URLs in comments', () => {
    expect(lint("posthog.init('phc_key');", 'src/__tests__/analytics.test.ts')).toEqual([]);
    expect(lint("// gtag('config', 'G-1');\n/* script.src = 'https://www.googletagmanager.com/gtm.js' */", 'src/a.js')).toEqual([]);
  });
});

describe('tracker-before-consent in framework configs, plugins and templates', () => {
  it('says that an environment condition or a production-only plugin is not consent', () => {
    const [gated] = lint("import TagManager from 'react-gtm-module';\nif (process.env.NODE_ENV === 'production') TagManager.initialize({ gtmId: 'GTM-1' });\n", 'src/index.js');
    expect(gated.message).toContain("Google Tag Manager loads before the visitor has consented: it places or reads identifiers on arrival. The condition `process.env.NODE_ENV === 'production'` it runs under selects an environment or a flag, not the visitor's consent.");
    const [early] = lint("import posthog from 'posthog-js';\nexport function start() {\n  if (import.meta.env.DEV) return;\n  posthog.init('phc_key');\n}\nstart();\n", 'src/analytics.ts');
    expect(early.message).toContain('The condition `import.meta.env.DEV` it runs under selects an environment or a flag');
    const [plugin] = lint("module.exports = { plugins: [['@docusaurus/plugin-google-gtag', { trackingID: 'G-ABC1234' }]] };\n", 'docusaurus.config.js');
    expect(plugin.message).toContain('Google tag (gtag.js) loads before the visitor has consented');
    expect(plugin.message).toContain('active in production builds only');
    const [hugo] = lint('{{ if hugo.IsProduction }}{{ template "_internal/google_analytics.html" . }}{{ end }}\n', 'layouts/partials/head.html');
    expect(hugo.message).toContain('The condition `hugo.IsProduction` it runs under selects an environment');
  });

  it('points a site-config finding at the key holding the id, naming the product by the id', () => {
    const config = 'title: Blog\ngoogle_analytics: GTM-ABC1234\n';
    const [finding] = lint(config, '_config.yml');
    expect(config.slice(finding.offsets.start, finding.offsets.end)).toBe('GTM-ABC1234');
    expect(finding.message).toMatch(/^Google Tag Manager is switched on by `google_analytics` in the site config/);
    expect(lint(config, 'data/authors.yml')).toEqual([]);
  });

  it('lowers a config plugin with Consent Mode defaults denied in its options to info', () => {
    const config = "export default defineNuxtConfig({ modules: ['nuxt-gtag'], gtag: { id: 'G-ABC1234', initCommands: [['consent', 'default', { analytics_storage: 'denied' }]] } });";
    expect(lint(config, 'nuxt.config.ts').map((finding) => finding.severity)).toEqual(['info']);
    expect(lint(config.replace("'denied'", "'granted'"), 'nuxt.config.ts').map((finding) => finding.severity)).toEqual(['warning']);
  });

  it('names the product by the package a receiver was imported from', () => {
    const tool = (code: string) => lint(code, 'src/analytics.js').map((finding) => finding.message.split(' loads')[0]);
    expect(tool("import ReactGA from 'react-ga4';\nReactGA.initialize('G-ABC1234');\n")).toEqual(['Google tag (gtag.js)']);
    expect(tool("import ReactGA from 'react-ga';\nReactGA.initialize('UA-1234-1');\n")).toEqual(['Google Analytics']);
  });

  it('reports a loader and its inline config in a JS head config once', () => {
    const config = "export default { head: [['script', { src: 'https://www.googletagmanager.com/gtag/js?id=G-ABC1234' }], ['script', {}, \"gtag('config', 'G-ABC1234');\"]] };";
    expect(lint(config, 'docs/.vitepress/config.ts').map((finding) => finding.message.split(' loads')[0])).toEqual(['Google tag (gtag.js)']);
  });
});

describe('consent-default-granted', () => {
  it('fixes granted defaults to denied, in calls and in strings of code', () => {
    const code = "gtag('consent', 'default', { ad_storage: 'granted', functionality_storage: 'granted' });\n";
    const [finding] = lint(code, 'src/consent.js');
    expect(applyFix(code, finding)).toBe("gtag('consent', 'default', { ad_storage: 'denied', functionality_storage: 'granted' });\n");
    const jsx = "const s = <Script>{`gtag('consent','default',{\"analytics_storage\":\"granted\"})`}</Script>;";
    const [inString] = lint(jsx, 'app/layout.tsx');
    expect(applyFix(jsx, inString)).toContain('{"analytics_storage":"denied"}');
  });
});
