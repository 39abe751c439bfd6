// An unsubscribe endpoint that answers without recording the opt-out, or that sends the person to
// a login page first: NESTOR's unsubscribe link did not work, Free Mobile, TotalEnergies and Accor
// did not honour objections to prospecting.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRule } from '../api';
import { calleeName, descendants, keyName, staticName } from '../ast';
import { ACCESS_OPTIONS, type AccessOptions, analyseRoutes, describeRoute, type Route } from '../access-control/routes';

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** A route, file or handler about opting out of messages. */
const UNSUBSCRIBE = /unsub|opt[-_]?out|d[ée]sabonn|d[ée]sinscri|stop[-_]?(e?mails?|newsletter|marketing)/i;
/** Subscriptions that are not to messages: webhooks (Zapier REST hooks), sockets, push channels, feeds. */
const NOT_MESSAGES = /web_?hook|hooks?\b|zapier|socket|channel|stream|topic|push|event|rss|feed|calendar|graphql/i;
/** The same in a route literal or an endpoint file path, for the prefilter. */
const UNSUBSCRIBE_ROUTE = /\.(get|post|put|patch|all|delete)\s*\(\s*['"`][^'"`\n]*(unsub|opt-?out|optout|d[ée]sabonn|d[ée]sinscri)|@(Get|Post|Put|Patch|All|Delete)\(\s*['"`][^'"`\n]*(unsub|opt-?out|optout)/i;
const UNSUBSCRIBE_ENDPOINT_FILE = /(^|\/)(pages\/api\/|app\/)(.*\/)?[^/]*(unsub|opt-?out|optout)[^/]*(\/|\.[cm]?[jt]s$)/i;
/**
 * Calls that answer, log, parse or check, and so record nothing. Any other call might write the
 * opt-out (a model, a service, an HTTP call to the provider's suppression API): the rule trusts it.
 */
const NON_RECORDING =
  /^(status|sendStatus|send|json|end|redirect|render|type|header|setHeader|set|get|has|getAll|cookie|clearCookie|log|info|warn|error|debug|trace|verify|decode|parse|stringify|toString|toLowerCase|toUpperCase|trim|split|join|replace|includes|startsWith|endsWith|test|match|exec|isEmail|isValid|validate|safeParse|validateSync|text|html|Response|NextResponse|URL|URLSearchParams|decodeURIComponent|encodeURIComponent|Number|String|Boolean|parseInt|resolve|reject|then|catch|finally|t|translate|__|find\w*|count|exists|lookup|select|from|where|first|Date|now|toISOString|getTime)$/;
const LOGIN_REDIRECT = /redirect\w*\([^)]*(log-?in|sign-?in|auth)/i;

export const unsubscribeNotHonored = createRule<AccessOptions>({
  meta: {
    id: 'unsubscribe-not-honored',
    family: 'prospecting-consent',
    title: 'Unsubscribe endpoint that records nothing',
    severity: 'warning',
    decisions: ['cnil-2020-nestor', 'cnil-2021-free-mobile', 'cnil-2022-totalenergies', 'cnil-2022-accor'],
    languages: ['js'],
    keywords: ['unsub', 'optout', 'opt-out', 'opt_out', 'sabonn', 'sinscri'],
    evidence: (text, path) => UNSUBSCRIBE_ROUTE.test(text) || UNSUBSCRIBE_ENDPOINT_FILE.test(path),
    docs: {
      why:
        "CNIL fined NESTOR (SAN-2020-018) because the unsubscribe link of its marketing e-mails did not work: complainants kept receiving solicitations; Free Mobile (SAN-2021-021) kept sending marketing messages despite objections; TotalEnergies (SAN-2022-011) and Accor (SAN-2022-017) did not respect the right to object to prospecting. An unsubscribe endpoint that answers \"you are unsubscribed\" without writing the opt-out anywhere (the database, a flag on the contact, the mail provider's suppression list) is that failing; so is a link that first asks the person to log in. The rule reads Express, Koa, Fastify, Hapi and NestJS routes and Next.js/SvelteKit/Remix endpoint files whose path or handler name says unsubscribe or opt-out. A handler counts as recording when it calls anything beyond answering, logging, parsing, validating, reading or verifying a token (a model, a service, a provider API): such calls are trusted, not followed into other files. A handler that renders a view or a form is taken for the confirmation step of a two-step unsubscribe, and so is one whose path another route of the file (POST, PUT…) records. A login requirement is reported only on GET routes, the ones an e-mail link opens, when authentication middleware or a guard of the same file sits in front of them, or when the handler redirects to a login page.",
      fix: 'Record the opt-out before answering (set the contact\'s flag, add the address to the provider\'s suppression list) and let the link work without a session: identify the person with a signed token in the link.',
      invalid: "router.get('/unsubscribe', (req, res) => {\n  res.send('You have been unsubscribed.');\n});",
      valid: "router.get('/unsubscribe', async (req, res) => {\n  const { email } = verifyUnsubscribeToken(req.query.token);\n  await Subscriber.updateOne({ email }, { unsubscribedAt: new Date() });\n  res.send('You have been unsubscribed.');\n});",
    },
    ...ACCESS_OPTIONS,
  },
  create(context) {
    return {
      js: {
        'Program:exit'(program) {
          const analysis = analyseRoutes(context, program);
          const functions = localFunctions(program);
          const routes = [...analysis.routes, ...analysis.exportedHandlers].filter((route) => isUnsubscribeRoute(route, context.path));
          // Two steps: a page that asks to confirm, then a route of the same path that records.
          const recordedPaths = new Set(routes.filter((route) => verbOf(route) !== 'GET' && records(route.handler, functions, 0)).map((route) => route.path));
          for (const route of routes) {
            const where = describeRoute(route);
            const requiresLogin = verbOf(route) === 'GET' && (route.middlewares.some((middleware) => analysis.checks.isAuth(middleware)) || LOGIN_REDIRECT.test(context.getText(route.handler)));
            if (requiresLogin) {
              context.report({
                start: route.node.range[0],
                end: route.handler.range[0],
                message: `${where} is an unsubscribe link that requires logging in first: a person who follows it from an e-mail without a session cannot object. CNIL fined NESTOR because its unsubscribe link did not work. Identify the person with a signed token in the link instead of a session.`,
              });
              continue;
            }
            if (recordedPaths.has(route.path) || showsPage(route.handler, context.getText(route.handler)) || !answers(route.handler) || records(route.handler, functions, 0)) continue;
            context.report({
              start: route.node.range[0],
              end: route.handler.range[0],
              message: `${where} answers an unsubscribe request without recording it: nothing is written to a store, a flag or the mail provider's suppression list, so the messages keep coming. CNIL fined NESTOR because its unsubscribe link did not work, and Free Mobile for marketing messages sent despite objections. Record the opt-out before answering.`,
            });
          }
        },
      },
    };
  },
});

function isUnsubscribeRoute(route: Route, path: string): boolean {
  const handlerName = route.node.type === 'MethodDefinition' ? keyName(route.node) : route.handler.type === 'FunctionDeclaration' ? route.handler.id?.name : undefined;
  const endpointFile = route.path === undefined && !route.exportName && UNSUBSCRIBE_ENDPOINT_FILE.test(path);
  if (NOT_MESSAGES.test(route.path ?? '') || NOT_MESSAGES.test(path)) return false;
  return UNSUBSCRIBE.test(route.path ?? '') || UNSUBSCRIBE.test(handlerName ?? '') || UNSUBSCRIBE.test(route.exportName ?? '') || endpointFile;
}

/** The HTTP verb of an Express-style call, a NestJS decorator or an exported `GET`/`loader`. */
function verbOf(route: Route): string | undefined {
  const node = route.node;
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') return staticName(node.callee.property)?.toUpperCase();
  if (node.type === 'MethodDefinition') return node.decorators.map((decorator) => (decorator.expression.type === 'CallExpression' ? calleeName(decorator.expression) : undefined)).find((name) => name && /^(Get|Post|Put|Patch|Delete|All)$/.test(name))?.toUpperCase();
  const exported = node.type === 'ExportNamedDeclaration' ? node.declaration : undefined;
  const name = exported?.type === 'FunctionDeclaration' ? exported.id?.name : exported?.type === 'VariableDeclaration' ? staticName(exported.declarations[0]?.id) : undefined;
  return name === 'loader' ? 'GET' : name;
}

/** The handler answers: it calls the response or returns a value. */
function answers(handler: FunctionNode): boolean {
  if (handler.body.type !== 'BlockStatement') return true;
  for (const node of descendants(handler.body)) {
    if (node.type === 'ReturnStatement' && node.argument) return true;
    if (node.type === 'CallExpression' && /^(send|json|end|redirect|render|sendStatus)$/.test(calleeName(node) ?? '')) return true;
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && staticName(node.left.property) === 'body') return true;
  }
  return false;
}

