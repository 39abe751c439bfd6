// What the access-control rules share: the routes of a file, whether authentication applies to
// each, the file it hands out when that file is chosen by the client, and whether the requester's
// identity is tied to the lookup. The analysis is split by concern:
//   frameworks.ts      framework and SDK knowledge as data (sinks, endpoint files, folders)
//   prefilter.ts       text evidence, before any parse
//   route-analysis.ts  route shapes and mounts (Express, Koa, Fastify, Hapi, controllers);
//   nest-routes.ts, endpoint-routes.ts   NestJS and file-routed frameworks (Next.js, SvelteKit, Remix)
//   client-input.ts    request input and what derives from it
//   sinks.ts           the calls that hand a stored file out
//   guards.ts          authentication and ownership checks
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { lineStartOf, type RuleContext, type Visitors } from '../api';
import { staticName } from '../ast';
import { pendRemoteRoutes } from './remote-routes';
import type { WrapperImport } from './auth-wrappers';
import { RouteAnalysis } from './route-analysis';
import { servedFile } from './sinks';

type Node = TSESTree.Node;
export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

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

export interface Route {
  /** The call or export that declares the route, for messages. */
  node: Node;
  path: string | undefined;
  /** The HTTP method a route object declares (`method: 'GET'`), when the call does not say it. */
  method?: string;
  handler: FunctionNode;
  middlewares: Node[];
  /** Names of the handler's request and response objects (`req`/`res`, `ctx`, `request`/`reply`). */
  requestName: string | undefined;
  responseName: string | undefined;
  /** Authentication applies within this file (route middleware, router.use, session call…). */
  authenticated: boolean;
  /** Where authentication may come from when not here: a mount in another file, a global guard (NestJS, Next.js middleware). */
  authElsewhere: 'mounted-behind-auth' | 'global-auth';
  /** The export name of a function routes of other files use (RouteAnalysis.exportedHandlers). */
  exportName?: string;
  /** A sample URL path of the route, for path-limited global guards (Next.js middleware matchers). */
  url?: string;
  /** Parameters that carry client input or the requester (NestJS `@Param() id`, `@CurrentUser() user`). */
  clientParams?: string[];
  identityParams?: string[];
  /** A wrapper imported from another module of the project, whose definition decides whether the route is authenticated. */
  wrapper?: WrapperImport;
}

export interface ServedFile {
  /** The call that hands the file out (or reads it for the response). */
  sink: Node;
  /** The statement that looked the document up from client input, for the ownership fix. */
  lookup: TSESTree.VariableDeclaration | undefined;
  lookupName: string | undefined;
  /** The request value that picks the file, as written in the code (`req.params.id`). */
  requestValue: string | undefined;
}

/** A description of the route for messages: `GET /documents/:id`. */
export function describeRoute(route: Pick<Route, 'node' | 'path'> & Partial<Pick<Route, 'method' | 'url' | 'handler' | 'exportName'>>): string {
  const call = route.node.type === 'CallExpression' ? route.node : undefined;
  const verb = route.method?.toUpperCase() ?? (call?.callee.type === 'MemberExpression' ? staticName(call.callee.property)?.toUpperCase() : undefined);
  if (route.path !== undefined && verb) return `${verb} ${route.path}`;
  // A route object a file-routing loader maps to a URL.
  if (verb && route.node.type === 'ObjectExpression') return `The ${verb} handler this module exports`;
  if (route.node.type === 'MethodDefinition') return `${staticName(route.node.key) ?? 'this'}()`;
  if (route.exportName) return `${route.exportName}() (routed from another file)`;
  const exported = route.node.type === 'ExportNamedDeclaration' && route.handler ? exportedName(route.node, route.handler) : undefined;
  if (route.url !== undefined) return [exported, route.url].filter(Boolean).join(' ');
  return exported ? `${exported}()` : 'this route';
}

/** `export function GET(…)` / `export const loader = async (…) =>`: the name the handler is exported as. */
function exportedName(node: TSESTree.ExportNamedDeclaration, handler: FunctionNode): string | undefined {
  const declaration = node.declaration;
  if (declaration?.type === 'FunctionDeclaration') return declaration.id?.name;
  if (declaration?.type !== 'VariableDeclaration') return undefined;
  const declarator = declaration.declarations.find((candidate) => candidate.init && candidate.init.range[0] <= handler.range[0] && handler.range[1] <= candidate.init.range[1]);
  return declarator?.id.type === 'Identifier' ? declarator.id.name : undefined;
}

/** The statement containing a node, and the indentation of its line, for inserted lines. */
export function statementIndent(text: string, node: Node): string {
  const lineStart = lineStartOf(text, node.range[0]);
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * Visitors that analyse the file's routes once and call `check` for each route serving a
 * client-chosen file; the routes handing their request to another module pend `rule`'s findings.
 */
export function servedRouteVisitors(context: RuleContext<AccessOptions>, rule: 'auth' | 'owner', check: (analysis: RouteAnalysis, route: Route, served: ServedFile) => void): Visitors {
  return {
    js: {
      'Program:exit'(program) {
        const analysis = analyseRoutes(context, program);
        for (const route of analysis.routes) {
          const served = servedFile(analysis, route);
          if (served) check(analysis, route, served);
        }
        pendRemoteRoutes(context, analysis.remoteRoutes, rule);
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
