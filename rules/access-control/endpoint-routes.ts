// File-routed endpoints: Next.js pages/api and app-router handlers, SvelteKit `+server` endpoints,
// Remix loaders and actions, and the Next.js middleware that may authenticate them.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, descendants, objectProperty, staticName } from '../ast';
import { judgeWrapper } from './auth-wrappers';
import { AUTH_PACKAGE, EXPORTED_VERBS, ROUTE_MODULE_EXPORTS } from './frameworks';
import { identityParams, SESSION_CALL } from './guards';
import type { RouteAnalysis } from './route-analysis';
import { handlerNames } from './route-syntax';
import type { FunctionNode } from './routes';

type Node = TSESTree.Node;

/** Next.js pages/api and app-router handlers, SvelteKit `+server` endpoints, Remix / React Router loaders and actions. */
export function collectExportedHandlers(analysis: RouteAnalysis): void {
  const path = analysis.context.path;
  const pagesApi = /(^|\/)pages\/api\//.test(path);
  const endpoint = /(^|\/)(route|\+server)\.[cm]?[jt]s$/.test(path) || /(^|\/)app\/routes\//.test(path);
  // Elsewhere, a module exporting a loader or action is a Remix / React Router route module (routes.ts may point anywhere).
  const exportedHandlers = endpoint ? EXPORTED_VERBS : ROUTE_MODULE_EXPORTS;
  for (const statement of analysis.program.body) {
    if (pagesApi && statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration as Node;
      // export default withAuth(handler): the wrapper authenticates.
      const wrapped = declaration.type === 'CallExpression' ? declaration : undefined;
      const handler = wrapped ? wrappedHandler(analysis, wrapped) : analysis.resolveFunction(declaration);
      if (handler) addExported(analysis, statement, handler, wrapped ? [wrapped.callee] : []);
    }
    if (!pagesApi && statement.type === 'ExportNamedDeclaration' && statement.declaration) {
      const declaration = statement.declaration;
      if (declaration.type === 'FunctionDeclaration' && declaration.id && exportedHandlers.has(declaration.id.name)) addExported(analysis, statement, declaration, []);
      if (declaration.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type !== 'Identifier' || !exportedHandlers.has(declarator.id.name) || !declarator.init) continue;
          const wrapped = declarator.init.type === 'CallExpression' ? declarator.init : undefined;
          const handler = wrapped ? wrappedHandler(analysis, wrapped) : analysis.resolveFunction(declarator.init);
          if (handler) addExported(analysis, statement, handler, wrapped ? [wrapped.callee] : []);
        }
      }
    }
  }
}

function addExported(analysis: RouteAnalysis, node: Node, handler: FunctionNode, wrappers: Node[]): void {
  const { requestName, responseName } = handlerNames(handler);
  const judged = wrappers.map((wrapper) => judgeWrapper(analysis, wrapper));
  const authenticated = judged.some((wrapper) => wrapper.authenticated) || identityParams(handler).length > 0 || analysis.checks.checksIdentity(handler, requestName);
  const url = nextRouteUrl(analysis.context.path);
  const wrapper = judged.find((candidate) => candidate.imported)?.imported;
  analysis.routes.push({ node, path: undefined, handler, middlewares: wrappers, requestName, responseName, authenticated, authElsewhere: url ? 'global-auth' : 'mounted-behind-auth', url, ...(wrapper ? { wrapper } : {}) });
}

/** `withAuth(handler, options)`: the wrapped function is the argument that is one. */
function wrappedHandler(analysis: RouteAnalysis, call: TSESTree.CallExpression): FunctionNode | undefined {
  for (const arg of call.arguments) {
    const handler = analysis.resolveFunction(arg);
    if (handler) return handler;
  }
  return undefined;
}

/** Next.js middleware that authenticates covers the routes its `config.matcher` selects. */
export function collectNextMiddleware(analysis: RouteAnalysis): void {
  let authenticates = false;
  let matchers: string[] | undefined;
  for (const node of descendants(analysis.program)) {
    const source = node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration' ? node.source?.value : undefined;
    if (typeof source === 'string' && AUTH_PACKAGE.test(source)) authenticates = true;
    if (node.type === 'CallExpression' && /^(protect|withAuth|clerkMiddleware|authMiddleware|withMiddlewareAuthRequired|updateSession)$|session|token/i.test(calleeName(node) ?? '')) authenticates = true;
    if (node.type === 'CallExpression' && SESSION_CALL.test(calleeName(node) ?? '')) authenticates = true;
    if (node.type === 'Property' && staticName(node.key) === 'matcher') {
      const values = node.value.type === 'ArrayExpression' ? node.value.elements : [node.value];
      matchers = values.flatMap((value) => {
        const text = value?.type === 'ObjectExpression' ? staticName(objectProperty(value, 'source')?.value as Node) : staticName(value as Node);
        return text ? [text] : [];
      });
    }
  }
  if (authenticates) analysis.context.addFact(matchers ? { kind: 'global-auth', matchers } : { kind: 'global-auth' });
}

/** A sample URL of a Next.js route file: `app/api/files/[id]/route.ts` → /api/files/id, `pages/api/docs/[...slug].ts` → /api/docs/slug. */
function nextRouteUrl(path: string): string | undefined {
  const match = /(?:^|\/)(?:pages(\/api\/.*)\.[cm]?[jt]sx?|app((?:\/.*)?)\/route\.[cm]?[jt]sx?)$/.exec(path);
  if (!match) return undefined;
  const segments = (match[1] ?? match[2] ?? '').split('/').filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith('@'));
  if (segments[segments.length - 1] === 'index') segments.pop();
  return `/${segments.map((segment) => segment.replace(/^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/, '$1')).join('/')}`;
}

