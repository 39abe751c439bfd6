// What the access-control rules share: the server routes of a file (Express/Koa/Fastify route
// calls, Next.js/SvelteKit/Remix exported handlers), whether authentication applies to each, the
// file it hands out when that file is chosen by the client, and whether the requester's identity
// is tied to the lookup. Same-file facts only; mounts in other files travel as ProjectFacts.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { anyKeyword, type ProjectCondition, type RuleContext, type RuleLanguage, type Visitors } from '../api';
import { ancestors, calleeName, descendants, memberChain, objectProperty, staticName } from '../ast';

type Node = TSESTree.Node;
type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

export interface AccessOptions {
  /** Extra names of middleware/functions that authenticate the requester. */
  authMiddleware: string[];
  /** Extra names of functions that check the requester may read the document. */
  permissionFunctions: string[];
}

/** The options (and their schema) the three rules share, spread into each rule's meta. */
export const ACCESS_OPTIONS = {
  defaultOptions: { authMiddleware: [], permissionFunctions: [] } as AccessOptions,
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      authMiddleware: { type: 'array', items: { type: 'string' }, description: 'Names of your own authentication middleware or session helpers.' },
      permissionFunctions: { type: 'array', items: { type: 'string' }, description: 'Names of your own permission/ownership checks (called in the handler or used as middleware).' },
    },
  },
};

/** Calls that hand a file out or read it for a response: where findings come from. */
const SINK_KEYWORDS = [
  'sendFile', '.download(', 'createReadStream', 'readFile', 'GetObject', 'getSignedUrl', 'openDownloadStream', 'Content-Disposition', '.attachment(',
  'getBlobClient', 'getBlockBlobClient', 'koa-send', '.file(',
];
/** Global guards: a fact for every controller of the project. */
const GLOBAL_GUARD_KEYWORDS = ['APP_GUARD', 'useGlobalGuards'];
/**
 * Mounts, and routes whose handler lives in a controller file: facts for the files they name by
 * relative import. Not bare `router`: every React file using react-router would be parsed for nothing.
 */
export const ROUTING_KEYWORDS = ['.use(', '.register(', '.addHook(', 'auth.default(', 'router.get(', 'router.all(', 'router.route(', 'app.get(', 'app.route('];
/** Next.js middleware that authenticates: a fact for the project's routes. */
const MIDDLEWARE_KEYWORDS = ['matcher', 'next-auth', '@clerk', 'withAuth'];
const SERVING_KEYWORDS = [...SINK_KEYWORDS, ...GLOBAL_GUARD_KEYWORDS, ...ROUTING_KEYWORDS, ...MIDDLEWARE_KEYWORDS];

