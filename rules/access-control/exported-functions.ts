// Functions a module exports for routes in other files: controllers (`exports.download = (req, res) => …`),
// helpers handed `req, res`, services handed a document id and the response. Each becomes a
// `function` fact: whether it serves a stored file chosen by its parameters, whether it
// authenticates or ties the document to the requester itself, and which imported functions it
// hands its parameters to. The routes that reach it report (remote-routes.ts); it reports nothing.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ImportedRef, JsonValue } from '../api';
import { descendants, memberChain, staticName } from '../ast';
import { clientValues, touches } from './client-input';
import { ENDPOINT_FILE } from './frameworks';
import { identityParams } from './guards';
import type { RouteAnalysis } from './route-analysis';
import { handlerNames, patternNames, REQUEST_NAME } from './route-syntax';
import type { FunctionNode, Route } from './routes';
import { servedFile } from './sinks';

type Node = TSESTree.Node;

/** What the access-control rules state about an exported function (the `effects` of its fact). */
export interface FunctionEffects {
  /** The function's own name, for messages (`downloadPdf` of `module.exports = downloadPdf = …`). */
  label: string;
  /** It serves a stored file: the value that picks it as written, the sink's line, the parameters it comes from. */
  serves?: { value: string; line: number; params: number[] };
  /** It authenticates the requester itself (a session read, a 401), or ties the document to them. */
  authenticates: boolean;
  checksOwner: boolean;
  /** Per call of the fact, in order: the callee's arguments that carry this function's parameters. */
  passes: number[][];
}

/** Names of a response parameter (Express, Fastify, Hapi's toolkit). */
const RESPONSE_NAME = /^(?:res|response|reply|h)$/;
/** Parameters that carry no caller data: continuations, and the identity an auth wrapper hands in. */
const NOT_DATA = /^(?:next|cb|callback|done|user|session|auth|account|currentUser|principal)$/i;

/**
 * The module's exported functions by export name: `export [async] function x`, `export const x = …`,
 * `export default function`, `exports.x =`, `module.exports = { x }`, `module.exports = fn`
 * (also `module.exports = name = fn`, as `default`).
 */
function exportedValues(program: TSESTree.Program): Map<string, Node> {
  const exported = new Map<string, Node>();
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'FunctionDeclaration' && statement.declaration.id) exported.set(statement.declaration.id.name, statement.declaration);
    if (statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration') {
      for (const declarator of statement.declaration.declarations) if (declarator.id.type === 'Identifier' && declarator.init) exported.set(declarator.id.name, declarator.init);
    }
    if (statement.type === 'ExportDefaultDeclaration') exported.set('default', statement.declaration as Node);
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
    const { left, right } = statement.expression;
    const target = memberChain(left).join('.');
    if (/^(module\.)?exports\.\w+$/.test(target)) exported.set(staticName(left)!, right);
    if (target !== 'module.exports') continue;
    if (right.type === 'ObjectExpression') {
      for (const property of right.properties) if (property.type === 'Property' && staticName(property.key)) exported.set(staticName(property.key)!, property.value as Node);
    } else exported.set('default', right.type === 'AssignmentExpression' ? right.right : right);
  }
  return exported;
}

/** The name a function is known by in the code: its own, the variable holding it, else the export's. */
function labelOf(value: Node, handler: FunctionNode, exportName: string): string {
  if (handler.id) return handler.id.name;
  if (value.type === 'Identifier') return value.name;
  const assigned = value.parent?.type === 'AssignmentExpression' && value.parent.left.type === 'Identifier' ? value.parent.left.name : undefined;
  return assigned ?? exportName;
}

/**
 * The request and response a function takes, and the parameters that carry caller data, recognised
 * by name: `(req, res, { id })`, `(request, h)`, `streamFile(id, res)`.
 */
