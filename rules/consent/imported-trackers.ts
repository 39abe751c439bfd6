// Trackers that cross files: a loader (`initAnalytics()`) or a component (`<Analytics />`) one
// module exports and another calls or renders. The module that uses it states how (`use` facts:
// under a consent gate, handed over as a callback such as `onAccept={initAnalytics}`, or not);
// the module that defines it makes its finding depend on those uses. An environment check
// (`NODE_ENV === 'production'`) is not consent.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { JsVisitors, ProjectCondition, RuleContext } from '../api';
import { staticName } from '../ast';

/**
 * Names of loaders (`initAnalytics`, `loadGtm`) and components (`<Analytics />`, `<FacebookPixel />`)
 * that start trackers; uses of other imported names are not stated. Server-side event helpers
 * (`trackEvent`, `capturePostHogEvent`) and contact segments are neither.
 */
const LOADER_NAME = /^(?:init|load|setup|start|enable|inject|bootstrap|configure|mount)[\w$]*?(?:analytics?|tracking|tracker|pixels?|gtag|gtm|tagmanager|hotjar|posthog|mixpanel|clarity|amplitude|matomo|segment)(?:scripts?|sdk|client)?$/i;
/** Ends with the tracker word (`GoogleAnalytics`, `FacebookPixel`, `AnalyticsScript`), not a dashboard's `AnalyticsChart`. */
const COMPONENT_NAME = /^(?=[A-Z])[\w$]*?(?:Analytics|Tracking|Tracker|Pixel|Gtag|Gtm|GTM|TagManager|Hotjar|PostHog|Posthog|Mixpanel|Clarity|Amplitude|Matomo)(?:Scripts?|Provider|Tags?|Loader|Snippet)?$/;
export const TRACKER_NAME = { test: (name: string): boolean => LOADER_NAME.test(name) || COMPONENT_NAME.test(name) };
/** The prefilter's keywords for files that only import such a loader or component. */
export const TRACKER_NAME_KEYWORDS = ['analytic', 'track', 'pixel', 'gtm', 'tagmanager', 'matomo', 'segment'];

