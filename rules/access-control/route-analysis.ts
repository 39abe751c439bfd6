// The routes of one file: Express/Koa/Fastify/Hapi route calls, mounts and `use(auth)`, routes to
// handlers of other modules; NestJS controllers and file-routed endpoints through their adapters.
// Same-file facts only; mounts, routes and exported functions travel as ProjectFacts.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ImportedRef, ProjectCondition, RuleContext } from '../api';
import { ancestors, calleeName, descendants, memberChain, objectProperty, staticName } from '../ast';
import { collectExportedHandlers, collectNextMiddleware } from './endpoint-routes';
import { handedOver, stateExportedFunctions } from './exported-functions';
import { NEXT_MIDDLEWARE_FILE, VERBS } from './frameworks';
import { identityParams, RequesterChecks, routeAuth } from './guards';
import { collectNestRoutes } from './nest-routes';
import { APP_NAME, handlerNames, hookValues, isProjectModule, normalizePath, patternNames, requiredModule, rootName, routeObjects, routePath, unwrapExpression } from './route-syntax';
import type { RemoteRoute } from './remote-routes';
import { type AccessOptions, describeRoute, type FunctionNode, type Route } from './routes';

type Node = TSESTree.Node;

export class RouteAnalysis {
  readonly routes: Route[] = [];
  /** Functions this module exports for routes of other files (controllers), as routes without a path. */
  readonly exportedHandlers: Route[];
  /** Routes whose handler, or the helper it hands the request to, another module exports. */
  readonly remoteRoutes: RemoteRoute[] = [];
  /** Text of an auth middleware the file already uses (for the quick fix). */
  knownAuth: string | undefined;
  /** The file sets a Hapi default auth strategy (`server.auth.default(…)`). */
  private setsDefaultAuth = false;
  /** Local name → module specifier of the file's imports and requires. */
  readonly imports = new Map<string, string>();
  /** Local name → what it imports from a project module (`default`, `*` for the module object, or a named export). */
  private readonly importRefs = new Map<string, ImportedRef>();
  private readonly functions = new Map<string, FunctionNode>();
  readonly checks: RequesterChecks;
  /** Router/app variable → offset of the first `X.use(auth)` (routes after it are authenticated). */
  private readonly authFrom = new Map<string, number>();

  constructor(
    readonly context: RuleContext<AccessOptions>,
    readonly program: TSESTree.Program,
  ) {
    this.checks = new RequesterChecks(context, this.functions);
    this.collectDeclarations();
    for (const node of descendants(program)) {
      if (node.type === 'CallExpression') this.visitCall(node);
    }
    collectExportedHandlers(this);
    collectNestRoutes(this);
    this.collectRouteModules();
    this.exportedHandlers = stateExportedFunctions(this, new Set(this.routes.map((route) => route.handler)));
    if (NEXT_MIDDLEWARE_FILE.test(context.path)) collectNextMiddleware(this);
  }

  /** No authentication in this file: a finding that stands unless (`holds: false`) or only if other files provide it. */
  authElsewhere(route: Pick<Route, 'authElsewhere' | 'url'>, holds: boolean): ProjectCondition {
    return { fact: route.authElsewhere, module: this.context.path, ...(route.url !== undefined ? { url: route.url } : {}), holds };
  }

  /** `controller.download`, `downloadPdf`, `files.stream`: what a callee or handler imports from a project module. */
  importedRef(node: Node): ImportedRef | undefined {
    const [root, ...members] = memberChain(node);
    const ref = root === undefined ? undefined : this.importRefs.get(root);
    if (!ref || (node.type !== 'Identifier' && node.type !== 'MemberExpression') || members.includes('*')) return undefined;
    return members.length > 0 ? { ...ref, members: [...(ref.members ?? []), ...members] } : ref;
  }