function parameterRoles(handler: FunctionNode): { routeLike: boolean; requestName?: string; responseName?: string; dataNames: string[][] } {
  const names = handler.params.map((param) => patternNames(param));
  const single = handler.params.map((param) => (param.type === 'Identifier' ? param.name : undefined));
  const routeLike = single[0] !== undefined && REQUEST_NAME.test(single[0]) && single[1] !== undefined && RESPONSE_NAME.test(single[1]);
  const { requestName, responseName } = routeLike ? handlerNames(handler) : { requestName: single.find((name) => name && REQUEST_NAME.test(name)), responseName: single.find((name) => name && RESPONSE_NAME.test(name)) };
  const dataNames = names.map((group) => (group.length === 1 && (group[0] === responseName || NOT_DATA.test(group[0])) ? [] : group));
  return { routeLike, requestName, responseName, dataNames };
}

/**
 * States a `function` fact for each exported function of two or more parameters (a handler, a
 * helper, a service) that serves a file or hands its parameters on; returns them as routes of
 * other files, for rules that judge a handler by its name (unsubscribe-not-honored).
 */
export function stateExportedFunctions(analysis: RouteAnalysis, routed: ReadonlySet<FunctionNode>): Route[] {
  const { context, program } = analysis;
  // Framework endpoint files: their exports are the routes (collectExportedHandlers), not controllers.
  if (ENDPOINT_FILE.test(context.path)) return [];
  const handlers: Route[] = [];
  for (const [name, value] of exportedValues(program)) {
    const handler = analysis.resolveFunction(value);
    if (!handler || routed.has(handler) || handler.params.length < 2) continue;
    const { routeLike, requestName, responseName, dataNames } = parameterRoles(handler);
    const clientParams = dataNames.flat().filter((param) => param !== requestName);
    const route: Route = { node: value, path: undefined, handler, middlewares: [], requestName, responseName, authenticated: false, authElsewhere: 'mounted-behind-auth', clientParams, exportName: name };
    handlers.push(route);
    const calls = handedOver(analysis, route, dataNames);
    const served = servedFile(analysis, route);
    if (!served && calls.length === 0) continue;
    const effects: FunctionEffects = {
      label: labelOf(value, handler, name),
      // `(req, res, user)`: an auth wrapper hands the handler its user; a service's `user` is only data.
      authenticates: (routeLike && identityParams(handler).length > 0) || analysis.checks.checksIdentity(handler, requestName),
      checksOwner: analysis.checks.tiesToRequester(route),
      passes: calls.map((call) => call.passes),
    };
    if (served) {
      const value = served.requestValue ?? context.getText(served.sink);
      const root = value.split(/[.[]/)[0];
      const from = dataNames.flatMap((group, index) => (group.includes(root) ? [index] : []));
      effects.serves = { value: served.requestValue ?? 'a parameter', line: context.text.slice(0, served.sink.range[0]).split('\n').length, params: from.length > 0 ? from : dataNames.flatMap((group, index) => (group.length > 0 ? [index] : [])) };
    }
    context.addFact({ kind: 'function', export: name, effects: effects as unknown as JsonValue, ...(calls.length > 0 ? { calls: calls.map((call) => call.ref) } : {}) });
  }
  return handlers;
}

/**
 * Calls to imported project functions that hand over the response (or Koa's context) and data the
 * function's caller chose: `downloadPdf(req, res, { id })`, `files.stream(req.params.id, res)`.
 * `passes`: the arguments carrying that data.
 */
export function handedOver(analysis: RouteAnalysis, route: Route, dataNames: string[][] = []): { call: TSESTree.CallExpression; ref: ImportedRef; passes: number[] }[] {
  const { requestName, responseName } = route;
  const tainted = new Set([...clientValues(route), ...dataNames.flat()]);
  const found: { call: TSESTree.CallExpression; ref: ImportedRef; passes: number[] }[] = [];
  // A concise arrow's body may be the call itself.
  for (const node of [route.handler.body, ...descendants(route.handler.body)]) {
    if (node.type !== 'CallExpression') continue;
    const ref = analysis.importedRef(node.callee);
    if (!ref) continue;
    const carries = (argument: Node) => (argument.type === 'Identifier' && argument.name === requestName) || touches(argument, tainted, route);
    const passes = node.arguments.flatMap((argument, index) => (carries(argument) ? [index] : []));
    const answers = node.arguments.some((argument) => argument.type === 'Identifier' && (argument.name === responseName || argument.name === 'ctx'));
    if (answers && passes.length > 0) found.push({ call: node, ref, passes });
  }
  return found;
}
