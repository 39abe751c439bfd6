// A route hands out a stored file chosen by the client and nothing authenticates the requester:
// the Sergic, Optical Center and Bouygues Telecom failings (documents reachable by changing a URL).
import type { Fix } from '../api';
import { createRule, rangeOf } from '../api';
import { isWrappedFinding, reportWrapped, settleWrapped } from './auth-wrappers';
import { SERVED_FILE_COVERAGE } from './frameworks';
import { SERVED_FILE_PREFILTER } from './prefilter';
import { settleRemote } from './remote-routes';
import { ACCESS_OPTIONS, type AccessOptions, describeRoute, type Route, servedRouteVisitors } from './routes';

export const downloadWithoutAuth = createRule<AccessOptions>({
  meta: {
    id: 'download-without-auth',
    family: 'document-access-control',
    title: 'Stored file served without authentication',
    severity: 'error',
    decisions: ['cnil-2019-sergic', 'cnil-2018-optical-center', 'cnil-2019-active-assurances', 'cnil-2018-bouygues-telecom', 'cnil-2022-dedalus-biologie'],
    ...SERVED_FILE_PREFILTER,
    docs: {
      why:
        'SERGIC was fined €400,000 (SAN-2019-005) because rental applicants\' uploaded documents (ID cards, tax notices, bank details) could be downloaded without authentication by changing a number in the URL; Optical Center\'s site served invoices without checking that a customer was logged in, Active Assurances exposed customer documents the same way, and Bouygues Telecom left contracts and invoices reachable by URL after disabling authentication for a test phase. A route that sends a file picked by a URL parameter, with no authentication in front of it, is that failing.',
      fix: 'Put the authentication middleware in front of the route (or the router that holds it, or the mount in app.js), then check that the document belongs to the requester (see download-without-ownership-check).',
      invalid: "router.get('/documents/:id/download', async (req, res) => {\n  const doc = await Document.findById(req.params.id);\n  res.download(doc.path);\n});",
      valid: "router.get('/documents/:id/download', ensureAuthenticated, async (req, res) => {\n  const doc = await Document.findOne({ _id: req.params.id, owner: req.user.id });\n  if (!doc) return res.sendStatus(404);\n  res.download(doc.path);\n});",
      recognises: SERVED_FILE_COVERAGE,
    },
    ...ACCESS_OPTIONS,
  },
  create(context) {
    return servedRouteVisitors(context, 'auth', (analysis, route, served) => {
      // A permission check asked about the document decides who reads it, anonymous readers included.
      if (route.authenticated || analysis.checks.decidesAccess(route)) return;
      reportWrapped(context, route, {
        ...rangeOf(served.sink),
        message: `${describeRoute(route)} serves a stored file chosen by the request${served.requestValue ? ` (${served.requestValue})` : ''} with no authentication in front of it: anyone who guesses or changes ${served.requestValue ?? 'that value'} gets the file it names.`,
        when: analysis.authElsewhere(route, false),
        fixes: addAuthFix(route, analysis.knownAuth),
      }, false);
    });
  },
  settle(data, values) {
    if (isWrappedFinding(data)) return settleWrapped(data, values);
    const served = settleRemote(data, values[0]);
    if (!served || served.authenticated) return undefined;
    return { message: `${served.sentence}, with no authentication in front of the route: anyone who guesses or changes ${served.value} gets the file it names. Add the authentication middleware to this route.` };
  },
});

/** Reuses the auth middleware the file already puts in front of other routes. */
function addAuthFix(route: Route, knownAuth: string | undefined): Fix[] {
  const call = route.node.type === 'CallExpression' ? route.node : undefined;
  if (!knownAuth || !call || route.path === undefined) return [];
  const handler = call.arguments.find((arg) => arg.range[0] === route.handler.range[0]) ?? call.arguments[call.arguments.length - 1];
  const before = route.middlewares[0] ?? handler;
  return [{ title: `Require authentication: add ${knownAuth} to this route`, safe: false, edits: [{ start: before.range[0], end: before.range[0], newText: `${knownAuth}, ` }] }];
}