/** Project modules: relative, or through a tsconfig alias or package.json `imports`. */
const PROJECT_SPECIFIER = /^(?:\.{1,2}\/|[@~]\/|#)/;
// The clause is bounded and sits between two keywords with no space run of its own beside a
// space-matching run, so matching stays linear (test/regex-audit.test.ts).
const IMPORT_CLAUSES = /\bimport\b([^;'"]{0,500}?)\bfrom\s*['"]((?:\.{1,2}\/|[@~]\/|#)[^'"]*)['"]|\b(?:const|let|var)\s+(\{[^}]*\}|[\w$]+)\s*=\s*require\(\s*['"]((?:\.{1,2}\/|[@~]\/|#)[^'"]*)['"]/g;

/** The prefilter's part: the file imports a tracker-named loader or component from a project module. */
export function importsTrackerLoader(text: string): boolean {
  for (const match of text.matchAll(IMPORT_CLAUSES)) {
    if ((match[1] ?? match[3] ?? '').split(/[^\w$]+/).some((name) => TRACKER_NAME.test(name))) return true;
  }
  return false;
}

function usedCondition(module: string, name: string, fact: ProjectCondition['fact'], holds: boolean): ProjectCondition {
  return { fact, module, export: name, holds };
}

/**
 * Visitors stating how this file uses the tracker-named functions and components it imports from
 * project modules. `isGated` is the rule's consent-gate test.
 */
export function importedTrackerUses(context: RuleContext<unknown>, isGated: (node: TSESTree.Node) => boolean): JsVisitors {
  const imported = new Map<string, { specifier: string; name: string }>();
  const use = (local: string, gated: boolean) => {
    const source = imported.get(local);
    if (source) context.addFact({ kind: 'use', specifier: source.specifier, export: source.name, gated });
  };
  return {
    ImportDeclaration(declaration) {
      const specifier = declaration.source.value;
      if (!PROJECT_SPECIFIER.test(specifier) || declaration.importKind === 'type') return;
      for (const binding of declaration.specifiers) {
        if (binding.type === 'ImportNamespaceSpecifier' || !TRACKER_NAME.test(binding.local.name)) continue;
        imported.set(binding.local.name, { specifier, name: binding.type === 'ImportDefaultSpecifier' ? 'default' : (staticName(binding.imported) ?? binding.local.name) });
      }
    },
    VariableDeclarator(declarator) {
      const init = declarator.init;
      if (init?.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require') return;
      const source = init.arguments[0];
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !PROJECT_SPECIFIER.test(source.value) || declarator.id.type !== 'ObjectPattern') return;
      for (const property of declarator.id.properties) {
        if (property.type === 'Property' && property.value.type === 'Identifier' && TRACKER_NAME.test(property.value.name)) {
          imported.set(property.value.name, { specifier: source.value, name: staticName(property.key) ?? property.value.name });
        }
      }
    },
    Identifier(identifier) {
      if (!imported.has(identifier.name)) return;
      const parent = identifier.parent;
      // `initAnalytics()` runs where the call stands; `onAccept={initAnalytics}`, `useEffect(initAnalytics)`
      // run where the name is handed over: gated when a consent callback or check receives it (gates.ts).
      const handedOver = (parent?.type === 'CallExpression' && parent.arguments.includes(identifier)) || parent?.type === 'JSXExpressionContainer';
      if (parent?.type === 'CallExpression' && parent.callee === identifier) use(identifier.name, isGated(parent));
      else if (handedOver) use(identifier.name, isGated(identifier));
    },
    JSXOpeningElement(opening) {
      // `<Analytics />` renders where it stands.
      const name = opening.name.type === 'JSXIdentifier' ? opening.name.name : undefined;
      if (name && imported.has(name)) use(name, isGated(opening));
    },
  };
}

/** The rule's visitors with the use-stating ones: both run for a node type they share. */
export function withUses(visitors: JsVisitors, uses: JsVisitors): JsVisitors {
  const merged: Record<string, (node: never) => void> = { ...(visitors as Record<string, (node: never) => void>) };
  for (const [type, handler] of Object.entries(uses as Record<string, (node: never) => void>)) {
    const own = merged[type];
    merged[type] = own
      ? (node: never) => {
          own(node);
          handler(node);
        }
      : handler;
  }
  return merged as JsVisitors;
}

/** The name of the function a tracker runs in: a component, hook or helper other modules may import. */
export function ownerName(scope: TSESTree.Node): string | undefined {
  if (scope.type === 'FunctionDeclaration') return scope.id?.name;
  const parent = scope.parent;
  if ((scope.type === 'ArrowFunctionExpression' || scope.type === 'FunctionExpression') && parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return undefined;
}

/**
 * How a tracker in an exported function stands once other files are known. A component or hook
 * (`owner` rendered elsewhere) is reported unless every use is behind a consent gate; a helper this
 * file never calls is reported as called before consent when another file does so, and as
 * uncalled when no file is known to use it.
 */
export function crossFileConditions(path: string, exportName: string): { component: ProjectCondition; calledUngated: ProjectCondition; unused: ProjectCondition } {
  return {
    component: usedCondition(path, exportName, 'used-only-gated', false),
    calledUngated: usedCondition(path, exportName, 'used-ungated', true),
    unused: usedCondition(path, exportName, 'used', false),
  };
}

/** Names the file exports (ESM declarations and lists, default-exported functions, CommonJS). */
export function exportedNames(program: TSESTree.Program): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration;
      if ((declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') && declaration.id) names.set(declaration.id.name, declaration.id.name);
      if (declaration?.type === 'VariableDeclaration') for (const declarator of declaration.declarations) if (declarator.id.type === 'Identifier') names.set(declarator.id.name, declarator.id.name);
      for (const specifier of statement.specifiers) if (!statement.source && specifier.local.type === 'Identifier') names.set(specifier.local.name, staticName(specifier.exported) ?? specifier.local.name);
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration;
      if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) names.set(declaration.id.name, 'default');
      if (declaration.type === 'Identifier') names.set(declaration.name, 'default');
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const { left, right } = statement.expression;
      const target = left.type === 'MemberExpression' ? `${staticName(left.object) ?? (left.object.type === 'MemberExpression' ? `${staticName(left.object.object)}.${staticName(left.object.property)}` : '')}.${staticName(left.property)}` : '';
      if (target === 'module.exports' && right.type === 'ObjectExpression') {
        for (const property of right.properties) if (property.type === 'Property' && property.value.type === 'Identifier') names.set(property.value.name, staticName(property.key) ?? property.value.name);
      } else if (target === 'module.exports' && right.type === 'Identifier') names.set(right.name, 'default');
      else if (/^(module\.)?exports\.\w+$/.test(target) && right.type === 'Identifier') names.set(right.name, staticName(left.type === 'MemberExpression' ? left.property : left) ?? right.name);
    }
  }
  return names;
}