const SINKS = anyKeyword(SINK_KEYWORDS);
const GLOBAL_GUARDS = anyKeyword(GLOBAL_GUARD_KEYWORDS);
// `.register('name')` is react-hook-form's; Fastify and Hapi register plugins, never a string.
const ROUTING = new RegExp(String.raw`${anyKeyword(ROUTING_KEYWORDS.filter((keyword) => keyword !== '.register(')).source}|\.register\(\s*[^'"\s]`, 'i');
const RELATIVE_MODULE = /(?:\bfrom|\brequire\(|\bimport\()\s*['"`]\.\.?\//;
const MIDDLEWARE = anyKeyword(MIDDLEWARE_KEYWORDS);
const NEXT_MIDDLEWARE_FILE = /(^|\/)(src\/)?(middleware|proxy)\.[cm]?[jt]s$/;
/**
 * The shapes RouteAnalysis turns into routes, as text: a verb call with a literal path and a handler, a
 * `route(…)` call, a NestJS controller, a function of two or more parameters exported as a
 * controller (`exports.x =`, `module.exports`, `export [async] function x(req, res`, `export const x = (req, res) =>`).
 */
const ROUTE_SHAPE = new RegExp(
  [
    // A literal path, then a handler: `Map.get('x')` and `Promise.all([…])` are not routes.
    String.raw`\.(?:get|post|put|patch|delete|del|all|head|options)\s*\(\s*(?:'[^'\n]*'|"[^"\n]*"|\x60[^\x60]*\x60|\[[^\]]*\]|\/(?:\\.|[^/\n\\])+\/[a-z]*)\s*,`,
    String.raw`\.route\s*\(`,
    String.raw`@Controller\b`,
    String.raw`\bexports\.[\w$]+\s*=|\bmodule\.exports\b`,
    String.raw`\bexport\s+(?:async\s+)?function\s*\*?\s*[\w$]+\s*(?:<[^>]*>\s*)?\(\s*[^),]+,`,
    String.raw`\bexport\s+(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\s*[\w$]*\s*)?\(\s*[^),]+,`,
  ].join('|'),
);

/**
 * The route analysis needs only the statements with its rules' keywords and those the engine keeps
 * with them (js-adapter.ts, relevantStatements), except in a Next.js middleware file, where any
 * call may establish the session.
 */
export function routesAreStatementScoped(path: string): boolean {
  return !NEXT_MIDDLEWARE_FILE.test(path);
}

/** The prefilter and scope the two served-file rules share (one analysis serves both). */
export const SERVED_FILE_PREFILTER = {
  languages: ['js'] as RuleLanguage[],
  ignoresTestFiles: true,
  keywords: SERVING_KEYWORDS,
  evidence: servingEvidence,
  statementScoped: routesAreStatementScoped,
};

/**
 * Client input, as isClientInput and clientValues read it: a request's params, query, body,
 * search params or URL; the same destructured from the handler's arguments; a parsed request
 * body; NestJS input decorators. The request is recognised by its usual names (req, request, ctx,
 * context, event): a handler calling it otherwise is not parsed for its sinks.
 */
const CLIENT_INPUT =
  /\b(?:req|request|ctx|context|event)\s*\.\s*(?:request\s*\.\s*|nextUrl\s*\.\s*)?(?:params|query|body|searchParams|url)\b|[{,]\s*(?:params|query|body|searchParams)\s*[,}:]|\.(?:json|formData)\(\s*\)|@(?:Param|Query|Body)\s*\(/;

/**
 * The prefilter of the access-control rules, after their keywords. Findings need a sink inside a
 * route, fed by client input; facts need a global guard, routing with a relative import (the
 * only mounts and controllers facts can name), or middleware keywords in a Next.js middleware file.
 */
function servingEvidence(text: string, path: string): boolean {
  if (SINKS.test(text) && (ENDPOINT_FILE.test(path) || ROUTE_SHAPE.test(text)) && CLIENT_INPUT.test(text)) return true;
  return GLOBAL_GUARDS.test(text) || (ROUTING.test(text) && RELATIVE_MODULE.test(text)) || (NEXT_MIDDLEWARE_FILE.test(path) && MIDDLEWARE.test(text));
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
const EXPORTED_VERBS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'loader', 'action']);
// Not authentication, though the names suggest it: session stores, passport's setup, CSRF tokens.
const NOT_AUTH = /^(session|cookieSession|expressSession|initialize|csrf\w*|csurf|tokens?|rateLimit\w*)$/i;
const AUTH_NAME =
  /auth|log(?:ged)?_?in|signed_?in|jwt|passport|protect|guard|clerk|currentuser|restrict|require_?(?:user|role|admin|member|session)|ensure_?(?:user|admin|member|session)|verify_?(?:user|token|session|jwt)|is_?(?:user|admin|member|staff)|session|acl|rbac|permission/i;
const PERMISSION_NAME = /authori[sz]|permission|abilit|owner|polic|acl|rbac|access|enforce|^(?:can|cannot)(?:[A-Z_]|$)|^assert_?can|^check_?can|allowed/;
/** Folders and URL segments of assets everyone may fetch. */
const PUBLIC_SEGMENT = /(^|[/\\])(public|static|assets|images?|img|icons?|fonts?|css|avatars?|thumbnails?|dist|build|views|templates|locales?|translations?|i18n|favicon\.ico)([/\\]|$)/i;
const IDENTITY_FIELD = /^(user|session|auth|currentUser|account|tenant|principal|claims|userId|accountId|tenantId|uid|sub)$/;
/** Calls that establish who asks (NextAuth, Clerk, Supabase, Lucia, Remix helpers, hand-written session readers). */
const SESSION_CALL =
  /^(?:get\w*Session|auth|getAuth|currentUser|authenticate|isAuthenticated|withApiAuthRequired|(?:get|require|verify|validate|check|ensure|current|fetch|load|decode)_?(?:session|auth|request|token|jwt|id_?token|(?:current_?|logged_?in_?|session_?|auth_?)?user(?:_?id)?(?:_?from_?\w+)?))$/i;
const FILE_READS = new Set(['createReadStream', 'readFile', 'readFileSync', 'openDownloadStream', 'openDownloadStreamByName', 'getBlobClient', 'getBlockBlobClient']);
const PATH_RESPONSES = new Set(['download', 'sendFile', 'sendfile']);
const SEND_METHODS = new Set(['send', 'end', 'write', 'json', 'pipe']);

export interface Route {
  /** The call or export that declares the route, for messages. */
  node: Node;
  path: string | undefined;
  handler: FunctionNode;
  middlewares: Node[];
  /** Names of the handler's request and response objects (`req`/`res`, `ctx`, `request`/`reply`). */
  requestName: string | undefined;
  responseName: string | undefined;
  /** Authentication applies within this file (route middleware, router.use, session call…). */
  authenticated: boolean;
  /**
   * Where authentication may come from when not here: a mount in another file, a global guard
   * (NestJS, Next.js middleware), or — for an exported controller function — the routes of other files.
   */
  authElsewhere: 'mounted-behind-auth' | 'global-auth' | 'routed';
  /** The export name of a controller function. */
  exportName?: string;
  /** A sample URL path of the route, for path-limited global guards (Next.js middleware matchers). */
  url?: string;
  /** Parameters that carry client input or the requester (NestJS `@Param() id`, `@CurrentUser() user`). */
  clientParams?: string[];
  identityParams?: string[];
}

export interface ServedFile {
  /** The call that hands the file out (or reads it for the response). */
  sink: Node;
  /** The statement that looked the document up from client input, for the ownership fix. */
  lookup: TSESTree.VariableDeclaration | undefined;
  lookupName: string | undefined;
}

export class RouteAnalysis {
  readonly routes: Route[] = [];
  /** Text of an auth middleware the file already uses (for the quick fix). */
  knownAuth: string | undefined;
  private readonly imports = new Map<string, string>();
  private readonly functions = new Map<string, FunctionNode>();
  /** Router/app variable → offset of the first `X.use(auth)` (routes after it are authenticated). */
  private readonly authFrom = new Map<string, number>();

  constructor(
    private readonly context: RuleContext<AccessOptions>,
    private readonly program: TSESTree.Program,
  ) {
    this.collectDeclarations();
    for (const node of descendants(program)) {
      if (node.type === 'CallExpression') this.visitCall(node);
    }
    this.collectExportedHandlers();
    this.collectNestRoutes();
    this.collectControllerExports();
    if (NEXT_MIDDLEWARE_FILE.test(context.path)) this.collectNextMiddleware();
  }

  /** Next.js middleware that authenticates covers the routes its `config.matcher` selects. */
  private collectNextMiddleware(): void {
    let authenticates = false;
    let matchers: string[] | undefined;
    for (const node of descendants(this.program)) {
      const source = node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration' ? node.source?.value : undefined;
      if (typeof source === 'string' && AUTH_PACKAGE.test(source)) authenticates = true;
      if (node.type === 'CallExpression' && /^(protect|withAuth|clerkMiddleware|authMiddleware|withMiddlewareAuthRequired|updateSession)$|session|token/i.test(calleeName(node) ?? '')) authenticates = true;
      if (node.type === 'CallExpression' && SESSION_CALL.test(calleeName(node) ?? '')) authenticates = true;
      if (node.type === 'Property' && staticName(node.key) === 'matcher') {
        const values = node.value.type === 'ArrayExpression' ? node.value.elements : [node.value];
        matchers = values.flatMap((value) => {
          const text = value?.type === 'ObjectExpression' ? staticName(objectProperty(value, 'source')?.value as Node) : staticName(value as Node);
          return text ? [nextMatcherToRegex(text)] : [];
        });
      }
    }
    if (authenticates) this.context.addFact(matchers ? { kind: 'global-auth', matchers } : { kind: 'global-auth' });
  }

  /**
   * No authentication in this file: a finding that stands unless (`holds: false`) or only if other
   * files provide it. A controller function's findings need a route to it: one without auth for
   * the auth finding, only authenticated ones for the ownership finding.
   */
  authElsewhere(route: Pick<Route, 'authElsewhere' | 'url' | 'exportName'>, holds: boolean): ProjectCondition {
    const module = this.context.path;
    if (route.authElsewhere === 'routed') return { fact: holds ? 'routed-with-auth-only' : 'routed-without-auth', module, export: route.exportName, holds: true };
    return { fact: route.authElsewhere, module, ...(route.url !== undefined ? { url: route.url } : {}), holds };
  }

  private collectDeclarations(): void {
    for (const node of descendants(this.program)) {
      if (node.type === 'ImportDeclaration' && typeof node.source.value === 'string') {
        for (const specifier of node.specifiers) this.imports.set(specifier.local.name, node.source.value);
      } else if (node.type === 'VariableDeclarator' && node.init) {
        const required = requiredModule(node.init);
        if (required && node.id.type === 'Identifier') this.imports.set(node.id.name, required);
        else if (required && node.id.type === 'ObjectPattern') for (const name of patternNames(node.id)) this.imports.set(name, required);
        if (node.id.type === 'Identifier' && (node.init.type === 'ArrowFunctionExpression' || node.init.type === 'FunctionExpression')) this.functions.set(node.id.name, node.init);
      } else if (node.type === 'FunctionDeclaration' && node.id) this.functions.set(node.id.name, node);
    }
  }

  private visitCall(call: TSESTree.CallExpression): void {
    if (call.callee.type !== 'MemberExpression') {
      // `require('./routes/docs')(app)` / `docsRoutes(app)`: the module registers its routes on app.
      const module = call.callee.type === 'CallExpression' ? requiredModule(call.callee) : call.callee.type === 'Identifier' ? this.imports.get(call.callee.name) : undefined;
      const app = call.arguments[0];
      if (module && app?.type === 'Identifier') this.mount(module, this.authBefore(app.name, call));
      return;
    }
    const method = staticName(call.callee.property);
    const object = call.callee.object;
    const target = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' || object.type === 'ThisExpression' ? memberChain(object).join('.') : undefined;
    if (method === 'use' || method === 'register' || method === 'addHook') return this.visitUse(call, target);
    if (method === 'route' && call.arguments[0]?.type === 'ObjectExpression') return this.visitFastifyRoute(call, call.arguments[0], target);
    if (method === 'route' && call.arguments[0]?.type === 'ArrayExpression') {
      for (const element of call.arguments[0].elements) if (element?.type === 'ObjectExpression') this.visitFastifyRoute(call, element, target);
      return;
    }
    // Hapi: server.auth.default('session') authenticates the routes registered after it.
    if (method === 'default' && object.type === 'MemberExpression' && staticName(object.property) === 'auth') {
      const server = rootName(object);
      if (server && !this.authFrom.has(server)) this.authFrom.set(server, call.range[0]);
      return;
    }
    if (!method || !VERBS.has(method)) return;
    // router.route('/x').get(auth, handler): the path sits on the inner call.
    const chained = object.type === 'CallExpression' && object.callee.type === 'MemberExpression' && staticName(object.callee.property) === 'route' ? object : undefined;
    const args = call.arguments as Node[];
    const path = chained ? routePath(chained.arguments[0]) : routePath(args[0]);
    if (path === undefined) return;
    const rest = chained ? args : args.slice(1);
    const handlerNode = rest[rest.length - 1];
    const root = chained ? rootName(chained.callee) : target;
    // Fastify: `app.get('/x', { preHandler: auth }, handler)`.
    const middlewares = rest.slice(0, -1).flatMap((middleware) => (middleware.type === 'ObjectExpression' ? hookValues(middleware) : [middleware]));
    const handler = this.resolveFunction(handlerNode);
    if (handler) this.addRoute(call, path, handler, middlewares, root);
    else if (handlerNode) this.routeToController(call, handlerNode, middlewares, root);
  }

  /** Fastify `route({ url, preHandler, handler })`, Hapi `route({ path, options: { auth, handler } })`. */
  private visitFastifyRoute(call: TSESTree.CallExpression, route: TSESTree.ObjectExpression, target: string | undefined): void {
    const nested = [objectProperty(route, 'options')?.value, objectProperty(route, 'config')?.value].filter((value): value is TSESTree.ObjectExpression => value?.type === 'ObjectExpression');
    const handlerProperty = [route, ...nested].map((object) => objectProperty(object, 'handler')).find(Boolean);
    const handler = handlerProperty ? this.resolveFunction(handlerProperty.value as Node) : undefined;
    const url = objectProperty(route, 'url') ?? objectProperty(route, 'path');
    if (!handler) return;
    // Hapi `auth: false` opts the route out of the server's default strategy.
    const optedOut = [route, ...nested].some((object) => {
      const auth = objectProperty(object, 'auth')?.value;
      return auth?.type === 'Literal' && auth.value === false;
    });
    this.addRoute(call, url ? routePath(url.value as Node) ?? '' : '', handler, [route, ...nested].flatMap(hookValues), optedOut ? undefined : target);
  }

  private visitUse(call: TSESTree.CallExpression, target: string | undefined): void {
    const args = call.arguments as Node[];
    const method = call.callee.type === 'MemberExpression' ? staticName(call.callee.property) : undefined;
    // fastify.addHook('onRequest', auth) authenticates every route registered after it.
    const middlewares = method === 'addHook' ? args.slice(1) : args.filter((arg) => routePath(arg) === undefined);
    let auth = this.authBefore(target, call);
    let onlyAuth = middlewares.length > 0;
    for (const middleware of method === 'register' ? [...middlewares.slice(0, 1), ...hookValues(middlewares[1])] : middlewares) {
      if (this.isAuth(middleware)) {
        auth = true;
        this.knownAuth ??= this.context.getText(middleware);
        continue;
      }
      onlyAuth = false;
      const module = this.mountedModule(middleware);
      if (module) this.mount(module, auth);
    }
    // `app.use(auth)` covers the later routes of app; `app.use('/api', auth, apiRouter)` only apiRouter.
    // With a path (`app.use('/admin', auth)`), precision first: later routes count as covered.
    if (auth && onlyAuth && target && !this.authFrom.has(target)) this.authFrom.set(target, call.range[0]);
  }

  /** The module an argument of `use`/`register` brings in: an imported router or plugin. */
  private mountedModule(node: Node): string | undefined {
    if (node.type === 'Identifier') return this.imports.get(node.name);
    if (node.type === 'CallExpression') {
      const required = requiredModule(node);
      if (required) return required;
      // koa: app.use(docsRouter.routes()); `require('./x').default`.
      if (node.callee.type === 'MemberExpression') return this.mountedModule(node.callee.object);
      return undefined;
    }
    if (node.type === 'MemberExpression') return this.mountedModule(node.object);
    return undefined;
  }

  private mount(specifier: string, behindAuth: boolean): void {
    if (specifier.startsWith('.')) this.context.addFact({ kind: 'mount', module: this.resolveModule(specifier), behindAuth });
  }

  /** A relative import as a workspace path without extension. */
  private resolveModule(specifier: string): string {
    const base = this.context.path.includes('/') ? this.context.path.slice(0, this.context.path.lastIndexOf('/')) : '';
    return normalizePath(`${base}/${specifier}`).replace(/\.(?:[cm]?[jt]sx?)$/, '');
  }

  /** An earlier `target.use(auth)` / `addHook(…, auth)` covers what `node` registers. */
  authBefore(target: string | undefined, node: Node): boolean {
    const from = target === undefined ? undefined : this.authFrom.get(target);
    return from !== undefined && from < node.range[0];
  }

  private addRoute(node: Node, path: string, handler: FunctionNode, middlewares: Node[], target: string | undefined): void {
    const [requestParam, responseParam] = handler.params;
    const requestName = requestParam?.type === 'Identifier' ? requestParam.name : undefined;
    const responseName = responseParam?.type === 'Identifier' ? responseParam.name : undefined;
    const authMiddleware = middlewares.find((middleware) => this.isAuth(middleware));
    if (authMiddleware) this.knownAuth ??= this.context.getText(authMiddleware);
    const authenticated = Boolean(authMiddleware) || this.authBefore(target, node) || identityParams(handler).length > 0 || this.checksIdentity(handler, requestName);
    this.routes.push({ node, path, handler, middlewares, requestName, responseName, authenticated, authElsewhere: 'mounted-behind-auth' });
  }

  /** `router.get('/files/:name', auth, controller.download)`: the handler's file judges it with this fact. */
  private routeToController(call: Node, handlerNode: Node, middlewares: Node[], target: string | undefined): void {
    const [object, exported] = handlerNode.type === 'MemberExpression' ? [rootName(handlerNode), staticName(handlerNode.property)] : handlerNode.type === 'Identifier' ? [handlerNode.name, handlerNode.name] : [];
    const specifier = object ? this.imports.get(object) : undefined;
    if (!specifier?.startsWith('.') || !exported) return;
    const authenticated = middlewares.some((middleware) => this.isAuth(middleware)) || this.authBefore(target, call);
    this.context.addFact({ kind: 'route', module: this.resolveModule(specifier), export: exported, authenticated, permission: middlewares.some((middleware) => this.isPermission(middleware)) });
  }

  /**
   * Controller functions (`exports.download = (req, res) => …`, `export async function download(req, res)`,
   * `module.exports = { download }`): routes in other files decide whether their findings stand.
   */
  private collectControllerExports(): void {
    // Framework endpoint files: their exports are the routes (collectExportedHandlers), not controllers.
    if (ENDPOINT_FILE.test(this.context.path)) return;
    const handled = new Set(this.routes.map((route) => route.handler));
    const exported = new Map<string, Node>();
    for (const statement of this.program.body) {
      if (statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'FunctionDeclaration' && statement.declaration.id) exported.set(statement.declaration.id.name, statement.declaration);
      if (statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration') {
        for (const declarator of statement.declaration.declarations) if (declarator.id.type === 'Identifier' && declarator.init) exported.set(declarator.id.name, declarator.init);
      }
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
      const { left, right } = statement.expression;
      const target = memberChain(left).join('.');
      if (/^(module\.)?exports\.\w+$/.test(target)) exported.set(staticName(left)!, right);
      if (target === 'module.exports' && right.type === 'ObjectExpression') {
        for (const property of right.properties) if (property.type === 'Property' && staticName(property.key)) exported.set(staticName(property.key)!, property.value as Node);
      }
    }
    for (const [name, value] of exported) {
      const handler = this.resolveFunction(value);
      if (!handler || handled.has(handler) || handler.params.length < 2) continue;
      const [requestParam, responseParam] = handler.params;
      const requestName = requestParam?.type === 'Identifier' ? requestParam.name : undefined;
      const responseName = responseParam?.type === 'Identifier' ? responseParam.name : undefined;
      const authenticated = identityParams(handler).length > 0 || this.checksIdentity(handler, requestName);
      this.routes.push({ node: value, path: undefined, handler, middlewares: [], requestName, responseName, authenticated, authElsewhere: 'routed', exportName: name });
    }
  }

  /**
   * NestJS controllers: `@Get(':id')` methods, guards from `@UseGuards` on the method or class,
   * `@Public()`-style opt-outs; a global guard (APP_GUARD, useGlobalGuards) is another file's fact.
   */
  private collectNestRoutes(): void {
    for (const node of descendants(this.program)) {
      // Registering a global auth guard is a fact for every controller of the project.
      if (node.type === 'Property' && staticName(node.key) === 'provide' && staticName(node.value) === 'APP_GUARD') {
        const useClass = node.parent?.type === 'ObjectExpression' ? node.parent.properties.find((property) => property.type === 'Property' && staticName(property.key) === 'useClass') : undefined;
        if (useClass?.type === 'Property' && this.isAuth(useClass.value as Node)) this.context.addFact({ kind: 'global-auth' });
      }
      if (node.type === 'CallExpression' && calleeName(node) === 'useGlobalGuards' && node.arguments.some((arg) => this.isAuth(arg.type === 'NewExpression' ? arg.callee : arg))) {
        this.context.addFact({ kind: 'global-auth' });
      }
      if (node.type !== 'ClassDeclaration' || !node.decorators.some((decorator) => decoratorName(decorator) === 'Controller')) continue;
      const classGuarded = node.decorators.some((decorator) => this.isGuard(decorator));
      const classGuards = node.decorators.flatMap(guardsOf);
      for (const member of node.body.body) {
        if (member.type !== 'MethodDefinition' || member.value.type !== 'FunctionExpression') continue;
        const verb = member.decorators.map(decoratorName).find((name) => name && VERBS.has(name.toLowerCase()));
        if (!verb) continue;
        const routeDecorator = member.decorators.find((decorator) => decoratorName(decorator) === verb)!;
        const decoratorCall = routeDecorator.expression.type === 'CallExpression' ? routeDecorator.expression : undefined;
        const params = member.value.params.flatMap((param) => (param.type === 'Identifier' ? [{ name: param.name, decorators: (param.decorators ?? []).map(decoratorName) }] : []));
        const named = (pattern: RegExp) => params.filter((param) => param.decorators.some((name) => name && pattern.test(name))).map((param) => param.name);
        const isPublic = member.decorators.some((decorator) => /^(Public|AllowAnonymous|SkipAuth|IsPublic|Anonymous|NoAuth)$/.test(decoratorName(decorator) ?? ''));
        const identityParams = named(/^(CurrentUser|User|AuthUser|GetUser|ReqUser|Session|Auth|Principal|UserId)$/);
        const requestName = named(/^(Req|Request)$/)[0];
        const guarded = classGuarded || member.decorators.some((decorator) => this.isGuard(decorator)) || identityParams.length > 0;
        const route: Route = {
          node: member,
          path: decoratorCall ? routePath(decoratorCall.arguments[0]) ?? '' : '',
          handler: member.value,
          middlewares: [...classGuards, ...member.decorators.flatMap(guardsOf)],
          requestName,
          responseName: named(/^(Res|Response)$/)[0],
          authenticated: guarded || (requestName !== undefined && this.checksIdentity(member.value, requestName)),
          // @Public() opts out of the global guard: then nothing elsewhere authenticates it.
          authElsewhere: 'global-auth',
          clientParams: named(/^(Param|Query|Body)$/),
          identityParams,
        };
        if (isPublic && !guarded) route.authElsewhere = 'mounted-behind-auth';
        this.routes.push(route);
      }
    }
  }

  private isGuard(decorator: TSESTree.Decorator): boolean {
    const expression = decorator.expression;
    if (expression.type !== 'CallExpression' || !/^(UseGuards|Auth|Authenticated|Roles|RequireAuth)$/.test(calleeName(expression) ?? '')) return false;
    return calleeName(expression) !== 'UseGuards' || expression.arguments.some((arg) => this.isAuth(arg.type === 'NewExpression' ? arg.callee : arg));
  }

  /** Next.js pages/api and app-router handlers, SvelteKit `+server` endpoints, Remix loaders. */
  private collectExportedHandlers(): void {
    const path = this.context.path;
    const pagesApi = /(^|\/)pages\/api\//.test(path);
    const endpoint = /(^|\/)(route|\+server)\.[cm]?[jt]s$/.test(path) || /(^|\/)app\/routes\//.test(path);
    if (!pagesApi && !endpoint) return;
    for (const statement of this.program.body) {
      if (pagesApi && statement.type === 'ExportDefaultDeclaration') {
        const declaration = statement.declaration as Node;
        // export default withAuth(handler): the wrapper authenticates.
        const wrapped = declaration.type === 'CallExpression' ? declaration : undefined;
        const handler = wrapped ? this.wrappedHandler(wrapped) : this.resolveFunction(declaration);
        if (handler) this.addExported(statement, handler, wrapped ? [wrapped.callee] : []);
      }
      if (endpoint && statement.type === 'ExportNamedDeclaration' && statement.declaration) {
        const declaration = statement.declaration;
        if (declaration.type === 'FunctionDeclaration' && declaration.id && EXPORTED_VERBS.has(declaration.id.name)) this.addExported(statement, declaration, []);
        if (declaration.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type !== 'Identifier' || !EXPORTED_VERBS.has(declarator.id.name) || !declarator.init) continue;
            const wrapped = declarator.init.type === 'CallExpression' ? declarator.init : undefined;
            const handler = wrapped ? this.wrappedHandler(wrapped) : this.resolveFunction(declarator.init);
            if (handler) this.addExported(statement, handler, wrapped ? [wrapped.callee] : []);
          }
        }
      }
    }
  }

  private addExported(node: Node, handler: FunctionNode, wrappers: Node[]): void {
    const [requestParam, responseParam] = handler.params;
    const requestName = requestParam?.type === 'Identifier' ? requestParam.name : undefined;
    const responseName = responseParam?.type === 'Identifier' ? responseParam.name : undefined;
    const authenticated = wrappers.some((wrapper) => this.isAuth(wrapper)) || identityParams(handler).length > 0 || this.checksIdentity(handler, requestName);
    const url = nextRouteUrl(this.context.path);
    this.routes.push({ node, path: undefined, handler, middlewares: wrappers, requestName, responseName, authenticated, authElsewhere: url ? 'global-auth' : 'mounted-behind-auth', url });
  }

  /** `withAuth(handler, options)`: the wrapped function is the argument that is one. */
  private wrappedHandler(call: TSESTree.CallExpression): FunctionNode | undefined {
    for (const arg of call.arguments) {
      const handler = this.resolveFunction(arg);
      if (handler) return handler;
    }
    return undefined;
  }

  private resolveFunction(node: Node | undefined): FunctionNode | undefined {
    if (!node) return undefined;
    if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration') return node;
    if (node.type === 'Identifier') return this.functions.get(node.name);
    // this.getHandler / this.getHandler.bind(this): a method of the class registering the route.
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && staticName(node.callee.property) === 'bind') return this.resolveFunction(node.callee.object);
    if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
      const name = staticName(node.property);
      for (const current of ancestors(node)) {
        if (current.type !== 'ClassBody') continue;
        const method = current.body.find((member) => member.type === 'MethodDefinition' && staticName(member.key) === name);
        return method?.type === 'MethodDefinition' && method.value.type === 'FunctionExpression' ? method.value : undefined;
      }
    }
    return undefined;
  }

  /** Known auth middleware by name, a call such as passport.authenticate('jwt'), or a local function that checks a session or token. */
  isAuth(node: Node): boolean {
    if (node.type === 'ArrayExpression') return node.elements.some((element) => element !== null && element.type !== 'SpreadElement' && this.isAuth(element));
    const names = (node.type === 'CallExpression' ? memberChain(node.callee) : memberChain(node)).filter((name) => name !== '*');
    const last = names[names.length - 1];
    if (!last || NOT_AUTH.test(last)) return false;
    if (names.some((name) => this.context.options.authMiddleware.includes(name) || this.context.options.permissionFunctions.includes(name))) return true;
    if (names.some((name) => AUTH_NAME.test(name))) return true;
    const local = node.type === 'Identifier' ? this.functions.get(node.name) : undefined;
    if (!local) return false;
    const [request] = local.params;
    return this.checksIdentity(local, request?.type === 'Identifier' ? request.name : undefined) || /authorization|jwt|verify\(/i.test(this.context.getText(local));
  }

  /** A permission or ownership check among the route's middleware; a NestJS guard other than plain authentication. */
  isPermission(node: Node): boolean {
    const names = (node.type === 'CallExpression' ? memberChain(node.callee) : memberChain(node)).filter((name) => name !== '*');
    const last = names[names.length - 1] ?? '';
    if (/Guard$/.test(last) && !PLAIN_AUTH_GUARD.test(last)) return true;
    return names.some((name) => PERMISSION_NAME.test(name) || this.context.options.permissionFunctions.includes(name));
  }

  /** The handler reads the requester's identity (`req.user`, `ctx.state.user`, a session call). */
  private checksIdentity(handler: FunctionNode, requestName: string | undefined): boolean {
    if (deniesAccess(handler, /^40[13]$|^(Unauthorized|Forbidden)/)) return true;
    for (const node of descendants(handler.body)) {
      if (node.type === 'MemberExpression' && (isIdentityRead(node, requestName) || readsCredentials(node))) return true;
      if (node.type === 'CallExpression') {
        const name = calleeName(node);
        if (name && (SESSION_CALL.test(name) || this.context.options.authMiddleware.includes(name)) && !NOT_AUTH.test(name)) return true;
        // req.get('authorization'), request.headers.get('x-api-key')
        if ((name === 'get' || name === 'header') && CREDENTIAL_HEADER.test(staticName(node.arguments[0]) ?? '')) return true;
      }
    }
    return false;
  }

  /**
   * The first file the route hands out whose location comes from client input (directly, or
   * through a lookup such as `Document.findById(req.params.id)`), unless it lies in a public folder.
   */
  servedFile(route: Route): ServedFile | undefined {
    if (route.path !== undefined && PUBLIC_SEGMENT.test(route.path)) return undefined;
    if (usesLinkSecret(route)) return undefined;
    const tainted = clientValues(route);
    const isTainted = (node: Node | undefined | null): boolean => Boolean(node) && touches(node!, tainted, route);
    const body = route.handler.body;
    const headers = this.context.getText(body);
    const disposition = /content-disposition|\.attachment\(/i.test(headers);
    // The handler's own variables, then the module's top-level ones.
    const values = new Map([...declaredValues(this.program.body.filter((statement) => statement.type === 'VariableDeclaration')), ...declaredValues([body])]);
    let sink: Node | undefined;
    // From the handler, not its body: a concise arrow's body may be the sink itself.
    for (const node of descendants(route.handler)) {
      if (node.type === 'CallExpression') {
        const name = calleeName(node);
        const args = node.arguments as Node[];
        if (!name) continue;
        const receiver = node.callee.type === 'MemberExpression' ? rootName(node.callee.object) : undefined;
        const pathResponse = PATH_RESPONSES.has(name) || (name === 'file' && receiver !== undefined && receiver === route.responseName); // Hapi h.file()
        if (pathResponse && receiver !== undefined && isTainted(args[0]) && !servesPublic(args, values)) sink = node;
        else if (name === 'send' && node.callee.type === 'Identifier' && this.imports.get('send') === 'koa-send' && isTainted(args[1]) && !servesPublic(args, values)) sink = node;
        else if (FILE_READS.has(name) && isTainted(args[0]) && !servesPublic(args, values)) sink = node;
        else if (name === 'file' && isTainted(args[0]) && /createReadStream|download|getSignedUrl/.test(this.context.getText(node.parent ?? node))) sink = node;
        else if ((name === 'getObject' || name === 'getSignedUrl' || name === 'getSignedUrlPromise') && args.some((arg) => isTainted(arg))) sink = node;
        else if (disposition && SEND_METHODS.has(name) && route.responseName !== undefined && receiver === route.responseName && args.some((arg) => isTainted(arg))) sink = node;
      } else if (node.type === 'NewExpression') {
        const name = calleeName(node);
        if ((name === 'GetObjectCommand' || name === 'StreamableFile') && node.arguments.some((arg) => isTainted(arg))) sink = node;
        else if (disposition && (name === 'Response' || name === 'NextResponse') && isTainted(node.arguments[0])) sink = node;
      }
      if (sink) break;
    }
    if (!sink) return undefined;
    const lookup = findLookup(route, sink);
    return { sink, lookup: lookup?.declaration, lookupName: lookup?.name };
  }

  /** Something in the handler or its middleware ties the document to the requester. */
  tiesToRequester(route: Route): boolean {
    if (route.middlewares.some((middleware) => this.isPermission(middleware))) return true;
    // A 403 answer is an access decision of the handler's own; a shared key compared with the
    // environment authenticates a service, which has no documents of its own to be scoped to.
    if (deniesAccess(route.handler, /^403$|^Forbidden/) || comparesWithEnvironment(route.handler)) return true;
    const aliases = new Set<string>([...identityParams(route.handler), ...(route.identityParams ?? [])]);
    for (const node of descendants(route.handler.body)) {
      if (node.type === 'VariableDeclarator' && node.init && (readsIdentity(node.init, route.requestName, aliases) || isSessionCall(node.init, this.context.options))) {
        for (const name of patternNames(node.id)) aliases.add(name);
      }
      if (node.type === 'CallExpression') {
        const names = memberChain(node.callee);
        if (names.some((name) => PERMISSION_NAME.test(name) || this.context.options.permissionFunctions.includes(name))) return true;
      }
      if ((node.type === 'MemberExpression' || node.type === 'Identifier') && usesIdentity(node, route.requestName, aliases)) return true;
    }
    return false;
  }
}

const CREDENTIAL_HEADER = /^(authorization|x-api-key|api-key|x-auth-token|x-access-token)$/i;

/** `req.headers.authorization`, `req.headers['x-api-key']`. */
function readsCredentials(node: TSESTree.MemberExpression): boolean {
  const chain = memberChain(node);
  const headers = chain.indexOf('headers');
  return headers >= 0 && CREDENTIAL_HEADER.test(chain[headers + 1] ?? (node.computed ? staticName(node.property) ?? '' : ''));
}

/** The handler answers with a status matching `codes` (401/403, ForbiddenException…). */
function deniesAccess(handler: FunctionNode, codes: RegExp): boolean {
  for (const node of descendants(handler.body)) {
    if (node.type === 'CallExpression' && /^(status|sendStatus|throw|error|code|json)$/.test(calleeName(node) ?? '')) {
      if (node.arguments.some((arg) => arg.type === 'Literal' && codes.test(String(arg.value)))) return true;
    }
    if (node.type === 'Property' && staticName(node.key) === 'status' && node.value.type === 'Literal' && codes.test(String(node.value.value))) return true;
    if (node.type === 'NewExpression' && codes.test(calleeName(node) ?? '')) return true;
  }
  return false;
}

function comparesWithEnvironment(handler: FunctionNode): boolean {
  for (const node of descendants(handler.body)) {
    if (node.type !== 'BinaryExpression' || !/^[!=]==?$/.test(node.operator)) continue;
    const readsEnvironment = (side: Node) => [side, ...descendants(side)].some((child) => child.type === 'MemberExpression' && memberChain(child).slice(0, 2).join('.') === 'process.env');
    if (readsEnvironment(node.left) || readsEnvironment(node.right)) return true;
  }
  return false;
}

/** `handler(req, res, user)`: a wrapper that authenticates hands the user (or session) to the handler. */
function identityParams(handler: FunctionNode): string[] {
  return handler.params.slice(2).flatMap((param) => (param.type === 'Identifier' && /^(user|session|auth|account|currentUser|principal)$/i.test(param.name) ? [param.name] : []));
}

/** Guards that only authenticate: `AuthGuard('jwt')`, `JwtAuthGuard`, `SessionGuard`… */
const PLAIN_AUTH_GUARD = /^(Jwt|Local|Session|ApiKey|Authenticated|Auth|Clerk|Firebase|Supabase|Bearer|Token|AccessToken|Passport|Oidc|Google|Github)*(Auth)?Guard$/;

/** The guards of a `@UseGuards(A, B)` decorator. */
function guardsOf(decorator: TSESTree.Decorator): Node[] {
  const expression = decorator.expression;
  if (expression.type !== 'CallExpression' || calleeName(expression) !== 'UseGuards') return [];
  return expression.arguments.map((arg) => (arg.type === 'NewExpression' ? arg.callee : arg) as Node);
}

/** Next.js pages/api and route handlers, SvelteKit endpoints, Remix routes. */
const ENDPOINT_FILE = /(^|\/)pages\/api\/|(^|\/)(route|\+server)\.[cm]?[jt]s$|(^|\/)app\/routes\//;

const AUTH_PACKAGE = /^(next-auth|@auth\/|@clerk\/|@auth0\/|@supabase\/|@kinde-oss\/|better-auth|lucia|@workos-inc\/|next-firebase-auth)/;

/** A sample URL of a Next.js route file: `app/api/files/[id]/route.ts` → /api/files/id, `pages/api/docs/[...slug].ts` → /api/docs/slug. */
function nextRouteUrl(path: string): string | undefined {
  const match = /(?:^|\/)(?:pages(\/api\/.*)\.[cm]?[jt]sx?|app((?:\/.*)?)\/route\.[cm]?[jt]sx?)$/.exec(path);
  if (!match) return undefined;
  const segments = (match[1] ?? match[2] ?? '').split('/').filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith('@'));
  if (segments[segments.length - 1] === 'index') segments.pop();
  return `/${segments.map((segment) => segment.replace(/^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/, '$1')).join('/')}`;
}

