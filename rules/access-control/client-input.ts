// Client input in a route handler: the request fields a handler reads, the variables derived from
// them, and the share-link secrets that are an access check of their own.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, descendants, memberChain, staticName } from '../ast';
import { patternNames, rootName } from './route-syntax';
import { CLIENT_FIELDS, CREDENTIAL_HEADER } from './frameworks';
import type { Route } from './routes';

type Node = TSESTree.Node;

/** Hono request methods that return client input. */
const HONO_INPUT = /^(?:param|query|queries|valid|json|parseBody|formData)$/;

/** Names of client-supplied values that are secrets of a share link rather than document ids. */
const LINK_SECRET = /token|secret|signature|hash|share|link|otp|nonce|invite/i;

/**
 * Share links by design: the document is found through a secret the link carries (`/share/:token`,
 * `{ linkId, viewId }`), which is the access check, unlike the enumerable ids of Sergic's URLs.
 */
export function usesLinkSecret(route: Route): boolean {
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
export function clientValues(route: Route): Set<string> {
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

/** An identifier that names a variable, not a property (`doc.file`, `{ file: … }`). */
export function isReference(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  return !(parent && ((parent.type === 'MemberExpression' && parent.property === node && !parent.computed) || (parent.type === 'Property' && parent.key === node && parent.value !== node)));
}

export function touches(node: Node, tainted: Set<string>, route: Route): boolean {
  const check = (child: Node): boolean => {
    if (child.type === 'Identifier') return isReference(child) && tainted.has(child.name);
    if (child.type === 'MemberExpression') return isClientInput(child, route);
    if (child.type === 'CallExpression') {
      // await request.json() / formData(); req.get('x-document'), request.headers.get('x-document')
      const name = calleeName(child);
      if (child.callee.type !== 'MemberExpression' || rootName(child.callee.object) !== route.requestName) return false;
      // Hono: c.req.param('id'), c.req.query('file'), c.req.valid('param'), await c.req.parseBody()
      if (memberChain(child.callee.object).join('.') === `${route.requestName}.req` && HONO_INPUT.test(name ?? '')) return true;
      if (name === 'json' || name === 'formData') return true;
      return (name === 'get' || name === 'header') && isDocumentHeader(staticName(child.arguments[0]));
    }
    return false;
  };
  if (check(node)) return true;
  for (const child of descendants(node)) if (check(child)) return true;
  return false;
}

/** `req.params.id`, `ctx.query.file`, `request.headers["x-document"]`: a field of the request the client fills. */
export function isClientInput(node: TSESTree.MemberExpression, route: Route): boolean {
  const chain = memberChain(node);
  const root = chain[0];
  if (root !== route.requestName && root !== 'ctx' && root !== 'req' && root !== 'request') return false;
  const fields = chain[1] === 'request' || chain[1] === 'nextUrl' ? chain.slice(2) : chain.slice(1);
  if (fields[0] === 'headers') return isDocumentHeader(fields[1]);
  return CLIENT_FIELDS.has(fields[0] ?? '');
}

/** A custom request header other than credentials (`x-document-id`; not `authorization`, `range` or `host`). */
function isDocumentHeader(name: string | undefined): boolean {
  return name !== undefined && /^x-/i.test(name) && !CREDENTIAL_HEADER.test(name);
}
