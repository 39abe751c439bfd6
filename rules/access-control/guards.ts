// Authentication and ownership: what counts as the requester being known, and as the document
// being tied to them, in middleware, wrappers, decorators and handler bodies.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleContext } from '../api';
import { calleeName, descendants, memberChain, objectProperty, staticName } from '../ast';
import { clientValues, touches } from './client-input';
import { CREDENTIAL_HEADER } from './frameworks';
import { patternNames, rootName } from './route-syntax';
import type { AccessOptions, FunctionNode, Route } from './routes';

type Node = TSESTree.Node;

// Not authentication, though the names suggest it: session stores, passport's setup, CSRF tokens.
export const NOT_AUTH = /^(session|cookieSession|expressSession|initialize|csrf\w*|csurf|tokens?|rateLimit\w*)$/i;
export const AUTH_NAME =
  /auth|log(?:ged)?_?in|signed_?in|jwt|passport|protect|guard|clerk|currentuser|restrict|require_?(?:user|role|admin|member|session)|ensure_?(?:user|admin|member|session)|verify_?(?:user|token|session|jwt)|is_?(?:user|admin|member|staff)|session|acl|rbac|permission/i;
const PERMISSION_NAME = /authori[sz]|permission|abilit|owner|polic|acl|rbac|access|enforce|^(?:can|cannot)(?:[A-Z_]|$)|^assert_?can|^check_?can|allowed/;
const IDENTITY_FIELD = /^(user|session|auth|currentUser|account|tenant|principal|claims|userId|accountId|tenantId|uid|sub)$/;
/** Calls that establish who asks (NextAuth, Clerk, Supabase, Lucia, Remix helpers, hand-written session readers). */
export const SESSION_CALL =
  /^(?:get\w*Session|auth|getAuth|currentUser|authenticate\w*|isAuthenticated|withApiAuthRequired|(?:get|require|verify|validate|check|ensure|current|fetch|load|decode)_?(?:session|auth|request|token|jwt|id_?token|(?:current_?|logged_?in_?|session_?|auth_?)?user(?:_?id)?(?:_?from_?\w+)?))$/i;

/**
 * Who may read: authentication (middleware, wrappers, session reads in the handler) and the
 * permission or ownership checks that tie a document to the requester. Local functions are those
 * of the file, so `app.use(checkToken)` can be judged by what checkToken does.
 */
export class RequesterChecks {
  constructor(
    private readonly context: RuleContext<AccessOptions>,
    private readonly functions: Map<string, FunctionNode>,
  ) {}

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
  checksIdentity(handler: FunctionNode, requestName: string | undefined): boolean {
    if (deniesAccess(handler, /^40[13]$|^(Unauthorized|Forbidden)/)) return true;
    for (const node of descendants(handler.body)) {
      if (node.type === 'MemberExpression' && (isIdentityRead(node, requestName) || readsCredentials(node))) return true;
      if (node.type === 'CallExpression') {
        const name = calleeName(node);
        if (name && (SESSION_CALL.test(name) || this.context.options.authMiddleware.includes(name)) && !NOT_AUTH.test(name)) return true;
        // Clerk: `await auth.protect()` answers 401/404 to anyone signed out.
        if (memberChain(node.callee).join('.') === 'auth.protect') return true;
        if (readsContextIdentity(node, requestName)) return true;
        // req.get('authorization'), request.headers.get('x-api-key')
        if ((name === 'get' || name === 'header') && CREDENTIAL_HEADER.test(staticName(node.arguments[0]) ?? '')) return true;
      }
    }
    return false;
  }

  /**
   * `if (!(await media.canUserAccess(userId, uuid))) throw new PermissionError()`: the handler asks a
   * permission check about the requested document and turns the requester away when it says no
   * (anonymous readers of public documents included), so not just anyone gets the file.
   */
  decidesAccess(route: Route): boolean {
    const requested = clientValues(route);
    for (const node of descendants(route.handler.body)) {
      if (node.type !== 'IfStatement' || !deniesInBranch(node.consequent)) continue;
      const asks = [node.test, ...descendants(node.test)].some(
        (child) => child.type === 'CallExpression' && ACCESS_QUESTION.test(calleeName(child) ?? '') && child.arguments.some((arg) => touches(arg, requested, route)),
      );
      if (asks) return true;
    }
    return false;
  }

