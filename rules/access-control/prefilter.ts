// The text prefilter of the access-control rules: which files can hold a served-file route or a
// fact about one, decided on text and path before any parse.
import { anyKeyword, IF_AN_IMPORT_STATES_FACTS, type ProjectFact, type RuleLanguage } from '../api';
import { ENDPOINT_FILE, NEXT_MIDDLEWARE_FILE, SINK_KEYWORDS } from './frameworks';

/** Global guards: a fact for every controller of the project (NestJS; Hapi's default strategy for route modules). */
const GLOBAL_GUARD_KEYWORDS = ['APP_GUARD', 'useGlobalGuards', 'auth.default('];
/**
 * Mounts, and routes whose handler lives in a controller file: facts for the files they name by
 * relative import. Not bare `router`: every React file using react-router would be parsed for nothing.
 */
export const ROUTING_KEYWORDS = ['.use(', '.register(', '.addHook(', 'router.get(', 'router.all(', 'router.route(', 'app.get(', 'app.route('];
/** Next.js middleware that authenticates: a fact for the project's routes. */
const MIDDLEWARE_KEYWORDS = ['matcher', 'next-auth', '@clerk', 'withAuth'];
/** A handler or controller handing its request on to a function of another module (exported-functions.ts). */
const HAND_OVER_KEYWORDS = ['req, res', 'request, reply', 'req.params', 'req.query', 'ctx)'];
const SERVING_KEYWORDS = [...SINK_KEYWORDS, ...GLOBAL_GUARD_KEYWORDS, ...ROUTING_KEYWORDS, ...MIDDLEWARE_KEYWORDS, ...HAND_OVER_KEYWORDS];