/** Next.js matcher syntax (path-to-regexp: `/api/:path*`, regex groups) as an anchored regex source. */
function nextMatcherToRegex(matcher: string): string {
  const body = matcher.replace(/:(\w+)\*/g, '.*').replace(/:(\w+)\+/g, '.+').replace(/:(\w+)\?/g, '[^/]*').replace(/:(\w+)/g, '[^/]+');
  return `^${body}$`;
}

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  return decorator.expression.type === 'CallExpression' ? calleeName(decorator.expression) : staticName(decorator.expression);
}

function isSessionCall(node: Node, options: AccessOptions): boolean {
  const call = node.type === 'AwaitExpression' ? node.argument : node;
  if (call.type !== 'CallExpression') return false;
  const name = calleeName(call);
  return Boolean(name && (SESSION_CALL.test(name) || options.authMiddleware.includes(name)));
}

function readsIdentity(node: Node, requestName: string | undefined, aliases: Set<string>): boolean {
  if (node.type === 'MemberExpression' && isIdentityRead(node, requestName)) return true;
  if (node.type === 'Identifier' && aliases.has(node.name)) return true;
  // `const { user } = req`
  if (node.type === 'Identifier' && node.name === requestName) return true;
  for (const child of descendants(node)) if (child.type === 'MemberExpression' && isIdentityRead(child, requestName)) return true;
  return false;
}

