// Static-file serving: the folders static middlewares serve, where they are mounted, and Hapi
// inert's directory handler. The public-upload-directory rule judges which of them hold uploads.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, descendants, memberChain, objectProperty, staticName } from '../ast';
import { HONO_STATIC_MODULES, MOUNT_MODULES, STATIC_MODULES } from './frameworks';
import { routeAuth } from './guards';
import { requiredModule, rootName, routeObjects } from './route-syntax';

type Node = TSESTree.Node;

/** Static-file middlewares. Not bare `static` or `public`: TypeScript class members would have every class file parsed for nothing. */
export const STATIC_KEYWORDS = ['.static(', 'serve-static', 'serveStatic', 'koa-static', '@fastify/static', 'fastify-static', 'fastifyStatic', 'sirv', 'serve-handler', "'st'", '"st"'];

export interface StaticMount {
  /** The `use`/`register` call. */
  call: TSESTree.CallExpression;
  /** The app or router it is called on. */
  target: string;
  /** The folder served. */
  folder: Node;
  /** The URL path it is mounted at (a literal or template literal), when given. */
  mountPath: Node | undefined;
}

/**
 * `app.use('/uploads', express.static(dir))`, `serveStatic(dir)`, `koa.use(mount('/files', koaStatic(dir)))`,
 * `fastify.register(fastifyStatic, { root, prefix })` (the plugin imported or required inline).
 */
export function staticMounts(program: TSESTree.Program, imports: Map<string, string>): StaticMount[] {
  const mounts: StaticMount[] = [];
  for (const node of descendants(program)) {
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') continue;
    const method = staticName(node.callee.property);
    const target = memberChain(node.callee.object).join('.');
    const args = node.arguments as Node[];
    if (method === 'register') {
      const [plugin, options] = args;
      const root = STATIC_MODULES.has(moduleOf(plugin, imports) ?? '') ? objectProperty(options, 'root')?.value : undefined;
      if (root) mounts.push({ call: node, target, folder: root as Node, mountPath: objectProperty(options, 'prefix')?.value as Node | undefined });
    } else if (method === 'use') {
      const served = args.map((arg) => servedFolder(arg, imports)).find(Boolean);
      if (served) mounts.push({ call: node, target, folder: served.folder, mountPath: served.mountPath ?? (isPathLiteral(args[0]) ? args[0] : undefined) });
    }
  }
  return mounts;
}

/** The folder a static middleware serves, and the path a koa-mount around it mounts it at. */
function servedFolder(node: Node, imports: Map<string, string>): { folder: Node; mountPath?: Node } | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const chain = memberChain(node.callee);
  const module = imports.get(chain[0]);
  const args = node.arguments as Node[];
  if (chain.length === 1 && MOUNT_MODULES.has(module ?? '') && args.length === 2) {
    const inner = servedFolder(args[1], imports);
    return inner && { folder: inner.folder, mountPath: isPathLiteral(args[0]) ? args[0] : undefined };
  }
  const hono = chain.length === 1 && chain[0] === 'serveStatic' && HONO_STATIC_MODULES.has(module ?? '');
  const isStatic = (chain.length === 2 && chain[1] === 'static' && module === 'express') || (chain.length === 1 && STATIC_MODULES.has(module ?? '')) || hono;
  // Hono: `serveStatic({ root: './uploads' })`.
  const folder = hono ? (objectProperty(args[0], 'root')?.value as Node | undefined) : args[0];
  return isStatic && folder ? { folder } : undefined;
}

/** The module a plugin argument comes from: an imported name, `require('x')`, `import('x')`. */
function moduleOf(node: Node | undefined, imports: Map<string, string>): string | undefined {
  if (node?.type === 'Identifier') return imports.get(node.name);
  if (node?.type === 'AwaitExpression') return moduleOf(node.argument, imports);
  if (node?.type === 'ImportExpression') return staticName(node.source);
  return node ? requiredModule(node) : undefined;
}

function isPathLiteral(node: Node | undefined): boolean {
  return (node?.type === 'Literal' && typeof node.value === 'string') || node?.type === 'TemplateLiteral';
}

export interface DirectoryRoute {
  /** The route object. */
  node: TSESTree.ObjectExpression;
  /** The server whose `route()` registers it, for a default strategy set earlier in the file. */
  server: string | undefined;
  folder: Node | undefined;
  auth: ReturnType<typeof routeAuth>;
}

/** Hapi routes served by inert's directory handler: `{ path: '/uploads/{param*}', handler: { directory: { path: 'uploads' } } }`. */
export function hapiDirectoryRoutes(program: TSESTree.Program): DirectoryRoute[] {
  const routes: DirectoryRoute[] = [];
  for (const node of descendants(program)) {
    if (node.type !== 'ObjectExpression' || !objectProperty(node, 'method')) continue;
    const objects = routeObjects(node);
    const handler = objects.map((object) => objectProperty(object, 'handler')?.value).find(Boolean);
    const directory = objectProperty(handler as Node | undefined, 'directory')?.value;
    if (directory?.type !== 'ObjectExpression') continue;
    const call = node.parent?.type === 'ArrayExpression' ? node.parent.parent : node.parent;
    const server = call?.type === 'CallExpression' && calleeName(call) === 'route' && call.callee.type === 'MemberExpression' ? rootName(call.callee.object) : undefined;
    routes.push({ node, server, folder: objectProperty(directory, 'path')?.value as Node | undefined, auth: routeAuth(objects) });
  }
  return routes;
}