  /** Something in the handler or its middleware ties the document to the requester. */
  tiesToRequester(route: Route): boolean {
    if (route.middlewares.some((middleware) => this.isPermission(middleware))) return true;
    // A 403 answer is an access decision of the handler's own; a shared key compared with the
    // environment authenticates a service, which has no documents of its own to be scoped to.
    if (deniesAccess(route.handler, /^403$|^Forbidden/) || comparesWithEnvironment(route.handler)) return true;
    const aliases = new Set<string>([...identityParams(route.handler), ...tenantParams(route.handler), ...(route.identityParams ?? [])]);
    const handedOver = new Set(route.middlewares.length > 0 ? wrapperArgumentNames(route.handler, (key) => !REQUEST_PART.test(key)) : []);
    for (const node of descendants(route.handler.body)) {
      if (node.type === 'VariableDeclarator' && node.init && (readsIdentity(node.init, route.requestName, aliases) || isSessionCall(node.init, this.context.options))) {
        for (const name of patternNames(node.id)) aliases.add(name);
      }
      // `let session = null; if (!shared) session = await auth();`
      if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier' && (readsIdentity(node.right, route.requestName, aliases) || isSessionCall(node.right, this.context.options))) aliases.add(node.left.name);
      if (node.type === 'BinaryExpression' && comparesHandedOver(node, handedOver)) return true;
      if (node.type === 'CallExpression') {
        const names = memberChain(node.callee);
        if (names.some((name) => PERMISSION_NAME.test(name) || this.context.options.permissionFunctions.includes(name))) return true;
      }
      if ((node.type === 'MemberExpression' || node.type === 'Identifier') && usesIdentity(node, route.requestName, aliases)) return true;
    }
    return false;
  }
}

/** Permission checks asked about one document: `canRead(user, doc)`, `hasAccess(…)`, `authorize(…)`. */
const ACCESS_QUESTION = /^(?:can|may)[A-Z_]\w*$|^(?:isAllowed|hasAccess|hasPermission)(?:To\w*|For\w*)?$|^check(?:Access|Permission)\w*$|^authori[sz]e\w*$|^assertCan\w*$/;

/** The branch throws or returns: the request goes no further. */
function deniesInBranch(branch: Node): boolean {
  return [branch, ...descendants(branch)].some((node) => node.type === 'ThrowStatement' || node.type === 'ReturnStatement');
}

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

const IDENTITY_PARAM = /^(user|session|auth|account|currentUser|principal)$/i;
/** What a wrapper hands over that scopes documents without naming a person: the tenant the requester is a member of. */
const TENANT_PARAM = /^(workspace|team|org|organi[sz]ation|tenant|company|space)$/i;

/**
 * `handler(req, res, user)`, `withSession(async ({ req, session }) => …)`: a wrapper that
 * authenticates hands the user (or session) to the handler.
 */
export function identityParams(handler: FunctionNode): string[] {
  const positional = handler.params.slice(2).flatMap((param) => (param.type === 'Identifier' && IDENTITY_PARAM.test(param.name) ? [param.name] : []));
  return [...positional, ...wrapperArgumentNames(handler, (key) => IDENTITY_PARAM.test(key))];
}

/** `withWorkspace(async ({ workspace }) => …)`: the tenant a wrapper resolved for the requester; a lookup scoped by it is an ownership check. */
export function tenantParams(handler: FunctionNode): string[] {
  return wrapperArgumentNames(handler, (key) => TENANT_PARAM.test(key));
}

/** Parts of the wrapper's argument that carry the request itself, not what the wrapper resolved. */
const REQUEST_PART = /^(req|request|params|query|body|searchParams|url|headers|cookies|ctx|context)$/;

/** Names the handler destructures from the one object a higher-order wrapper passes it, for keys `wanted` accepts. */
function wrapperArgumentNames(handler: FunctionNode, wanted: (key: string) => boolean): string[] {
  const [first] = handler.params;
  if (first?.type !== 'ObjectPattern') return [];
  return first.properties.flatMap((property) => (property.type === 'Property' && wanted(staticName(property.key) ?? '') ? patternNames(property.value) : []));
}