/** `req.user`, `req.session.userId`, `ctx.state.user`, `res.locals.user`, `locals.user` (SvelteKit). */
function isIdentityRead(node: TSESTree.MemberExpression, requestName: string | undefined): boolean {
  const chain = memberChain(node);
  const root = chain[0];
  const fields = root === 'ctx' && chain[1] === 'state' ? chain.slice(2) : root === 'res' && chain[1] === 'locals' ? chain.slice(2) : chain.slice(1);
  const fromRequest = root === requestName || root === 'req' || root === 'request' || root === 'ctx' || root === 'res' || root === 'locals' || root === 'event';
  return fromRequest && fields.length > 0 && IDENTITY_FIELD.test(fields[0] === 'locals' ? fields[1] ?? '' : fields[0]);
}

/**
 * The identity is USED (compared, passed, put in a query), not just tested for presence:
 * `req.user.id`, `doc.ownerId === user.id`, `where: { userId }`, `can(user, doc)`.
 */
function usesIdentity(node: TSESTree.MemberExpression | TSESTree.Identifier, requestName: string | undefined, aliases: Set<string>): boolean {
  const parent = node.parent;
  if (!parent) return false;
  const isIdentity = node.type === 'MemberExpression' ? isIdentityRead(node, requestName) : aliases.has(node.name);
  if (!isIdentity) return false;
  if (node.type === 'Identifier' && parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false;
  if (node.type === 'Identifier' && parent.type === 'VariableDeclarator' && parent.id === node) return false;
  if (node.type === 'Identifier' && parent.type === 'Property' && parent.key === node && parent.value !== node) return false;
  // Presence tests (`if (!req.user)`) authenticate; they do not tie the document to the user.
  if (parent.type === 'UnaryExpression' || parent.type === 'IfStatement' || parent.type === 'LogicalExpression' || parent.type === 'ConditionalExpression') {
    return false;
  }
  if (parent.type === 'MemberExpression' && parent.object === node) return usesIdentity(parent, requestName, aliases) || (aliases.has(rootName(node) ?? '') && parent.parent?.type !== 'IfStatement' && parent.parent?.type !== 'UnaryExpression');
  return parent.type === 'BinaryExpression' || parent.type === 'CallExpression' || parent.type === 'Property' || parent.type === 'ArrayExpression' || parent.type === 'TemplateLiteral' || parent.type === 'AssignmentPattern';
}

/** Names of client-supplied values that are secrets of a share link rather than document ids. */
const LINK_SECRET = /token|secret|signature|hash|share|link|otp|nonce|invite/i;

/**
 * Share links by design: the document is found through a secret the link carries (`/share/:token`,
 * `{ linkId, viewId }`), which is the access check, unlike the enumerable ids of Sergic's URLs.
 */
function usesLinkSecret(route: Route): boolean {
  if (route.path !== undefined && /:[\w]*(token|secret|signature|hash|share|link)/i.test(route.path)) return true;
  for (const node of descendants(route.handler.body)) {
    if (node.type === 'MemberExpression' && isClientInput(node, route) && memberChain(node).slice(1).some((name) => LINK_SECRET.test(name))) return true;
    if (node.type === 'VariableDeclarator' && node.id.type === 'ObjectPattern' && node.init && touches(node.init, new Set(), route)) {
      if (node.id.properties.some((property) => property.type === 'Property' && LINK_SECRET.test(staticName(property.key) ?? ''))) return true;
    }
  }
  return false;
}

/** Names bound from client input: destructured `params`/`query`/`body` of the handler's arguments. */
function clientValues(route: Route): Set<string> {
  const tainted = new Set<string>(route.clientParams);
  for (const param of route.handler.params) {
    if (param.type !== 'ObjectPattern') continue;
    for (const property of param.properties) {
      if (property.type !== 'Property' || !CLIENT_FIELDS.has(staticName(property.key) ?? '')) continue;
      for (const name of patternNames(property.value)) tainted.add(name);
    }
  }
  // Values derived from client input, in source order (a second pass catches reassignments).
  for (let pass = 0; pass < 2; pass++) {
    for (const node of descendants(route.handler.body)) {
      if (node.type === 'VariableDeclarator' && node.init && touches(node.init, tainted, route)) for (const name of patternNames(node.id)) tainted.add(name);
      if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier' && touches(node.right, tainted, route)) tainted.add(node.left.name);
    }
  }
  // `if (!LANGUAGES.includes(lng)) return`: an allowlisted value is the server's choice.
  for (const node of descendants(route.handler.body)) {
    if (node.type === 'CallExpression' && /^(includes|has|indexOf)$/.test(calleeName(node) ?? '') && node.arguments[0]?.type === 'Identifier') tainted.delete(node.arguments[0].name);
  }
  return tainted;
}

const CLIENT_FIELDS = new Set(['params', 'query', 'body', 'searchParams', 'url']);

/** An identifier that names a variable, not a property (`doc.file`, `{ file: … }`). */
function isReference(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  return !(parent && ((parent.type === 'MemberExpression' && parent.property === node && !parent.computed) || (parent.type === 'Property' && parent.key === node && parent.value !== node)));
}

function touches(node: Node, tainted: Set<string>, route: Route): boolean {
  const check = (child: Node): boolean => {
    if (child.type === 'Identifier') return isReference(child) && tainted.has(child.name);
    if (child.type === 'MemberExpression') return isClientInput(child, route);
    if (child.type === 'CallExpression') {
      // await request.json() / formData()
      const name = calleeName(child);
      return (name === 'json' || name === 'formData') && child.callee.type === 'MemberExpression' && rootName(child.callee.object) === route.requestName;
    }
    return false;
  };
  if (check(node)) return true;
  for (const child of descendants(node)) if (check(child)) return true;
  return false;
}

function isClientInput(node: TSESTree.MemberExpression, route: Route): boolean {
  const chain = memberChain(node);
  const root = chain[0];
  if (root !== route.requestName && root !== 'ctx' && root !== 'req' && root !== 'request') return false;
  const fields = chain[1] === 'request' || chain[1] === 'nextUrl' ? chain.slice(2) : chain.slice(1);
  return CLIENT_FIELDS.has(fields[0] ?? '');
}

/** What each variable declared in `scopes` is initialised with (names declared twice are dropped). */
function declaredValues(scopes: Node[]): Map<string, Node | null> {
  const values = new Map<string, Node | null>();
  for (const node of scopes.flatMap((scope) => [scope, ...descendants(scope)])) {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) values.set(node.id.name, values.has(node.id.name) ? null : node.init);
  }
  return values;
}

