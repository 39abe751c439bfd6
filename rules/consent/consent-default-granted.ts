import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule, type TextEdit } from '../api';
import { calleeName, keyName, memberChain, objectProperty, staticName } from '../ast';

/** Consent Mode v2 signals that allow storage or use of identifiers for ads and measurement. */
const SIGNALS = ['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'];

/** `gtag('consent', 'default', { … })` written inside a string (Next.js `<Script>{`…`}</Script>`, `innerHTML`). */
const DEFAULT_IN_STRING = /gtag\(\s*['"]consent['"]\s*,\s*['"]default['"]\s*,\s*\{([^}]{0,5000})\}/g;

interface DefaultCall {
  /** Signals set to granted, with the offsets of their values. */
  granted: { signal: string; start: number; end: number }[];
  regional: boolean;
  denied: boolean;
  start: number;
  end: number;
}

export const consentDefaultGranted = createRule<Record<string, never>>({
  meta: {
    id: 'consent-default-granted',
    family: 'consent-trackers',
    title: 'Google Consent Mode defaults to granted',
    severity: 'warning',
    decisions: ['cnil-2025-conde-nast', 'cnil-2022-apple-ad-identifiers', 'cnil-2020-google-cookies'],
    languages: ['js'],
    keywords: ['granted'],
    // `granted` alone is every permission check; Consent Mode always goes through gtag('consent').
    contextKeywords: ['gtag', 'consent'],
    docs: {
      why:
        'A Consent Mode default of `granted` tells Google tags the visitor already agreed: advertising and analytics cookies are written on arrival. CNIL fined Condé Nast (SAN-2025-010) and Google (SAN-2020-012) for cookies set before any choice, and Apple (SAN-2022-025) for ad-targeting settings enabled by default without prior consent.',
      fix: "Default every signal to `denied` and grant it with `gtag('consent', 'update', …)` from the banner's accept handler. A `granted` default is only acceptable restricted with `region` to countries outside the EEA, next to a denied default for the EEA.",
      invalid: "gtag('consent', 'default', { ad_storage: 'granted', analytics_storage: 'granted' });",
      valid: "gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });",
    },
    defaultOptions: {},
    optionsSchema: { properties: {} },
  },
  create(context) {
    const calls: DefaultCall[] = [];
    // Google's regional pattern: denied for listed (EEA) regions, granted elsewhere.
    let regionalDenied = false;

    const report = (call: DefaultCall) => {
      if (call.regional || call.granted.length === 0) return;
      context.report({
        start: call.start,
        end: call.end,
        message: `Google Consent Mode defaults ${call.granted.map((g) => g.signal).join(', ')} to granted with no region restriction: Google tags write advertising and analytics cookies before the visitor chooses. CNIL fined Condé Nast and Google for cookies set on arrival. Default to denied and grant from the banner.`,
        fixes: [{
          title: 'Default these signals to denied',
          safe: false,
          edits: call.granted.map(({ start, end }): TextEdit => ({ start, end, newText: 'denied' })),
        }],
      });
    };

    return {
      js: {
        CallExpression(call) {
          if (calleeName(call) !== 'gtag' || memberChain(call.callee).filter((part) => part !== 'window').length !== 1) return;
          if (staticName(call.arguments[0]) !== 'consent' || staticName(call.arguments[1]) !== 'default') return;
          const settings = call.arguments[2];
          if (settings?.type !== 'ObjectExpression') return;
          const granted = settings.properties.flatMap((property) => {
            if (property.type !== 'Property' || !SIGNALS.includes(keyName(property) ?? '') || staticName(property.value) !== 'granted') return [];
            // The value's quotes stay; only the word is replaced.
            return [{ signal: keyName(property) ?? '', start: property.value.range[0] + 1, end: property.value.range[1] - 1 }];
          });
          const denied = settings.properties.some((property) => property.type === 'Property' && staticName(property.value) === 'denied');
          const regional = objectProperty(settings, 'region') !== undefined;
          calls.push({ granted, regional, denied, start: call.range[0], end: call.range[1] });
        },
        TemplateLiteral(literal) {
          stringDefaults(literal, context.text).forEach((call) => calls.push(call));
        },
        Literal(literal) {
          if (typeof literal.value === 'string') stringDefaults(literal, context.text).forEach((call) => calls.push(call));
        },
        'Program:exit'() {
          for (const call of calls.splice(0)) {
            if (call.regional && call.denied) regionalDenied = true;
            if (!regionalDenied) report(call);
          }
        },
      },
    };
  },
});

/** Consent defaults written in a string of code, parsed with a narrow pattern (one flat object). */
function stringDefaults(literal: TSESTree.TemplateLiteral | TSESTree.Literal, text: string): DefaultCall[] {
  const source = text.slice(literal.range[0], literal.range[1]);
  if (!source.includes('default')) return [];
  return [...source.matchAll(DEFAULT_IN_STRING)].map((match) => {
    const bodyStart = literal.range[0] + (match.index ?? 0) + match[0].indexOf('{') + 1;
    const granted = [...match[1].matchAll(/['"]?\b(\w+)['"]?\s*:\s*['"](granted)['"]/g)]
      .filter((entry) => SIGNALS.includes(entry[1]))
      .map((entry) => {
        const start = bodyStart + (entry.index ?? 0) + entry[0].lastIndexOf('granted');
        return { signal: entry[1], start, end: start + 'granted'.length };
      });
    const start = literal.range[0] + (match.index ?? 0);
    return { granted, regional: /\bregion\b/.test(match[1]), denied: /['"]denied['"]/.test(match[1]), start, end: start + match[0].length };
  });
}