/**
 * `if (document.s3Key !== key) return 401`: the handler compares what the wrapper resolved from the
 * requester's credential (a document token, a membership) with what the request asks for.
 */
function comparesHandedOver(node: TSESTree.BinaryExpression, handedOver: Set<string>): boolean {
  if (handedOver.size === 0 || !/^[!=]==?$/.test(node.operator)) return false;
  const sides = [node.left, node.right] as Node[];
  return sides.some((side) => handedOver.has(rootName(side) ?? '')) && !sides.some((side) => side.type === 'Literal');
}

/** Guards that only authenticate: `AuthGuard('jwt')`, `JwtAuthGuard`, `SessionGuard`… */
const PLAIN_AUTH_GUARD = /^(Jwt|Local|Session|ApiKey|Authenticated|Auth|Clerk|Firebase|Supabase|Bearer|Token|AccessToken|Passport|Oidc|Google|Github)*(Auth)?Guard$/;

/** The guards of a `@UseGuards(A, B)` decorator. */
export function guardsOf(decorator: TSESTree.Decorator): Node[] {
  const expression = decorator.expression;
  if (expression.type !== 'CallExpression' || calleeName(expression) !== 'UseGuards') return [];
  return expression.arguments.map((arg) => (arg.type === 'NewExpression' ? arg.callee : arg) as Node);
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
  if ([node, ...descendants(node)].some((child) => child.type === 'CallExpression' && readsContextIdentity(child, requestName))) return true;
  for (const child of descendants(node)) if (child.type === 'MemberExpression' && isIdentityRead(child, requestName)) return true;
  return false;
}

/** Hono: `c.get('user')`, `c.get('jwtPayload')`, what an auth middleware set on the context. */
function readsContextIdentity(call: TSESTree.CallExpression, requestName: string | undefined): boolean {
  const identity = staticName(call.arguments[0]);
  return requestName !== undefined && call.callee.type === 'MemberExpression' && rootName(call.callee.object) === requestName && calleeName(call) === 'get' && identity !== undefined && (IDENTITY_FIELD.test(identity) || identity === 'jwtPayload');
}

/** `req.user`, `req.session.userId`, `ctx.state.user`, `res.locals.user`, `locals.user` (SvelteKit). */
function isIdentityRead(node: TSESTree.MemberExpression, requestName: string | undefined): boolean {
  const chain = memberChain(node);
  const root = chain[0];
  // Koa `ctx.state.user`, Express `res.locals.user`, Hono `c.var.user`.
  const fields = ((root === 'ctx' || root === 'this') && chain[1] === 'state') || (root === 'res' && chain[1] === 'locals') || (root === requestName && chain[1] === 'var') ? chain.slice(2) : chain.slice(1);
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
  if (parent.type === 'MemberExpression' && parent.object === node) {
    // `session?.user` sits in a ChainExpression: the test is around that.
    const outer = parent.parent?.type === 'ChainExpression' ? parent.parent.parent : parent.parent;
    return usesIdentity(parent, requestName, aliases) || (aliases.has(rootName(node) ?? '') && outer?.type !== 'IfStatement' && outer?.type !== 'UnaryExpression');
  }
  return parent.type === 'BinaryExpression' || parent.type === 'CallExpression' || parent.type === 'Property' || parent.type === 'ArrayExpression' || parent.type === 'TemplateLiteral' || parent.type === 'AssignmentPattern';
}

/**
 * The `auth` option of a route object (Hapi): `false` opts out of the server's default strategy;
 * a strategy name, `true`, or an object not in `optional`/`try` mode requires authentication.
 */
export function routeAuth(objects: TSESTree.ObjectExpression[]): { declared: boolean; required: boolean; optedOut: boolean } {
  const auth = objects.map((object) => objectProperty(object, 'auth')?.value as Node | undefined).find(Boolean);
  if (!auth) return { declared: false, required: false, optedOut: false };
  if (auth.type === 'Literal') return { declared: true, required: auth.value === true || (typeof auth.value === 'string' && auth.value !== ''), optedOut: auth.value === false };
  const mode = staticName(objectProperty(auth, 'mode')?.value as Node);
  return { declared: true, required: auth.type === 'ObjectExpression' && mode !== 'optional' && mode !== 'try', optedOut: false };
}