/** Folder names that hold users' uploads (`public/uploads` is uploads, not assets). */
export const UPLOAD_FOLDER = /^(uploads?|user[-_]?uploads?|documents?|attachments?|files|private|storage|user[-_]?(?:content|files|data)|tmp[-_]?uploads?)$/i;

/**
 * A string argument or `{ root }` option naming a public folder, directly or through the
 * variables it is built from (`const rootDir = path.join(__dirname, 'public')`): assets, not
 * stored documents — unless an upload folder sits inside it.
 */
function servesPublic(args: Node[], values: Map<string, Node | null>): boolean {
  const segments = pathLiterals(args, values, 0).flatMap((literal) => literal.split(/[/\\]/));
  return segments.some((segment) => PUBLIC_SEGMENT.test(segment)) && !segments.some((segment) => UPLOAD_FOLDER.test(segment));
}

/** The string literals a path expression is built from, following variables a few steps. */
function pathLiterals(nodes: Node[], values: Map<string, Node | null>, depth: number): string[] {
  return nodes.flatMap((arg) =>
    [arg, ...descendants(arg)].flatMap((node) => {
      if (node.type === 'Literal') return typeof node.value === 'string' ? [node.value] : [];
      if (node.type === 'TemplateElement') return [node.value.cooked ?? ''];
      const value = node.type === 'Identifier' && isReference(node) ? values.get(node.name) : undefined;
      return value && depth < 3 ? pathLiterals([value], values, depth + 1) : [];
    }),
  );
}

