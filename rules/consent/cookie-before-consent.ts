import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule } from '../api';
import { calleeName, memberChain, objectProperty, staticName } from '../ast';
import { DerivedGates } from './gates';
import { TRACKER_DECISIONS } from './tracker-before-consent';

interface Options {
  gateNames: string[];
}

/**
 * Cookie names that identify a visitor for analytics or advertising: Google Analytics and Ads,
 * Meta, Microsoft, TikTok, Pinterest and Snap cookies, persisted click ids, visitor ids and names
 * that say what they are for. Session, CSRF, language, cart and consent cookies never match.
 */
const TRACKING_COOKIE =
  /^(_ga(_\w+)?|_gid|_gat(_\w+)?|_fbp|_fbc|_gcl_\w+|_uet\w+|_ttp|_pin_unauth|_scid|ajs_(anonymous|user)_id|mp_\w+_mixpanel|amp_\w+|_hj\w+|_clck|_clsk|fbclid|gclid|gbraid|wbraid|msclkid|ttclid|dclid|li_fat_id|utm_\w+)$|visitor|anonymous_?id|(^|_)ads?(_|$)|advert|marketing|tracking|tracker|campaign|affiliate|click_?id/i;
/** A consent record is strictly necessary even when its name mentions marketing or tracking. */
const CONSENT_RECORD = /consent|cookie_?(pref|choice|settings)|opt_?out|optanon|cookieyes|didomi|euconsent/i;

/** The start of a quoted string up to `=` or its end: a cookie name, as cookieNameOf reads it. */
const QUOTED_NAME = /['"`]\s*([\w.-]{1,80})\s*[='"`]/g;

/** Receivers whose `set(name, …)` writes a cookie: js-cookie, universal-cookie, react-cookie, Next.js `cookies()`, Koa `ctx.cookies`. */
const COOKIE_RECEIVER = /^(cookies?|cookieStore|jsCookie|Cookies|universalCookie)$/i;

export const cookieBeforeConsent = createRule<Options>({
  meta: {
    id: 'cookie-before-consent',
    family: 'consent-trackers',
    title: 'Tracking cookie written before consent',
    severity: 'warning',
    // The decisions about cookies set on arrival by the site itself (Criteo's was about partners' tags).
    decisions: TRACKER_DECISIONS.filter((id) => id !== 'cnil-2023-criteo' && id !== 'cnil-2021-le-figaro'),
    languages: ['js'],
    keywords: ['cookie', 'setcookie'],
    // A cookie is reported by its name: some string of the file must name a tracking cookie.
    evidence: (text) => [...text.matchAll(QUOTED_NAME)].some(([, name]) => TRACKING_COOKIE.test(name) && !CONSENT_RECORD.test(name)),
    // A cookie write and the consent check around it sit in one top-level statement.
    statementScoped: true,
    docs: {
      why:
        'CNIL fined Condé Nast (SAN-2025-010), SHEIN (SAN-2025-005), Google (SAN-2020-012), Amazon (SAN-2020-013), Yahoo (SAN-2023-024) and Doctissimo (SAN-2023-006) because advertising or analytics cookies were set as soon as a visitor arrived, before any choice. A site that writes `_ga`, `_fbp`, a persisted `gclid` or a visitor id itself does the same as the tag it imitates.',
      fix: 'Write identifying cookies only after the visitor agreed (inside the consent callback or behind a consent check). Cookies the service cannot work without (session, CSRF, language, cart, the consent record itself) need no consent and are not reported.',
      invalid: "Cookies.set('gclid', new URLSearchParams(location.search).get('gclid'), { expires: 90 });",
      valid: "if (hasConsent('marketing')) Cookies.set('gclid', new URLSearchParams(location.search).get('gclid'), { expires: 90 });",
    },
    defaultOptions: { gateNames: [] },
    optionsSchema: {
      properties: {
        gateNames: { type: 'array', items: { type: 'string' }, description: 'Extra names that mean the visitor has agreed, e.g. "useTrackingAllowed".' },
      },
    },
  },
  create(context) {
    const gates = new DerivedGates(context.options.gateNames, context.text);

    const check = (node: TSESTree.Node, name: string | undefined) => {
      if (!name || !TRACKING_COOKIE.test(name) || CONSENT_RECORD.test(name)) return;
      if (gates.isGated(node)) return;
      context.report({
        start: node.range[0],
        end: node.range[1],
        message: `Cookie "${name}" identifies the visitor for analytics or advertising and is written without a consent check. CNIL fined Condé Nast, SHEIN, Google and Amazon for such cookies set before any choice. Write it only after consent.`,
      });
    };

    return {
      js: {
        VariableDeclarator: gates.declarator,
        AssignmentExpression(assignment) {
          // document.cookie = '_ga=GA1.1.…; path=/'
          if (assignment.left.type !== 'MemberExpression' || staticName(assignment.left.property) !== 'cookie' || staticName(assignment.left.object) !== 'document') return;
          check(assignment, cookieNameOf(assignment.right));
        },
        CallExpression(call) {
          const name = calleeName(call);
          const chain = memberChain(call.callee);
          const receiver = chain[chain.length - 2];
          const first = call.arguments[0];
          if (name === 'set' && receiver && (COOKIE_RECEIVER.test(receiver) || (receiver === '*' && call.callee.type === 'MemberExpression' && calleeName(call.callee.object as TSESTree.CallExpression) === 'cookies'))) {
            check(call, cookieNameOf(first) ?? staticName(objectProperty(first, 'name')?.value)); // Next.js cookies().set({ name, value })
          } else if (name === 'cookie' && receiver && /^(res|response|reply|ctx)$/.test(receiver)) {
            check(call, cookieNameOf(first));
          } else if (name === 'setCookie' || name === 'setCookieValue') {
            // cookies-next / nookies take a context first: setCookie(ctx, name, value).
            check(call, cookieNameOf(first) ?? cookieNameOf(call.arguments[1]));
          }
        },
      },
    };
  },
});

/** The cookie name a literal, `name=value` string or template starts with. */
function cookieNameOf(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'BinaryExpression' && node.operator === '+') return cookieNameOf(node.left as TSESTree.Node);
  const text = node.type === 'Literal' && typeof node.value === 'string' ? node.value : node.type === 'TemplateLiteral' ? node.quasis[0].value.cooked : undefined;
  const name = text?.split('=')[0].trim();
  return name && /^[\w.-]+$/.test(name) ? name : undefined;
}
