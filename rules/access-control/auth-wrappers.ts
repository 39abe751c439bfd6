// Higher-order route wrappers: `export const GET = withWorkspace(async ({ session, workspace }) => …)`.
// Whether the wrapper authenticates is decided, in this order, by its definition (the function
// summary the project step resolves through the import), else by conventions: its name, the module
// it comes from (`@/lib/auth`), the auth libraries that export such wrappers. Findings on a route
// whose wrapper another module defines wait for the project step (RuleContext.pend).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ImportedRef, JsonValue, ReportDescriptor, ResolvedValue, RuleContext, SettledReport } from '../api';
import { AUTH_PACKAGE } from './frameworks';
import { AUTH_NAME, NOT_AUTH, SESSION_CALL } from './guards';
import type { RouteAnalysis } from './route-analysis';
import type { Route } from './routes';

type Node = TSESTree.Node;

/** Module paths whose exports authenticate by convention: `@/lib/auth`, `~/server/session`, `../guards/team`. */
const AUTH_MODULE = /(?:^|[/@])(?:auth|authn|authentication|sessions?|guards?)(?:[/.-]|$)/i;
/** Wrappers named after the principal or tenant they hand the handler: `withUser`, `withWorkspace`, `withTeamMember`. */
const PRINCIPAL_WRAPPER = /^(?:with|require|ensure)\w*(?:User|Workspace|Team|Org|Organi[sz]ation|Tenant|Account|Member|Admin|Principal)\w*$/;

/** An imported wrapper whose definition the project step may read, and what conventions say of it meanwhile. */
export interface WrapperImport {
  ref: ImportedRef;
  /** The conventions' answer, used when the definition cannot be read. */
  assumed: boolean;
}

/** The wrapper of an exported handler: decided here (local or library wrapper), or imported from the project. */
export function judgeWrapper(analysis: RouteAnalysis, wrapper: Node): { authenticated: boolean; imported?: WrapperImport } {
  const name = wrapper.type === 'Identifier' ? wrapper.name : undefined;
  const specifier = name ? analysis.imports.get(name) : undefined;
  const conventional = name !== undefined && !NOT_AUTH.test(name) && (PRINCIPAL_WRAPPER.test(name) || (specifier !== undefined && (AUTH_MODULE.test(specifier) || AUTH_PACKAGE.test(specifier))));
  const assumed = analysis.checks.isAuth(wrapper) || conventional;
  // Project modules only: `withAuth` of '@/lib/auth', `auth.withAuth` of `import * as auth`.
  const ref = analysis.importedRef(wrapper);
  return ref ? { authenticated: false, imported: { ref, assumed } } : { authenticated: assumed };
}

/** Checks that a caller is a service holding a secret (a cron scheduler, a queue, a webhook sender), not a user. */
const SERVICE_CHECK = /^(?:verify|validate|check|assert)\w*(?:Signature|Hmac|Webhook|Secret|Cron)\w*$|^timingSafeEqual$/i;

/** Who a wrapper lets through: users it authenticated, services holding a secret, or anyone. */
type WrapperAuth = 'user' | 'service' | 'none';

/** The wrapper's definition: it reads a session or token, or answers 401; undefined when it is no wrapper the summary knows. */
function authenticatesByDefinition(value: ResolvedValue | undefined): WrapperAuth | undefined {
  if (value?.kind !== 'wrapper') return undefined;
  if (value.denies || value.calls.some((name) => SESSION_CALL.test(name) || (AUTH_NAME.test(name) && !NOT_AUTH.test(name)))) return 'user';
  return value.calls.some((name) => SERVICE_CHECK.test(name)) ? 'service' : 'none';
}

/** What a waiting finding keeps: its message, and whether it stands when the wrapper authenticates. */
interface WrappedFinding {
  message: string;
  assumed: boolean;
  standsIfAuthenticated: boolean;
}

/** A pending finding of a wrapped route (the rules also pend routes whose handler is in another module). */
export function isWrappedFinding(data: JsonValue): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && 'standsIfAuthenticated' in data;
}

/**
 * Reports a served-file finding, or — when an imported wrapper decides whether the route is
 * authenticated — leaves it to the project step. `standsIfAuthenticated`: the ownership finding
 * needs authentication, from the wrapper or else from where `descriptor.when` looks (Next.js
 * middleware, a mount); the authentication finding needs it from neither.
 */
export function reportWrapped<Options>(context: RuleContext<Options>, route: Route, descriptor: ReportDescriptor, standsIfAuthenticated: boolean): void {
  const wrapper = route.wrapper;
  if (!wrapper || route.authenticated) return context.report(descriptor);
  const pend = (stands: boolean, when: ReportDescriptor['when']) => {
    const data: WrappedFinding = { message: descriptor.message, assumed: wrapper.assumed, standsIfAuthenticated: stands };
    context.pend({ start: descriptor.start, end: descriptor.end, needs: [wrapper.ref], data: data as unknown as JsonValue, ...(when ? { when } : {}) });
  };
  if (!standsIfAuthenticated) return pend(false, descriptor.when);
  // Authenticated by the wrapper, or (the wrapper does not authenticate) by something else.
  pend(true, undefined);
  pend(false, descriptor.when);
}

/**
 * The rules' `settle`: the finding stands when the wrapper's authentication is what it needs. A
 * service's secret answers both: there is no user to be unauthenticated, nor documents of its own.
 */
export function settleWrapped(data: JsonValue, [wrapper]: (ResolvedValue | undefined)[]): SettledReport | undefined {
  const finding = data as unknown as WrappedFinding;
  const auth = authenticatesByDefinition(wrapper) ?? (finding.assumed ? 'user' : 'none');
  if (auth === 'service') return undefined;
  return (auth === 'user') === finding.standsIfAuthenticated ? { message: finding.message } : undefined;
}