/** The declaration that looked the document up: `const doc = await Doc.findById(req.params.id)`. */
function findLookup(route: Route, sink: Node): { declaration: TSESTree.VariableDeclaration; name: string } | undefined {
  for (const node of descendants(route.handler.body)) {
    if (node.range[0] >= sink.range[0]) break;
    if (node.type !== 'VariableDeclaration' || node.declarations.length !== 1) continue;
    const [declarator] = node.declarations;
    const init = declarator.init?.type === 'AwaitExpression' ? declarator.init.argument : declarator.init;
    if (declarator.id.type === 'Identifier' && init?.type === 'CallExpression' && /^find|^get|^fetch|^load|^select|^query/i.test(calleeName(init) ?? '') && touches(init, clientValues(route), route)) {
      return { declaration: node, name: declarator.id.name };
    }
  }
  return undefined;
}

function hookValues(node: Node | undefined): Node[] {
  if (!node || node.type !== 'ObjectExpression') return [];
  return node.properties.flatMap((property) =>
    property.type === 'Property' && /^(preHandler|onRequest|preValidation|auth|middleware|beforeHandler)$/.test(staticName(property.key) ?? '') ? [property.value as Node] : [],
  );
}

function routePath(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && (typeof node.value === 'string' || node.value instanceof RegExp || 'regex' in node)) return String(node.value ?? '');
  if (node.type === 'TemplateLiteral') return node.quasis.map((quasi) => quasi.value.cooked).join('*');
  if (node.type === 'ArrayExpression') return node.elements.map((element) => (element ? routePath(element) ?? '' : '')).join(',');
  return undefined;
}

