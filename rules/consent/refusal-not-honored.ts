import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule } from '../api';
import { keyName, staticName } from '../ast';

/** Handler names of a banner's refusal control: `rejectAll`, `handleRefuse`, `onDeclineCookies`. */
const REFUSAL_NAME = /^(handle|on)?_?(reject|refuse|decline|deny)(_?(all|cookies|consent|tracking|click))?$/i;
const ACCEPT_NAME = /^(handle|on)?_?(accept|allow|agree)(_?(all|cookies|consent|tracking|click))?$/i;
/** A function of that name defined in the text (the rule reports only next to an accept handler): `acceptAll = () =>`, `onAccept: function`, `handleAccept(`. */
const ACCEPT_HANDLER_TEXT = /(?<![\w$])(handle|on)?_?(accept|allow|agree)(_?(all|cookies|consent|tracking|click))?\s*(\(|[=:]\s*(async\b|\(|function\b|useCallback\b|[\w$]+\s*=>))/i;
/** Button labels of a refusal control, in English and French (the decisions' "Tout refuser"). */
const REFUSAL_LABEL = /\b(reject|refuse|decline|deny)\b|tout refuser|continuer sans accepter|only (necessary|essential)|(necessary|essential) only/i;
/** What a refusal must do at least once: record it, deny, opt out, or remove what was set. */
const REVOCATION = /consent|denied|revoke|opt_?out|optOut|reject|refus|declin|deny|remove|delete|clear|expire|max-age=0|disable|necessary|essential|cmp|tcf/i;
/** What an accept handler does when it grants. */
const GRANT = /granted|opt_?in|optIn|consent|\.init\(|\bgrant\b|accept|allow/i;

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

export const refusalNotHonored = createRule<Record<string, never>>({
  meta: {
    id: 'refusal-not-honored',
    family: 'consent-trackers',
    title: '"Refuse all" handler that refuses nothing',
    severity: 'warning',
    decisions: ['cnil-2025-conde-nast', 'cnil-2025-shein', 'cnil-2025-american-express', 'cnil-2023-doctissimo', 'cnil-2021-le-figaro'],
    languages: ['js'],
    keywords: ['reject', 'refuse', 'decline', 'deny'],
    // `reject` alone is every Promise: only files that deal with consent can hold a banner.
    contextKeywords: ['consent', 'cookie', 'gtag', 'optin', 'opt_in', 'optout', 'opt_out', 'tracking', 'tracker', 'analytics', 'gdpr', 'rgpd', 'tarteaucitron', 'didomi', 'axeptio'],
    evidence: (text) => ACCEPT_HANDLER_TEXT.test(text),
    docs: {
      why:
        "CNIL fined Condé Nast (SAN-2025-010) because clicking 'Tout refuser' did not stop consent-based cookies from being set, SHEIN (SAN-2025-005) and American Express because trackers were still set after refusal, Doctissimo (SAN-2023-006) for advertising cookies set after 'Tout refuser', and Le Figaro (SAN-2021-013) for partner cookies placed despite refusal. A refusal button whose handler only closes the banner, while the accept button records and grants consent, leaves the trackers' state exactly as before the click.",
      fix: "Make the refusal do what the acceptance undoes: record the refusal (the consent cookie), send `gtag('consent', 'update', { …: 'denied' })` / `fbq('consent', 'revoke')` / the SDK's opt-out, and remove the cookies already set.",
      invalid: "const rejectAll = () => setBannerOpen(false);\nconst acceptAll = () => { saveConsent('all'); gtag('consent', 'update', { analytics_storage: 'granted' }); setBannerOpen(false); };",
      valid: "const rejectAll = () => { saveConsent('necessary'); gtag('consent', 'update', { analytics_storage: 'denied' }); setBannerOpen(false); };",
    },
    defaultOptions: {},
    optionsSchema: { properties: {} },
  },
  create(context) {
    const functions = new Map<string, FunctionNode>();
    const refusals = new Map<FunctionNode, string>();
    let accepts = 0;
    /** How often each name is read: a refusal handler nothing refers to is no control's handler (dead code). */
    const references = new Map<string, number>();
    /** Declared functions and variables: they need a reference or an export to count; methods and callbacks of a config object do not. */
    const declared = new Set<FunctionNode>();
    const body = (fn: FunctionNode) => context.getText(fn.body);

    const named = (name: string | undefined, fn: TSESTree.Node | null | undefined) => {
      if (!name || !fn || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression' && fn.type !== 'FunctionDeclaration')) return;
      functions.set(name, fn);
      if (REFUSAL_NAME.test(name)) refusals.set(fn, name);
      else if (ACCEPT_NAME.test(name) && GRANT.test(body(fn))) accepts++;
    };

    return {
      js: {
        FunctionDeclaration(fn) {
          named(fn.id?.name, fn);
          if (fn.parent?.type !== 'ExportNamedDeclaration' && fn.parent?.type !== 'ExportDefaultDeclaration') declared.add(fn);
        },
        VariableDeclarator(declarator) {
          if (declarator.id.type !== 'Identifier') return;
          const fn = unwrapCallback(declarator.init);
          named(declarator.id.name, fn);
          if (fn && declarator.parent?.parent?.type !== 'ExportNamedDeclaration') declared.add(fn as FunctionNode);
        },
        Identifier(identifier) {
          const parent = identifier.parent;
          const isDeclaration = (parent?.type === 'VariableDeclarator' && parent.id === identifier) || (parent?.type === 'FunctionDeclaration' && parent.id === identifier);
          if (!isDeclaration) references.set(identifier.name, (references.get(identifier.name) ?? 0) + 1);
        },
        Property(property) {
          named(keyName(property), property.value);
        },
        MethodDefinition(method) {
          named(keyName(method), method.value);
        },
        JSXElement(element) {
          // <button onClick={…}>Tout refuser</button>: a handler tied to a refusal label.
          const label = element.children.map((child) => (child.type === 'JSXText' ? child.value : child.type === 'JSXExpressionContainer' ? context.getText(child) : '')).join(' ');
          if (!REFUSAL_LABEL.test(label)) return;
          for (const attribute of element.openingElement.attributes) {
            if (attribute.type !== 'JSXAttribute' || !/^on(Click|Press|Tap)$/.test(keyName(attribute) ?? '') || attribute.value?.type !== 'JSXExpressionContainer') continue;
            const handler = attribute.value.expression;
            if (handler.type === 'ArrowFunctionExpression' || handler.type === 'FunctionExpression') refusals.set(handler, 'the refusal button');
            else {
              const name = staticName(handler);
              const fn = name ? functions.get(name) : undefined;
              if (fn && name) refusals.set(fn, name);
            }
          }
        },
        'Program:exit'() {
          if (accepts === 0) return;
          for (const [fn, name] of refusals) {
            if (declared.has(fn) && !references.get(name)) continue;
            const text = body(fn);
            // A refusal that calls another handler of the file is judged by what that one does.
            const callees = [...text.matchAll(/\b(\w+)\s*\(/g)].map((match) => functions.get(match[1])).filter((callee): callee is FunctionNode => callee !== undefined && callee !== fn);
            const grants = /granted|\bgrant\b|opt_?in\b|optIn\b/.test(text) || callees.some((callee) => ACCEPT_NAME.test(nameOf(functions, callee) ?? ''));
            const revokes = REVOCATION.test(text.replace(/\b(set)?(show|open|visible|banner|modal|dialog|popup)\w*/gi, '')) || callees.some((callee) => !ACCEPT_NAME.test(nameOf(functions, callee) ?? '') && REVOCATION.test(body(callee)));
            if (revokes && !grants) continue;
            context.report({
              start: fn.range[0],
              end: fn.body.range[0],
              message: grants
                ? `${name} grants consent: a refusal must deny. CNIL fined Condé Nast because "Tout refuser" did not stop consent-based cookies. Record the refusal and deny consent instead.`
                : `${name} only closes the banner while the accept handler records and grants consent: nothing records the refusal, denies consent or removes trackers. CNIL fined Condé Nast because "Tout refuser" did not stop consent-based cookies. Record the refusal and deny consent here.`,
            });
          }
        },
      },
    };
  },
});

/** `useCallback(() => …, [])` and `useMemo`-wrapped handlers count as the function they wrap. */
function unwrapCallback(node: TSESTree.Node | null | undefined): TSESTree.Node | null | undefined {
  if (node?.type === 'CallExpression' && staticName(node.callee) === 'useCallback') return node.arguments[0];
  return node;
}

function nameOf(functions: Map<string, FunctionNode>, fn: FunctionNode): string | undefined {
  for (const [name, candidate] of functions) if (candidate === fn) return name;
  return undefined;
}