  private collectDeclarations(): void {
    for (const node of descendants(this.program)) {
      if (node.type === 'ImportDeclaration' && typeof node.source.value === 'string') {
        for (const specifier of node.specifiers) {
          this.imports.set(specifier.local.name, node.source.value);
          const name = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : staticName(specifier.imported);
          if (name && isProjectModule(node.source.value) && node.importKind !== 'type') this.importRefs.set(specifier.local.name, { specifier: node.source.value, name });
        }
      } else if (node.type === 'VariableDeclarator' && node.init) {
        const required = requiredModule(node.init);
        if (required && node.id.type === 'Identifier') this.imports.set(node.id.name, required);
        else if (required && node.id.type === 'ObjectPattern') for (const name of patternNames(node.id)) this.imports.set(name, required);
        if (required && isProjectModule(required)) this.requireRefs(node.id, node.init, required);
        if (node.id.type === 'Identifier' && (node.init.type === 'ArrowFunctionExpression' || node.init.type === 'FunctionExpression')) this.functions.set(node.id.name, node.init);
      } else if (node.type === 'FunctionDeclaration' && node.id) this.functions.set(node.id.name, node);
      else if (node.type === 'CallExpression' && memberChain(node.callee).slice(-2).join('.') === 'auth.default') this.setsDefaultAuth = true;
    }
  }

