// Authenticated, but any logged-in user gets any document by its id: how users of a portal come to
// open documents concerning other people (the NEXPUBLICA decision).
import type { Fix } from '../api';
import { createRule, rangeOf } from '../api';
import { isWrappedFinding, reportWrapped, settleWrapped } from './auth-wrappers';
import { SERVED_FILE_COVERAGE } from './frameworks';
import { SERVED_FILE_PREFILTER } from './prefilter';
import { settleRemote } from './remote-routes';
import { ACCESS_OPTIONS, type AccessOptions, describeRoute, type Route, type ServedFile, servedRouteVisitors, statementIndent } from './routes';

export const downloadWithoutOwnershipCheck = createRule<AccessOptions>({
  meta: {
    id: 'download-without-ownership-check',
    family: 'document-access-control',
    title: 'Document served to any authenticated user',
    severity: 'warning',
    decisions: ['cnil-2025-nexpublica', 'cnil-2019-sergic', 'cnil-2019-active-assurances', 'cnil-2018-optical-center'],
    ...SERVED_FILE_PREFILTER,
    docs: {
      why:
        'CNIL fined NEXPUBLICA FRANCE €1.7M (SAN-2025-015, 22 December 2025): users of its portal could open documents concerning other people, and the security of its software was judged insufficient overall, with flaws known from audits left unfixed. Authentication alone does not keep one user out of another\'s documents: when a route looks a document up by an id taken from the request and sends it without comparing its owner, tenant or patient with the requester, any authenticated user can ask for any id.',
      fix: 'Scope the lookup by the requester (`findOne({ _id: id, owner: req.user.id })`, `where: { id, userId: session.user.id }`) or call your permission check (`authorize`, `ability.can`, a policy) before sending; answer 404 when it fails. Names of your own checks can be set in the `permissionFunctions` option.',
      invalid: "router.get('/documents/:id', requireAuth, async (req, res) => {\n  const doc = await Document.findById(req.params.id);\n  res.download(doc.path);\n});",
      valid: "router.get('/documents/:id', requireAuth, async (req, res) => {\n  const doc = await Document.findById(req.params.id);\n  if (!doc || doc.ownerId !== req.user.id) return res.sendStatus(404);\n  res.download(doc.path);\n});",
      recognises: SERVED_FILE_COVERAGE,
    },
    ...ACCESS_OPTIONS,
  },
  create(context) {
    return servedRouteVisitors(context, 'owner', (analysis, route, served) => {
      if (analysis.checks.tiesToRequester(route)) return;
      reportWrapped(context, route, {
        ...rangeOf(served.sink),
        message: `${describeRoute(route)} sends the document chosen by the request${served.requestValue ? ` (${served.requestValue})` : ''} to any authenticated user: nothing compares its owner or tenant with the requester, so changing ${served.requestValue ?? 'that value'} opens other people's documents.`,
        // Without authentication here, it counts only if another file mounts this one behind auth.
        when: route.authenticated ? undefined : analysis.authElsewhere(route, true),
        fixes: ownershipGuardFix(context.text, route, served),
      }, true);
    });
  },
  settle(data, values) {
    if (isWrappedFinding(data)) return settleWrapped(data, values);
    const served = settleRemote(data, values[0]);
    if (!served?.authenticated || served.ownerChecked) return undefined;
    return { message: `${served.sentence}, to any authenticated user: nothing on the way compares the document's owner or tenant with the requester, so changing ${served.value} opens other people's documents.` };
  },
});

/** A guard skeleton after the lookup; the owner field is a guess the user must confirm. */
function ownershipGuardFix(text: string, route: Route, served: ServedFile): Fix[] {
  // Exported handlers (Next.js, SvelteKit) hold the user in a session object of their own.
  if (!served.lookup || !served.lookupName || route.node.type !== 'CallExpression') return [];
  const doc = served.lookupName;
  const request = route.requestName ?? 'req';
  const user = request === 'ctx' ? 'ctx.state.user' : `${request}.user`;
  const deny = route.responseName ? `return ${route.responseName}.status(404).end();` : request === 'ctx' ? 'ctx.throw(404);' : "return new Response('Not found', { status: 404 });";
  const indent = statementIndent(text, served.lookup);
  return [
    {
      title: `Check that ${doc} belongs to the requester (confirm the owner field)`,
      safe: false,
      edits: [{ start: served.lookup.range[1], end: served.lookup.range[1], newText: `\n${indent}if (!${doc} || String(${doc}.ownerId) !== String(${user}.id)) ${deny} // TODO: confirm the owner field` }],
    },
  ];
}