/** A rendered view or a form: the page may be the confirmation step whose form records the opt-out elsewhere. */
function showsPage(handler: FunctionNode, text: string): boolean {
  return /<form\b|method=["']?post/i.test(text) || [...descendants(handler.body)].some((node) => node.type === 'CallExpression' && /^(render|renderFile|view|sendFile)$/.test(calleeName(node) ?? ''));
}

/** A call that may write the opt-out, here or in a same-file function the handler calls. */
function records(fn: FunctionNode, functions: Map<string, FunctionNode>, depth: number): boolean {
  for (const node of [fn.body, ...descendants(fn.body)]) {
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && /unsub|opt_?out|subscribed|status|consent|newsletter|marketing/i.test(staticName(node.left.property) ?? '')) return true;
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') continue;
    const name = calleeName(node) ?? '';
    if (NON_RECORDING.test(name)) continue;
    const local = node.callee.type === 'Identifier' ? functions.get(node.callee.name) : undefined;
    if (!local || depth >= 2) return true;
    if (records(local, functions, depth + 1)) return true;
  }
  return false;
}

function localFunctions(program: TSESTree.Program): Map<string, FunctionNode> {
  const functions = new Map<string, FunctionNode>();
  for (const node of descendants(program)) {
    if (node.type === 'FunctionDeclaration' && node.id) functions.set(node.id.name, node);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && (node.init?.type === 'ArrowFunctionExpression' || node.init?.type === 'FunctionExpression')) functions.set(node.id.name, node.init);
  }
  return functions;
}

