// Sinks: the calls and responses that hand a stored file out, and whether the file they hand out
// is chosen by the client (and not a public asset).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, descendants } from '../ast';
import { clientValues, isReference, touches, usesLinkSecret } from './client-input';
import { rootName } from './route-syntax';
import { FILE_READS, PATH_RESPONSES, PUBLIC_SEGMENT, SEND_METHODS, UPLOAD_FOLDER } from './frameworks';
import type { RouteAnalysis } from './route-analysis';
import type { Route, ServedFile } from './routes';

type Node = TSESTree.Node;

/**
 * The first file the route hands out whose location comes from client input (directly, or
 * through a lookup such as `Document.findById(req.params.id)`), unless it lies in a public folder.
 */
export function servedFile({ context, program, imports }: RouteAnalysis, route: Route): ServedFile | undefined {
  if (route.path !== undefined && PUBLIC_SEGMENT.test(route.path)) return undefined;
  if (usesLinkSecret(route)) return undefined;
  const tainted = clientValues(route);
  const isTainted = (node: Node | undefined | null): boolean => Boolean(node) && touches(node!, tainted, route);
  const body = route.handler.body;
  const headers = context.getText(body);
  const disposition = /content-disposition|\.attachment\(/i.test(headers);
  // The handler's own variables, then the module's top-level ones.
  const values = new Map([...declaredValues(program.body.filter((statement) => statement.type === 'VariableDeclaration')), ...declaredValues([body])]);
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
      else if (name === 'send' && node.callee.type === 'Identifier' && imports.get('send') === 'koa-send' && isTainted(args[1]) && !servesPublic(args, values)) sink = node;
      else if (FILE_READS.has(name) && isTainted(args[0]) && !servesPublic(args, values)) sink = node;
      else if (name === 'file' && isTainted(args[0]) && /createReadStream|download|getSignedUrl/.test(context.getText(node.parent ?? node))) sink = node;
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

/** What each variable declared in `scopes` is initialised with (names declared twice are dropped). */
function declaredValues(scopes: Node[]): Map<string, Node | null> {
  const values = new Map<string, Node | null>();
  for (const node of scopes.flatMap((scope) => [scope, ...descendants(scope)])) {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) values.set(node.id.name, values.has(node.id.name) ? null : node.init);
  }
  return values;
}

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
