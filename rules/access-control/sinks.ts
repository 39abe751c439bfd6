// Sinks: the calls and responses that hand a stored file out, and whether the file they hand out
// is chosen by the client (and not a public asset).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, descendants, memberChain, staticName } from '../ast';
import { clientValues, isClientInput, isReference, touches, usesLinkSecret } from './client-input';
import { declaredValues, servesPublic, shippedWithApp } from './folders';
import { BODY_CONSTRUCTORS, BODY_METHODS, FILE_READS, PATH_RESPONSES, PUBLIC_SEGMENT, SEND_METHODS, STORAGE_OBJECT, STORED_FILE_CALL } from './frameworks';
import type { RouteAnalysis } from './route-analysis';
import { rootName } from './route-syntax';
import type { Route, ServedFile } from './routes';
import { isReadCommand, isStorageRead, type SinkScope } from './storage-sinks';

type Node = TSESTree.Node;

/**
 * The first file the route hands out whose location comes from client input (directly, or
 * through a lookup such as `Document.findById(req.params.id)`), unless it lies in a public folder.
 */
export function servedFile({ context, program, imports }: RouteAnalysis, route: Route): ServedFile | undefined {
  if (route.path !== undefined && PUBLIC_SEGMENT.test(route.path)) return undefined;
  if (usesLinkSecret(route)) return undefined;
  const tainted = clientValues(route);
  const body = route.handler.body;
  // The handler's own variables, then the module's top-level ones.
  const values = new Map([...declaredValues(program.body.filter((statement) => statement.type === 'VariableDeclaration')), ...declaredValues([body])]);
  const scope: HandlerScope = {
    route,
    imports,
    disposition: /content-disposition|\.attachment\(/i.test(context.getText(body)),
    isTainted: (node) => Boolean(node) && touches(node!, tainted, route),
    servesPublic: (args) => servesPublic(args, values) || shippedWithApp(args, values),
    valueOf: (node) => {
      const value = node?.type === 'Identifier' ? values.get(node.name) ?? undefined : node ?? undefined;
      return value?.type === 'AwaitExpression' ? value.argument : value;
    },
  };
  // From the handler, not its body: a concise arrow's body may be the sink itself.
  for (const node of descendants(route.handler)) {
    if (!isSink(node, scope)) continue;
    const lookup = findLookup(route, node);
    return { sink: node, lookup: lookup?.declaration, lookupName: lookup?.name, requestValue: requestValue(lookup?.declaration ?? node, route, tainted, values, (child) => context.getText(child)) };
  }
  return undefined;
}

interface HandlerScope extends SinkScope {
  route: Route;
  imports: Map<string, string>;
  /** The handler sets Content-Disposition: a field of a record it sends is a stored file. */
  disposition: boolean;
}

function isSink(node: Node, scope: HandlerScope): boolean {
  const { route } = scope;
  if (node.type === 'NewExpression') {
    const name = calleeName(node) ?? '';
    const [first] = node.arguments;
    if (isReadCommand(node, scope)) return true;
    if (name === 'StreamableFile') return node.arguments.some((arg) => scope.isTainted(arg));
    return BODY_CONSTRUCTORS.has(name) && (isStoredFile(first, scope) || (scope.disposition && isStoredField(first, scope)));
  }
  // Koa `ctx.body = stream`, Koa v1 `this.body = stream`.
  if (node.type === 'AssignmentExpression') {
    const [target, field, ...rest] = memberChain(node.left);
    return node.left.type === 'MemberExpression' && field === 'body' && rest.length === 0 && (target === route.requestName || target === 'ctx') && isStoredFile(node.right, scope);
  }
  if (node.type !== 'CallExpression') return false;
  const name = calleeName(node);
  const args = node.arguments as Node[];
  if (!name) return false;
  const receiver = node.callee.type === 'MemberExpression' ? rootName(node.callee.object) : undefined;
  // Hono's context answers too: `c.body(stream)`.
  const toResponse = receiver !== undefined && (receiver === route.responseName || (receiver === route.requestName && name === 'body' && node.callee.type === 'MemberExpression' && node.callee.object.type === 'Identifier'));
  // res.download(path), reply.sendFile(name), Hapi h.file(path), koa-send's send(ctx, path).
  const pathResponse = (PATH_RESPONSES.has(name) && receiver !== undefined) || (name === 'file' && toResponse);
  if (pathResponse && scope.isTainted(args[0]) && !scope.servesPublic(args)) return true;
  if (node.callee.type === 'Identifier' && scope.imports.get(node.callee.name) === 'koa-send' && scope.isTainted(args[1]) && !scope.servesPublic(args)) return true;
  if (FILE_READS.has(name) && scope.isTainted(args[0]) && !scope.servesPublic(args)) return true;
  if (isStorageRead(node, scope)) return true;
  if (scope.disposition && SEND_METHODS.has(name) && toResponse && args.some((arg) => isStoredField(arg, scope))) return true;
  // A stored file's content sent, piped or passed to pipeline() into the response.
  if (BODY_METHODS.has(name) && toResponse) return isStoredFile(args[0], scope);
  if (name === 'pipe' && node.callee.type === 'MemberExpression' && isResponse(args[0], route)) return isStoredFile(node.callee.object, scope);
  return name === 'pipeline' && args.slice(1).some((arg) => isResponse(arg, route)) && isStoredFile(args[0], scope);
}

/** The response object, or its raw stream (`reply.raw`, `ctx.res`). */
function isResponse(node: Node | undefined, route: Route): boolean {
  if (!node) return false;
  const [root, field] = memberChain(node);
  return (root !== undefined && root === route.responseName) || ((root === route.requestName || root === 'ctx') && field === 'res');
}

/** `storage.get(key)`, `env.BUCKET.get(key)`: a key-value file store (Remix file-storage, Cloudflare R2). */
function readsStorage(call: TSESTree.CallExpression): boolean {
  const chain = memberChain(call.callee);
  return chain.length >= 2 && chain[chain.length - 1] === 'get' && STORAGE_OBJECT.test(chain[chain.length - 2]);
}

/** `c.env.FILES.get(key)`: a Cloudflare R2 binding (any name) read, whose `.body` is the object's content. */
function readsBinding(node: Node | undefined): boolean {
  const chain = node?.type === 'CallExpression' ? memberChain(node.callee) : [];
  return chain.length >= 3 && chain[chain.length - 1] === 'get' && chain[chain.length - 3] === 'env';
}

/**
 * A stored file's content chosen by the client: a value built from a read call (STORED_FILE_CALL,
 * `.Body` of an S3 object), following variables a few steps.
 */
function isStoredFile(node: Node | undefined, scope: SinkScope, depth = 0): boolean {
  if (!node || !scope.isTainted(node)) return false;
  return [node, ...descendants(node)].some((child) => {
    if (child.type === 'CallExpression') return (STORED_FILE_CALL.test(calleeName(child) ?? '') || readsStorage(child) || memberChain(child.callee).join('.') === 'Bun.file') && !scope.servesPublic([child]);
    if (child.type === 'MemberExpression') return staticName(child.property) === 'Body' || (staticName(child.property) === 'body' && readsBinding(scope.valueOf(child.object)));
    if (child.type === 'Identifier' && depth < 2 && isReference(child)) {
      const value = scope.valueOf(child);
      return value !== undefined && value !== child && isStoredFile(value, scope, depth + 1);
    }
    return false;
  });
}

/** Calls that look a record up (`findById`, `getDocument`, `fetchInvoice`); not `fetch(url)`. */
const RECORD_LOOKUP = /^(?:find|get|load|select|query)|^fetch[A-Z_]/i;

/**
 * Sent as an attachment, a field of a record the client picked (`record.data`, a file kept in the
 * database) is that stored file. A body the handler builds (`convertToCSV(rows)`, `JSON.stringify`)
 * is not: it is generated from query results, whatever the headers say.
 */
function isStoredField(node: Node | undefined, scope: HandlerScope, depth = 0): boolean {
  if (node?.type === 'Identifier' && depth < 2) {
    const value = scope.valueOf(node);
    return value !== undefined && value !== node && isStoredField(value, scope, depth + 1);
  }
  const field = node?.type === 'TSNonNullExpression' ? node.expression : node;
  if (field?.type !== 'MemberExpression' || isClientInput(field, scope.route) || !scope.isTainted(field) || scope.servesPublic([field])) return false;
  // The record comes from a lookup (`Invoice.findById(id)`), not from `fetch(url)` or a computation.
  const record = field.object.type === 'Identifier' ? scope.valueOf(field.object) : undefined;
  return record?.type === 'CallExpression' && RECORD_LOOKUP.test(calleeName(record) ?? '');
}

/**
 * The request value that picks the file, as written (`req.params.id`, `key`): the first client input
 * the lookup or sink uses, following derived variables back to where they were read.
 */
function requestValue(node: Node, route: Route, tainted: Set<string>, values: Map<string, Node | null>, text: (node: Node) => string, depth = 0): string | undefined {
  for (const child of [node, ...descendants(node)]) {
    // Not the response the sink assigns (Koa `ctx.body = stream`).
    const assigned = child.parent?.type === 'AssignmentExpression' && child.parent.left === child;
    // `req.nextUrl.searchParams.get('id')`: the call is the value, not its callee.
    const called = child.parent?.type === 'CallExpression' && child.parent.callee === child ? child.parent : undefined;
    if (child.type === 'MemberExpression' && !assigned && isClientInput(child, route)) return text(called ?? child);
    // `isPreview ? 'previews' : 'files'` picks between the server's own values, not the file.
    const test = child.parent?.type === 'ConditionalExpression' && child.parent.test === child;
    if (child.type !== 'Identifier' || test || !isReference(child) || !tainted.has(child.name)) continue;
    const value = values.get(child.name);
    // `params.id` of a Next.js route's `{ params }`; not a method called on a value (`name.slice(1)`).
    const read = child.parent?.type === 'MemberExpression' && child.parent.object === child && !child.parent.computed ? child.parent : undefined;
    if (read && !value && !(read.parent?.type === 'CallExpression' && read.parent.callee === read)) return text(read);
    // `const { key } = await params`: the destructured name is the value that picks the file.
    const destructured = value?.parent?.type === 'VariableDeclarator' && value.parent.id.type !== 'Identifier';
    return (value && !destructured && depth < 3 && requestValue(value, route, tainted, values, text, depth + 1)) || child.name;
  }
  return undefined;
}

/** The declaration that looked the document up: `const doc = await Doc.findById(req.params.id)`. */
function findLookup(route: Route, sink: Node): { declaration: TSESTree.VariableDeclaration; name: string } | undefined {
  for (const node of descendants(route.handler.body)) {
    if (node.range[0] >= sink.range[0]) break;
    if (node.type !== 'VariableDeclaration' || node.declarations.length !== 1) continue;
    const [declarator] = node.declarations;
    const init = declarator.init?.type === 'AwaitExpression' ? declarator.init.argument : declarator.init;
    if (declarator.id.type === 'Identifier' && init?.type === 'CallExpression' && RECORD_LOOKUP.test(calleeName(init) ?? '') && touches(init, clientValues(route), route)) {
      return { declaration: node, name: declarator.id.name };
    }
  }
  return undefined;
}
