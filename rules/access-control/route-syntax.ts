// Small syntax helpers of the route analysis: names a pattern binds, a route's path literal, the
// module a `require` names, the hooks of a route options object.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, memberChain, objectProperty, staticName } from '../ast';

import type { FunctionNode } from './routes';

type Node = TSESTree.Node;

/**
 * Names of a handler's request and response parameters (`req`/`res`, `ctx`, `request`/`reply`);
 * `this` for a Koa v1 generator, whose context is its receiver.
 */
export function handlerNames(handler: FunctionNode): { requestName: string | undefined; responseName: string | undefined } {
  if (handler.generator) return { requestName: 'this', responseName: 'this' };
  const [requestParam, responseParam] = handler.params;
  return { requestName: requestParam?.type === 'Identifier' ? requestParam.name : destructuredRequest(requestParam), responseName: responseParam?.type === 'Identifier' ? responseParam.name : undefined };
}

/** `({ request, params }) =>` (SvelteKit, Remix, higher-order wrappers such as `withSession(async ({ req }) => …)`): the request's local name. */
function destructuredRequest(param: TSESTree.Parameter | undefined): string | undefined {
  if (param?.type !== 'ObjectPattern') return undefined;
  for (const property of param.properties) {
    if (property.type === 'Property' && /^(req|request)$/.test(staticName(property.key) ?? '') && property.value.type === 'Identifier') return property.value.name;
  }
  return undefined;
}

/** Middleware in a route's options object (Fastify hooks, Hapi `auth`, `middleware(s)` of file-routed modules). */
export function hookValues(node: Node | undefined): Node[] {
  if (!node || node.type !== 'ObjectExpression') return [];
  return node.properties.flatMap((property) =>
    property.type === 'Property' && /^(preHandler|onRequest|preValidation|auth|middlewares?|beforeHandler)$/.test(staticName(property.key) ?? '') ? [property.value as Node] : [],
  );
}

/** A route's path literal (template parts joined by `*`; several paths by `,`); undefined when not literal. */
export function routePath(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && (typeof node.value === 'string' || node.value instanceof RegExp || 'regex' in node)) return String(node.value ?? '');
  if (node.type === 'TemplateLiteral') return node.quasis.map((quasi) => quasi.value.cooked).join('*');
  if (node.type === 'ArrayExpression') return node.elements.map((element) => (element ? routePath(element) ?? '' : '')).join(',');
  return undefined;
}

/** Relative, or through an alias (`@/`, `~/`, `#…`): a module of the project, for the engine to resolve. */
export function isProjectModule(specifier: string): boolean {
  return /^(?:\.{1,2}\/|[@~]\/|#)/.test(specifier);
}

/**
 * The usual names of an app or router a module registers its routes on (`docsRoutes(app)`,
 * `registerRoutes(apiRouter)`): an imported function called with other data mounts nothing.
 */
export const APP_NAME = /^(?:app|application|server|router|routers|routes|api|fastify|express|koa|hono)$|[a-z0-9](?:App|Router|Server|Api|Routes)$/;

/** The usual names of a handler's request object. */
export const REQUEST_NAME = /^(?:req|request|ctx|context)$/;

/** `require('x')` / `require('x').y` → 'x'. */
export function requiredModule(node: Node): string | undefined {
  const call = node.type === 'MemberExpression' ? node.object : node;
  if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.callee.name !== 'require') return undefined;
  const [source] = call.arguments;
  return source?.type === 'Literal' && typeof source.value === 'string' ? source.value : undefined;
}

/** The first name of a member chain: `req.params.id` → req. */
export function rootName(node: Node): string | undefined {
  const [root] = memberChain(node);
  return root === '*' ? undefined : root;
}

/** Every name a binding pattern declares. */
export function patternNames(node: Node): string[] {
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'ObjectPattern') return node.properties.flatMap((property) => patternNames(property.type === 'Property' ? property.value : property.argument));
  if (node.type === 'ArrayPattern') return node.elements.flatMap((element) => (element ? patternNames(element) : []));
  if (node.type === 'AssignmentPattern') return patternNames(node.left);
  if (node.type === 'RestElement') return patternNames(node.argument);
  return [];
}

/** `a/./b/../c` → a/c. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** `@Get(':id')` → Get, `@Public` → Public. */
export function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  return decorator.expression.type === 'CallExpression' ? calleeName(decorator.expression) : staticName(decorator.expression);
}

/** The expression under TypeScript's `as` / `satisfies` / `!`. */
export function unwrapExpression(node: Node | undefined): Node | undefined {
  return node?.type === 'TSAsExpression' || node?.type === 'TSSatisfiesExpression' || node?.type === 'TSNonNullExpression' ? unwrapExpression(node.expression) : node;
}

/** A route object and its nested `options` / `config` objects (Hapi, Fastify), where handler and auth may sit. */
export function routeObjects(route: TSESTree.ObjectExpression): TSESTree.ObjectExpression[] {
  const nested = [objectProperty(route, 'options')?.value, objectProperty(route, 'config')?.value];
  return [route, ...nested.filter((value): value is TSESTree.ObjectExpression => value?.type === 'ObjectExpression')];
}
