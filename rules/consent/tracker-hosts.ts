// Which hosts serve trackers: the third-party-web entity data (HTTP Archive subset, the smallest
// file with categories) plus a short override table for what it misses or classifies otherwise.
import entities from 'third-party-web/dist/entities-httparchive-nostats.json';

export interface TrackerHost {
  entity: string;
  category: string;
}

/** third-party-web categories whose scripts, frames and pixels store or read identifiers on the device. */
const TRACKING_CATEGORIES = new Set(['ad', 'analytics', 'social', 'tag-manager', 'customer-success', 'video', 'marketing']);

/**
 * Overrides, by host suffix. `null` = never a tracker:
 * - youtube-nocookie.com: YouTube's privacy-enhanced embed sets no cookie until the video is played;
 * - Plausible, Fathom, Simple Analytics, Cloudflare Web Analytics: cookieless by design (no identifier
 *   stored on or read from the device), so they place no tracker to consent to;
 * - consent managers' own scripts load the banner that collects consent.
 * An entry = a tracker third-party-web misses (PostHog) or files under another category (Clarity).
 */
const OVERRIDES: Record<string, TrackerHost | null> = {
  'youtube-nocookie.com': null,
  'plausible.io': null,
  'usefathom.com': null,
  'simpleanalyticscdn.com': null,
  'simpleanalytics.com': null,
  'cloudflareinsights.com': null,
  'cookiebot.com': null,
  'cookiebot.eu': null,
  'cookielaw.org': null,
  'onetrust.com': null,
  'usercentrics.eu': null,
  'privacy-mgmt.com': null,
  'didomi.io': null,
  'axept.io': null,
  'tarteaucitron.io': null,
  'cdn-cookieyes.com': null,
  'osano.com': null,
  'iubenda.com': null,
  'termly.io': null,
  'consentmanager.net': null,
  'posthog.com': { entity: 'PostHog', category: 'analytics' },
  'clarity.ms': { entity: 'Microsoft Clarity', category: 'analytics' },
  'heapanalytics.com': { entity: 'Heap', category: 'analytics' },
  'analytics.tiktok.com': { entity: 'TikTok Pixel', category: 'ad' },
};

const exact = new Map<string, TrackerHost>();
const suffixes = new Map<string, TrackerHost>();
for (const { name, category, domains } of entities as { name: string; category: string; domains: string[] }[]) {
  for (const domain of domains) {
    if (domain.startsWith('*.')) suffixes.set(domain.slice(2), { entity: name, category });
    else exact.set(domain, { entity: name, category });
  }
}

/** The host of an absolute or protocol-relative URL (`//www.googletagmanager.com/gtm.js`), lower-cased. */
export function urlHost(url: string): string | undefined {
  const match = /^\s*(?:https?:)?\/\/([a-z0-9.-]+)(?::\d+)?(?:[/?#]|$)/i.exec(url);
  return match?.[1].toLowerCase().replace(/\.$/, '');
}

/** The tracker a URL loads, or undefined for first-party, CDN, cookieless and consent-manager URLs. */
export function trackerForUrl(url: string): TrackerHost | undefined {
  const host = urlHost(url);
  if (!host) return undefined;
  const labels = host.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const suffix = labels.slice(i).join('.');
    if (suffix in OVERRIDES) return OVERRIDES[suffix] ?? undefined;
  }
  let found = exact.get(host);
  for (let i = 0; !found && i < labels.length - 1; i++) found = suffixes.get(labels.slice(i).join('.'));
  return found && TRACKING_CATEGORIES.has(found.category) ? found : undefined;
}

const URL_START = /\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;
/**
 * What loads a tracker URL, just before it: a `src` (attribute, property, setAttribute), an
 * import, or a vendor loader called with `'script', url` (`(window, document, 'script', '//…/analytics.js')`).
 */
const LOADED_FROM = /(src|import|from)\b[^\n]{0,40}$|['"]script['"]\s*,\s*['"]?(https?:)?$/i;

/**
 * A tracker's absolute or protocol-relative URL is loaded in the text: the prefilter for `src`
 * evidence. A URL kept as data (a list of links, example payloads) is not.
 */
export function loadsTrackerUrl(text: string): boolean {
  for (const match of text.matchAll(URL_START)) {
    if (trackerForUrl(match[0]) && LOADED_FROM.test(text.slice(Math.max(0, match.index - 60), match.index))) return true;
  }
  return false;
}