  private visitCall(call: TSESTree.CallExpression): void {
    if (call.callee.type !== 'MemberExpression') {
      // `require('./routes/docs')(app)` / `docsRoutes(app)`: the module registers its routes on app.
      const module = call.callee.type === 'CallExpression' ? requiredModule(call.callee) : call.callee.type === 'Identifier' ? this.imports.get(call.callee.name) : undefined;
      const app = call.arguments[0];
      // `streamDocument(req, res)` hands a request to a helper (routeToHelpers), `toLower(key)` is
      // a helper's call: they mount nothing.
      if (module && app?.type === 'Identifier' && APP_NAME.test(app.name)) this.mount(module, this.authBefore(app.name, call));
      return;
    }
    const method = staticName(call.callee.property);
    const object = call.callee.object;
    const target = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' || object.type === 'ThisExpression' ? memberChain(object).join('.') : undefined;
    if (method === 'use' || method === 'register' || method === 'addHook') return this.visitUse(call, target);
    if (method === 'route' && call.arguments[0]?.type === 'ObjectExpression') return this.visitRouteObject(call, call.arguments[0], target);
    if (method === 'route' && call.arguments[0]?.type === 'ArrayExpression') {
      for (const element of call.arguments[0].elements) if (element?.type === 'ObjectExpression') this.visitRouteObject(call, element, target);
      return;
    }
    // Hono: `app.route('/files', files)` mounts a sub-app another module exports.
    const subApp = method === 'route' && routePath(call.arguments[0] as Node) !== undefined && call.arguments[1] ? this.mountedModule(call.arguments[1] as Node) : undefined;
    if (subApp) return this.mount(subApp, this.authBefore(target, call));
    // Hapi: server.auth.default('session') authenticates the routes registered after it, and
    // those of the route modules and plugins of other files.
    if (method === 'default' && object.type === 'MemberExpression' && staticName(object.property) === 'auth') {
      const server = rootName(object);
      if (server && !this.authFrom.has(server)) this.authFrom.set(server, call.range[0]);
      this.context.addFact({ kind: 'global-auth' });
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
    else if (handlerNode) this.routeToController(call, path, handlerNode, middlewares, root);
  }

  /**
   * Route objects: Fastify `route({ url, preHandler, handler })`, Hapi `route({ path, options: { auth, handler } })`,
   * and those a module exports for `server.route(require(…))` or a file-routing loader.
   */
  private visitRouteObject(node: Node, route: TSESTree.ObjectExpression, target: string | undefined): void {
    const objects = routeObjects(route);
    const handlerProperty = objects.map((object) => objectProperty(object, 'handler')).find(Boolean);
    const handler = handlerProperty ? this.resolveFunction(handlerProperty.value as Node) : undefined;
    if (!handler) return;
    const url = objectProperty(route, 'url') ?? objectProperty(route, 'path');
    const auth = routeAuth(objects);
    // Without `auth`, a Hapi route (it has a `path`) of a file that sets no default strategy gets the server's, set elsewhere.
    const hapiDefault = !auth.declared && objectProperty(route, 'path') !== undefined && !this.setsDefaultAuth;
    this.addRoute(node, url ? routePath(url.value as Node) ?? '' : undefined, handler, objects.flatMap(hookValues), auth.optedOut ? undefined : target, {
      method: staticName(objectProperty(route, 'method')?.value as Node),
      requiresAuth: auth.required,
      authElsewhere: hapiDefault ? 'global-auth' : 'mounted-behind-auth',
    });
  }

  /** Route objects the module exports: `export default { method, handler }`, `module.exports = [{ method, path, handler }]`. */
  private collectRouteModules(): void {
    for (const statement of this.program.body) {
      const assigned = statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression' && memberChain(statement.expression.left).join('.') === 'module.exports' ? statement.expression.right : undefined;
      const exported = unwrapExpression(statement.type === 'ExportDefaultDeclaration' ? (statement.declaration as Node) : assigned);
      const objects = exported?.type === 'ArrayExpression' ? exported.elements : [exported];
      for (const object of objects) if (object?.type === 'ObjectExpression' && objectProperty(object, 'method')) this.visitRouteObject(object, object, undefined);
    }
  }

  private visitUse(call: TSESTree.CallExpression, target: string | undefined): void {
    const args = call.arguments as Node[];
    const method = call.callee.type === 'MemberExpression' ? staticName(call.callee.property) : undefined;
    // fastify.addHook('onRequest', auth) authenticates every route registered after it.
    const middlewares = method === 'addHook' ? args.slice(1) : args.filter((arg) => routePath(arg) === undefined);
    let auth = this.authBefore(target, call);
    let onlyAuth = middlewares.length > 0;
    for (const middleware of method === 'register' ? [...middlewares.slice(0, 1), ...hookValues(middlewares[1])] : middlewares) {
      // Registering an auth plugin (fastify-jwt, hapi-auth-jwt2) only decorates: routes opt in with hooks or a default strategy.
      const plugin = method === 'register' && middleware === middlewares[0];
      // `app.use('/api', coreAuthRouter)` mounts the login routes: a router, not a guard.
      const router = middleware.type === 'Identifier' && /(?:router|routes?)$/i.test(middleware.name);
      if (!plugin && !router && this.checks.isAuth(middleware)) {
        auth = true;
        this.knownAuth ??= this.context.getText(middleware);
        continue;
      }
      onlyAuth = false;
      const module = this.mountedModule(middleware);
      if (module) this.mount(module, auth);
    }
    // A routes folder loaded by a file-routing loader: `fastify.register(autoload, { dir })`, `app.use(dirRouter('./api'))`.
    const loader = (middleware: Node) => middleware.type === 'CallExpression' && !requiredModule(middleware) && relativeFolder(middleware.arguments[0] as Node) !== undefined;
    const folder = method === 'register' ? objectProperty(middlewares[1], 'dir')?.value : middlewares.find(loader);
    const relative = relativeFolder(folder?.type === 'CallExpression' && method !== 'register' ? folder.arguments[0] : (folder as Node | undefined));
    if (relative) this.context.addFact({ kind: 'mount', module: this.resolveModule(relative), behindAuth: auth, folder: true });
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
    if (isProjectModule(specifier)) this.context.addFact({ kind: 'mount', module: this.resolveModule(specifier), behindAuth, specifier });
  }

  /** A relative import as a workspace path without extension (an alias as written: the engine resolves it). */
  private resolveModule(specifier: string): string {
    if (!specifier.startsWith('.')) return specifier;
    const base = this.context.path.includes('/') ? this.context.path.slice(0, this.context.path.lastIndexOf('/')) : '';
    return normalizePath(`${base}/${specifier}`).replace(/\.(?:[cm]?[jt]sx?)$/, '');
  }

  /** An earlier `target.use(auth)` / `addHook(…, auth)` covers what `node` registers. */
  authBefore(target: string | undefined, node: Node): boolean {
    const from = target === undefined ? undefined : this.authFrom.get(target);
    return from !== undefined && from < node.range[0];
  }

  private addRoute(node: Node, path: string | undefined, handler: FunctionNode, middlewares: Node[], target: string | undefined, declared: DeclaredRoute = {}): void {
    const { requestName, responseName } = handlerNames(handler);
    const authMiddleware = middlewares.find((middleware) => this.checks.isAuth(middleware));
    if (authMiddleware) this.knownAuth ??= this.context.getText(authMiddleware);
    const authenticated =
      Boolean(declared.requiresAuth) || Boolean(authMiddleware) || this.authBefore(target, node) || identityParams(handler).length > 0 || this.checks.checksIdentity(handler, requestName);
    const { method, authElsewhere = 'mounted-behind-auth' } = declared;
    const route: Route = { node, path, method, handler, middlewares, requestName, responseName, authenticated, authElsewhere };
    this.routes.push(route);
    this.routeToHelpers(route);
  }

  /** `const files = require('./files')`, `const { download } = require('./files')`, `require('./files').download`. */
  private requireRefs(id: Node, init: Node, specifier: string): void {
    const member = init.type === 'MemberExpression' ? staticName(init.property) : undefined;
    if (id.type === 'Identifier') this.importRefs.set(id.name, { specifier, name: member ?? '*' });
    else if (id.type === 'ObjectPattern' && !member) {
      for (const property of id.properties) if (property.type === 'Property' && property.value.type === 'Identifier' && staticName(property.key)) this.importRefs.set(property.value.name, { specifier, name: staticName(property.key)! });
    }
  }

  /** `router.get('/files/:name', auth, controller.download)`: the handler another module exports serves what the route hands out. */
  private routeToController(call: TSESTree.CallExpression, path: string, handlerNode: Node, middlewares: Node[], target: string | undefined): void {
    const ref = this.importedRef(handlerNode);
    const module = ref && this.imports.get(memberChain(handlerNode)[0]);
    if (!ref || !module) return;
    const authenticated = middlewares.some((middleware) => this.checks.isAuth(middleware)) || this.authBefore(target, call);
    const description = describeRoute({ node: call, path });
    this.routeTo(module, ref, { at: handlerNode, description, ref, args: [0], authenticated, permission: middlewares.some((middleware) => this.checks.isPermission(middleware)) });
  }

  private routeTo(specifier: string, ref: ImportedRef, remote: RemoteRoute): void {
    const exported = ref.name === '*' || ref.name === 'default' ? ref.members?.[0] ?? 'default' : ref.name;
    this.context.addFact({ kind: 'route', module: this.resolveModule(specifier), export: exported, specifier });
    this.remoteRoutes.push(remote);
  }

  /**
   * `(req, res) => streamDocument(req, res)`, `files.stream(req.params.id, res)`: the route hands its
   * request and response to a helper another module exports, which may serve the file.
   */
  private routeToHelpers(route: Route): void {
    for (const { call, ref, passes } of handedOver(this, route)) {
      const module = this.imports.get(memberChain(call.callee)[0]);
      // The route's registration line: `.get` of `router.route('/x').get(function (req, res) {…})`.
      const at = route.node.type === 'CallExpression' && route.node.callee.type === 'MemberExpression' ? route.node.callee.property : route.node;
      const authenticated = route.authenticated;
      if (module) this.routeTo(module, ref, { at, description: describeRoute(route), ref, args: passes, authenticated, permission: route.middlewares.some((middleware) => this.checks.isPermission(middleware)) });
    }
  }

  resolveFunction(node: Node | undefined): FunctionNode | undefined {
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
}

/** What a route object declares about itself. */
interface DeclaredRoute {
  method?: string;
  /** Hapi `auth: 'session'` / `{ strategy }` (not `mode: 'optional'`). */
  requiresAuth?: boolean;
  authElsewhere?: Route['authElsewhere'];
}

/** `'./api'`, `path.join(__dirname, 'routes')`, `` `${__dirname}/routes` ``: a folder relative to this file. */
function relativeFolder(node: Node | undefined | null): string | undefined {
  if (node?.type === 'Literal') return typeof node.value === 'string' && /^\.\.?\//.test(node.value) ? node.value : undefined;
  const isDirname = (part: Node | undefined) => part?.type === 'Identifier' && part.name === '__dirname';
  let parts: (string | undefined)[];
  if (node?.type === 'CallExpression' && /^(join|resolve)$/.test(calleeName(node) ?? '') && isDirname(node.arguments[0] as Node)) {
    parts = node.arguments.slice(1).map((arg) => (arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined));
  } else if (node?.type === 'TemplateLiteral' && node.expressions.length === 1 && isDirname(node.expressions[0]) && node.quasis[0].value.cooked === '') {
    parts = [node.quasis[1].value.cooked ?? undefined];
  } else return undefined;
  return parts.length > 0 && parts.every(Boolean) ? `./${parts.join('/').replace(/^\/+/, '')}` : undefined;
}