const SINKS = anyKeyword(SINK_KEYWORDS);
const GLOBAL_GUARDS = anyKeyword(GLOBAL_GUARD_KEYWORDS);
// `.register('name')` is react-hook-form's; Fastify and Hapi register plugins, never a string.
const ROUTING = new RegExp(String.raw`${anyKeyword(ROUTING_KEYWORDS.filter((keyword) => keyword !== '.register(')).source}|\.register\(\s*[^'"\s]`, 'i');
// A project module: relative, through a tsconfig alias or package.json `imports` (`@/…`, `~/…`, `#…`),
// or a folder a file-routing loader mounts (`dirRouter('./api')`, `{ dir: join(__dirname, 'routes') }`).
const PROJECT_MODULE = /(?:\bfrom|\()\s*['"`](?:\.\.?\/|[@~]\/|#)|\b(?:join|resolve)\(\s*__dirname\s*,/;
const MIDDLEWARE = anyKeyword(MIDDLEWARE_KEYWORDS);
/**
 * A folder a file-routing loader may mount, which no import names: `__dirname`, `{ dir: … }`, or a
 * relative path handed to a call other than require/import (`dirRouter('./api')`).
 */
const FOLDER_REFERENCE = /__dirname|\bdir\s*:|\b(?!require\(|import\()[\w$]+\(\s*['"`]\.\.?\//;
/**
 * The shapes RouteAnalysis turns into routes, as text: a verb call with a literal path and a handler, a
 * `route(…)` call, a NestJS controller, a function of two or more parameters exported as a
 * controller (`exports.x =`, `module.exports`, `export [async] function x(req, res`, `export const x = (req, res) =>`).
 * Every run of "anything but" is bounded: unbounded, each of thousands of unfinished
 * `export function a(` scanned to the end of the file (quadratic, on the main thread).
 */
const ROUTE_SHAPE = new RegExp(
  [
    // A literal path, then a handler: `Map.get('x')` and `Promise.all([…])` are not routes.
    String.raw`\.(?:get|post|put|patch|delete|del|all|head|options)\s*\(\s*(?:'[^'\n]{0,500}'|"[^"\n]{0,500}"|\x60[^\x60]{0,500}\x60|\[[^\]]{0,500}\]|\/(?:\\.|[^/\n\\]){1,500}\/[a-z]*)\s*,`,
    String.raw`\.route\s*\(`,
    String.raw`@Controller\b`,
    // Remix / React Router route modules, wherever routes.ts puts them.
    String.raw`\bexport\s+(?:async\s+function|function|const|let)\s+(?:loader|action)\b`,
    String.raw`\bexports\.[\w$]+\s*=|\bmodule\.exports\b`,
    String.raw`\bexport\s+(?:async\s+)?function\s*(?:\*\s*)?[\w$]+\s*(?:<[^>]{0,200}>\s*)?\(\s*[^),\s][^),]{0,200},`,
    String.raw`\bexport\s+(?:const|let|var)\s+[\w$]+\s*(?::[^=]{1,200})?=\s*(?:async\s*)?(?:function\b\s*(?:[\w$]+\s*)?)?\(\s*[^),\s][^),]{0,200},`,
  ].join('|'),
);

/**
 * A call handing the request's data and the response on (`downloadPdf(req, res, { id })`,
 * `files.stream(req.params.id, res)`, Koa `send(ctx)`), not a handler's own parameter list
 * (`(req, res) =>`, `function x(req, res) {`). Runs are bounded and exclude parentheses.
 */
const HANDS_OVER = /[\w$]\(\s*(?:(?:req|request)\b[^()\n]{0,200}?,\s*(?:res|reply|response)|ctx)\s*(?:,|\)(?!\s*(?:=>|\{|:)))/;
/**
 * A response a function is handed next to data, not a handler's `(req, res)` or `(req, res, next)`:
 * `streamFile(id, res)`, `send({ key }, reply)`, `(res, name)`, `(req, res, { id })`.
 */
const RESPONSE_PARAMETER =
  /\(\s*(?:(?!_?req\b|request\b)[\w$]+|\{[^{}()\n]{0,200}\})\s*,\s*(?:res|reply|response)\s*[,)]|\(\s*(?:res|reply|response)\s*,\s*[\w${]|\(\s*(?:req|request)\s*,\s*(?:res|reply|response)\s*,\s*(?!next\s*\))[\w${]/;

/** Route objects (Hapi route modules, file-routed modules): `{ method: 'GET', path, handler }`; a method alone is fetch() options. */
const ROUTE_OBJECT = /\bmethod\s*:\s*['"][A-Za-z*]+['"]/;
const HANDLER_PROPERTY = /\bhandler\s*[:(]/;

/**
 * The route analysis needs only the statements with its rules' keywords and those the engine keeps
 * with them (server/src/engine/pruning.ts), except in a Next.js middleware file, where any
 * call may establish the session.
 */
export function routesAreStatementScoped(path: string): boolean {
  return !NEXT_MIDDLEWARE_FILE.test(path);
}

/** The prefilter and scope the two served-file rules share (one analysis serves both). */
export const SERVED_FILE_PREFILTER = {
  languages: ['js'] as RuleLanguage[],
  keywords: SERVING_KEYWORDS,
  evidence: servingEvidence,
  statementScoped: routesAreStatementScoped,
  statesFacts: true,
  readsFacts: ['mount', 'route', 'function', 'global-auth'] as ProjectFact['kind'][],
};

/**
 * Client input, as isClientInput and clientValues read it: a request's params, query, body,
 * search params or URL; the same destructured from the handler's arguments; a parsed request
 * body; NestJS input decorators. The request is recognised by its usual names (req, request, ctx,
 * context, event): a handler calling it otherwise is not parsed for its sinks. Client code is
 * full of the same words (`searchPath({ query })`, `await response.json()`): only a parameter
 * list destructures, and only a request's body is parsed input.
 */
const CLIENT_INPUT = new RegExp(
  [
    String.raw`\bc\s*\.\s*req\s*\.\s*(?:param|query|queries|valid|json|parseBody|formData)\s*\(`,
    String.raw`\b(?:req|request|ctx|context|event)\s*\.\s*(?:request\s*\.\s*|nextUrl\s*\.\s*)?(?:(?:params|query|body|searchParams|url)\b|json\(\s*\)|formData\(\s*\))`,
    // `({ params })`, `(req, { params }: Props) {`, `async ({ query, body }): Promise<X> =>`
    String.raw`\{[^{}()]{0,200}\b(?:params|query|body|searchParams)\b[^()]{0,300}?\}\s*(?::[^()=]{0,200})?\)\s*(?::[^=;{}()]{0,200})?(?:=>|\{)`,
    String.raw`@(?:Param|Query|Body)\s*\(`,
  ].join('|'),
);

/**
 * The prefilter of the access-control rules, after their keywords. Findings need a sink inside a
 * route, fed by client input, or a route handing its request to a project module; facts need a global guard, routing with an import of a project module or a folder (the
 * only mounts and controllers facts can name), or middleware keywords in a Next.js middleware file.
 */
function servingEvidence(text: string, path: string): boolean | typeof IF_AN_IMPORT_STATES_FACTS {
  const routeShape = ENDPOINT_FILE.test(path) || ROUTE_SHAPE.test(text) || (ROUTE_OBJECT.test(text) && HANDLER_PROPERTY.test(text));
  const sinks = SINKS.test(text);
  if (sinks && routeShape && CLIENT_INPUT.test(text)) return true;
  // Exported functions other modules' routes reach: a service serving into the response it is
  // handed, a controller handing the request on to a project module.
  if (routeShape && sinks && RESPONSE_PARAMETER.test(text)) return true;
  if (GLOBAL_GUARDS.test(text) || (NEXT_MIDDLEWARE_FILE.test(path) && MIDDLEWARE.test(text))) return true;
  const routing = ROUTING.test(text) && PROJECT_MODULE.test(text);
  if (!routing && (!routeShape || !HANDS_OVER.test(text) || !PROJECT_MODULE.test(text))) return false;
  // Routing that mounts project modules, or a route file that hands its request (Koa `ctx`,
  // `req, res`) to them: with a sink of its own it may serve, and a folder a loader mounts is named
  // by no import; otherwise everything it can state (mounts, hand-overs, routes to controllers)
  // names a module it imports, and matters only if one of those states facts or has findings
  // that facts settle.
  return sinks || (routing && FOLDER_REFERENCE.test(text)) || IF_AN_IMPORT_STATES_FACTS;
}