function requiredModule(node: Node): string | undefined {
  const call = node.type === 'MemberExpression' ? node.object : node;
  if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.callee.name !== 'require') return undefined;
  const [source] = call.arguments;
  return source?.type === 'Literal' && typeof source.value === 'string' ? source.value : undefined;
}

function rootName(node: Node): string | undefined {
  const [root] = memberChain(node);
  return root === '*' ? undefined : root;
}

function patternNames(node: Node): string[] {
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'ObjectPattern') return node.properties.flatMap((property) => patternNames(property.type === 'Property' ? property.value : property.argument));
  if (node.type === 'ArrayPattern') return node.elements.flatMap((element) => (element ? patternNames(element) : []));
  if (node.type === 'AssignmentPattern') return patternNames(node.left);
  if (node.type === 'RestElement') return patternNames(node.argument);
  return [];
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** A description of the route for messages: `GET /documents/:id`. */
export function describeRoute(route: Route): string {
  const call = route.node.type === 'CallExpression' ? route.node : undefined;
  const verb = call?.callee.type === 'MemberExpression' ? staticName(call.callee.property)?.toUpperCase() : undefined;
  if (route.path !== undefined && verb) return `${verb} ${route.path}`;
  if (route.node.type === 'MethodDefinition') return `${staticName(route.node.key) ?? 'this'}()`;
  if (route.exportName) return `${route.exportName}() (routed from another file)`;
  const exported = route.node.type === 'ExportNamedDeclaration' && route.node.declaration?.type === 'FunctionDeclaration' ? route.node.declaration.id?.name : undefined;
  if (route.url !== undefined) return [exported, route.url].filter(Boolean).join(' ');
  return exported ? `${exported}()` : 'this route';
}

