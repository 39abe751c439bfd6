// The project model feeding the consent rules: tracker components and loaders one module exports
// and another renders or calls. An environment check is not consent; a consent gate or a consent
// callback (`onAccept={initAnalytics}`) is.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsTrackerLoader } from '../rules/consent/imported-trackers';
import { lintText } from '../server/src/engine/lint';
import { settleProject } from './helpers/project-model';
import { tempProject } from './helpers/temp-project';

const TSCONFIG = new Map([['tsconfig.json', '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }']]);
const settle = (files: Record<string, string>, path: string) => settleProject(files, path, TSCONFIG);

const trackers = (result: { findings: { ruleId: string; severity: string; message: string }[] }) =>
  result.findings.filter((finding) => finding.ruleId === 'tracker-before-consent').map((finding) => `${finding.severity}: ${finding.message}`);

const ANALYTICS = `import Script from 'next/script';
export default function Analytics() {
  return <Script src="https://www.googletagmanager.com/gtag/js?id=G-ABC123" strategy="afterInteractive" />;
}
`;
const layout = (render: string) => `import Analytics from '@/components/Analytics';
import { hasConsent } from '@/lib/consent';
export default function RootLayout({ children }) {
  return (
    <html>
      <body>
        {children}
        ${render}
      </body>
    </html>
  );
}
`;

describe('a tracker component rendered by another file', () => {
  const files = (render: string) => ({ 'src/components/Analytics.tsx': ANALYTICS, 'src/app/layout.tsx': layout(render) });

  it('under an environment check (not consent), the component stays a finding', () => {
    expect(trackers(settle(files("{process.env.NODE_ENV === 'production' && <Analytics />}"), 'src/components/Analytics.tsx'))).toEqual([
      expect.stringMatching(/^warning: Google tag \(gtag\.js\) loads before the visitor has consented/),
    ]);
  });
  it('rendered only behind a consent check, nothing to report', () => {
    expect(trackers(settle(files("{hasConsent('analytics') && <Analytics />}"), 'src/components/Analytics.tsx'))).toEqual([]);
  });
  it('the layout states how it renders the import', () => {
    expect(lintText(layout("{process.env.NODE_ENV === 'production' && <Analytics />}"), 'src/app/layout.tsx').facts).toEqual([{ kind: 'use', specifier: '@/components/Analytics', export: 'default', gated: false }]);
  });
  it('alone, the component is reported as before', () => {
    expect(trackers(lintText(ANALYTICS, 'src/components/Analytics.tsx'))).toHaveLength(1);
  });
});

const LOADER = `import posthog from 'posthog-js';
export function initAnalytics() {
  posthog.init('phc_123', { api_host: 'https://eu.posthog.com' });
}
`;

describe('a loader exported by one module and used by another', () => {
  const files = (entry: string) => ({ 'src/lib/analytics.ts': LOADER, 'src/main.tsx': `import { initAnalytics } from './lib/analytics';\nimport { CookieBanner } from './CookieBanner';\n${entry}\n` });

  it('called unconditionally from the app entry: a warning at the tracker', () => {
    expect(trackers(settle(files('initAnalytics();'), 'src/lib/analytics.ts'))).toEqual([expect.stringMatching(/^warning: PostHog starts in initAnalytics\(\), which another module calls without a consent check/)]);
  });
  it('run on mount by useEffect: still before consent', () => {
    expect(trackers(settle(files('export function App() { useEffect(initAnalytics, []); return null; }'), 'src/lib/analytics.ts'))).toHaveLength(1);
  });
  it('passed as the banner\'s accept callback: gated, nothing to report', () => {
    expect(trackers(settle(files('export const App = () => <CookieBanner onAccept={initAnalytics} />;'), 'src/lib/analytics.ts'))).toEqual([]);
    expect(trackers(settle(files('export const App = () => <CookieBanner onAccept={() => initAnalytics()} />;'), 'src/lib/analytics.ts'))).toEqual([]);
  });
  it('called behind a consent gate defined in a third module: nothing to report', () => {
    const entry = `import { hasConsent } from './consent';\nif (hasConsent('analytics')) initAnalytics();`;
    expect(trackers(settle({ ...files(entry), 'src/consent.ts': 'export const hasConsent = (c) => false;\n' }, 'src/lib/analytics.ts'))).toEqual([]);
  });
  it('used nowhere the project knows: the uncalled-helper note, as a single file gives', () => {
    const expected = [expect.stringMatching(/^info: PostHog starts in initAnalytics\(\), which this file does not call directly/)];
    expect(trackers(settle({ 'src/lib/analytics.ts': LOADER }, 'src/lib/analytics.ts'))).toEqual(expected);
    expect(trackers(lintText(LOADER, 'src/lib/analytics.ts'))).toEqual(expected);
  });
});

describe('which importing files are parsed for their uses', () => {
  it.each([
    [`import { initAnalytics } from './lib/analytics';`, true],
    [`import Analytics from '@/components/Analytics';`, true],
    [`const { loadGtm } = require('../gtm');`, true],
    [`import { FacebookPixel, Header } from '~/components';`, true],
    [`import { trackEvent, capturePostHogEvent } from './lib/posthog';`, false],
    [`import { getSegments } from './segments';`, false],
    [`import { LinkAnalyticsBadge, ConversionTrackingToggle } from '@/ui';`, false],
    [`import { Analytics } from '@vercel/analytics/react';`, false],
  ])('%s → %s', (text, expected) => {
    expect(importsTrackerLoader(text)).toBe(expected);
  });
});

describe('CLI', () => {
  it('reports the component rendered under NODE_ENV, not the one rendered behind consent', () => {
    const root = tempProject(
      {
        'tsconfig.json': TSCONFIG.get('tsconfig.json')!,
        'src/components/Analytics.tsx': ANALYTICS,
        'src/components/Pixel.tsx': ANALYTICS.replace('Analytics()', 'Pixel()').replace('www.googletagmanager.com/gtag/js?id=G-ABC123', 'connect.facebook.net/en_US/fbevents.js'),
        'src/app/layout.tsx': layout("{process.env.NODE_ENV === 'production' && <Analytics />}{hasConsent('ads') && <Pixel />}").replace("import Analytics", "import Pixel from '@/components/Pixel';\nimport Analytics"),
      },
      'precedent-consent-model-',
    );
    const report = JSON.parse(spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), '--format', 'json', '.'], { cwd: root, encoding: 'utf8' }).stdout);
    const paths = report.findings.filter((finding: { ruleId: string }) => finding.ruleId === 'tracker-before-consent').map((finding: { path: string }) => finding.path);
    expect(paths).toEqual(['src/components/Analytics.tsx']);
  });
});
