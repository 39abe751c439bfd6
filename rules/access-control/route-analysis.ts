// The routes of one file: Express/Koa/Fastify/Hapi route calls, mounts and `use(auth)`, controller
// functions routed from other files; NestJS controllers and file-routed endpoints through their
// adapters. Same-file facts only; mounts in other files travel as ProjectFacts.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ProjectCondition, RuleContext } from '../api';
import { ancestors, calleeName, descendants, memberChain, objectProperty, staticName } from '../ast';
import { collectExportedHandlers, collectNextMiddleware } from './endpoint-routes';
import { ENDPOINT_FILE, NEXT_MIDDLEWARE_FILE, VERBS } from './frameworks';
import { identityParams, RequesterChecks, routeAuth } from './guards';
import { collectNestRoutes } from './nest-routes';
import { handlerNames, hookValues, isProjectModule, normalizePath, patternNames, REQUEST_NAME, requiredModule, rootName, routeObjects, routePath, unwrapExpression } from './route-syntax';
import type { AccessOptions, FunctionNode, Route } from './routes';

type Node = TSESTree.Node;

export class RouteAnalysis {
  readonly routes: Route[] = [];
  /** Text of an auth middleware the file already uses (for the quick fix). */
  knownAuth: string | undefined;
  /** The file sets a Hapi default auth strategy (`server.auth.default(…)`). */
  private setsDefaultAuth = false;
  /** Local name → module specifier of the file's imports and requires. */
  readonly imports = new Map<string, string>();
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
    this.collectControllerExports();
    if (NEXT_MIDDLEWARE_FILE.test(context.path)) collectNextMiddleware(this);
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
      else if (node.type === 'CallExpression' && memberChain(node.callee).slice(-2).join('.') === 'auth.default') this.setsDefaultAuth = true;
    }
  }

  private visitCall(call: TSESTree.CallExpression): void {
    if (call.callee.type !== 'MemberExpression') {
      // `require('./routes/docs')(app)` / `docsRoutes(app)`: the module registers its routes on app.
      const module = call.callee.type === 'CallExpression' ? requiredModule(call.callee) : call.callee.type === 'Identifier' ? this.imports.get(call.callee.name) : undefined;
      const app = call.arguments[0];
      // `streamDocument(req, res)` hands a request to a helper (routeToHelpers), it mounts nothing.
      if (module && app?.type === 'Identifier' && !REQUEST_NAME.test(app.name)) this.mount(module, this.authBefore(app.name, call));
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
    else if (handlerNode) this.routeToController(call, handlerNode, middlewares, root);
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
      if (!plugin && this.checks.isAuth(middleware)) {
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

  /** `router.get('/files/:name', auth, controller.download)`: the handler's file judges it with this fact. */
  private routeToController(call: Node, handlerNode: Node, middlewares: Node[], target: string | undefined): void {
    const [object, exported] = handlerNode.type === 'MemberExpression' ? [rootName(handlerNode), staticName(handlerNode.property)] : handlerNode.type === 'Identifier' ? [handlerNode.name, handlerNode.name] : [];
    const specifier = object ? this.imports.get(object) : undefined;
    if (!specifier || !isProjectModule(specifier) || !exported) return;
    const authenticated = middlewares.some((middleware) => this.checks.isAuth(middleware)) || this.authBefore(target, call);
    this.routeTo(specifier, exported, authenticated, middlewares.some((middleware) => this.checks.isPermission(middleware)));
  }

  private routeTo(specifier: string, exported: string, authenticated: boolean, permission: boolean): void {
    this.context.addFact({ kind: 'route', module: this.resolveModule(specifier), export: exported, authenticated, permission, specifier });
  }

  /**
   * `(req, res) => streamDocument(req, res)`: the route hands its request and response to a helper
   * another module exports, which judges them as a controller routed from here.
   */
  private routeToHelpers(route: Route): void {
    const { requestName, responseName } = route;
    if (!requestName || !responseName) return;
    // A concise arrow's body may be the call itself.
    for (const node of [route.handler.body, ...descendants(route.handler.body)]) {
      if (node.type !== 'CallExpression') continue;
      const names = node.arguments.map((argument) => (argument.type === 'Identifier' ? argument.name : undefined));
      if (!names.includes(requestName) || !names.includes(responseName)) continue;
      const [object, exported] = node.callee.type === 'MemberExpression' ? [rootName(node.callee), staticName(node.callee.property)] : node.callee.type === 'Identifier' ? [node.callee.name, node.callee.name] : [];
      const specifier = object ? this.imports.get(object) : undefined;
      if (specifier && exported && isProjectModule(specifier)) this.routeTo(specifier, exported, route.authenticated, route.middlewares.some((middleware) => this.checks.isPermission(middleware)));
    }
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
      const { requestName, responseName } = handlerNames(handler);
      const authenticated = identityParams(handler).length > 0 || this.checks.checksIdentity(handler, requestName);
      this.routes.push({ node: value, path: undefined, handler, middlewares: [], requestName, responseName, authenticated, authElsewhere: 'routed', exportName: name });
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