/** The statement containing a node, and the indentation of its line, for inserted lines. */
export function statementIndent(text: string, node: Node): string {
  const lineStart = text.lastIndexOf('\n', node.range[0] - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Visitors that analyse the file's routes once and call `check` for each route serving a client-chosen file. */
export function servedRouteVisitors(context: RuleContext<AccessOptions>, check: (analysis: RouteAnalysis, route: Route, served: ServedFile) => void): Visitors {
  return {
    js: {
      'Program:exit'(program) {
        const analysis = analyseRoutes(context, program);
        for (const route of analysis.routes) {
          const served = analysis.servedFile(route);
          if (served) check(analysis, route, served);
        }
      },
    },
  };
}

const analyses = new WeakMap<TSESTree.Program, Map<string, RouteAnalysis>>();

/** The three rules share one analysis per program (and per set of options); facts are stated once. */
export function analyseRoutes(context: RuleContext<AccessOptions>, program: TSESTree.Program): RouteAnalysis {
  const byOptions = analyses.get(program) ?? new Map<string, RouteAnalysis>();
  analyses.set(program, byOptions);
  const key = JSON.stringify(context.options);
  let analysis = byOptions.get(key);
  if (!analysis) byOptions.set(key, (analysis = new RouteAnalysis(context, program)));
  return analysis;
}
