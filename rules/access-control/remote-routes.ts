// Routes whose handler lives in another module: `router.get('/invoice/:id/pdf', controller.downloadPdf)`,
// or an inline handler handing `req, res` (or the id and the response) to an imported helper. The
// route is where the user must add a guard, so the finding is reported there, once the project
// step has followed the handler through the modules it calls (exported-functions.ts facts) to the
// one that serves the file.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ImportedRef, JsonValue, ProjectCondition, ResolvedFunction, ResolvedValue, RuleContext } from '../api';
import { rangeOf } from '../api';
import type { FunctionEffects } from './exported-functions';
import type { AccessOptions } from './routes';

/** A route of this file that hands its request to `ref` (arguments `args` carry the request's data). */
export interface RemoteRoute {
  /** Where the finding goes: the handler argument, or the route's path. */
  at: TSESTree.Node;
  /** `GET /invoice/:id/pdf`. */
  description: string;
  ref: ImportedRef;
  args: number[];
  /** Authentication or a permission check in front of the route, in this file. */
  authenticated: boolean;
  permission: boolean;
}

/** What a pending remote-route finding keeps for settling. */
interface RemoteData {
  description: string;
  args: number[];
  /** Authenticated here, or (an alternative pending on the mount) by the file mounting this router. */
  authenticated: boolean;
  permission: boolean;
}

/** A serving function and the functions leading to it from the route's handler, in call order. */
function servingPath(value: ResolvedValue | undefined, args: number[], depth = 0): ResolvedFunction[] | undefined {
  if (value?.kind !== 'function' || args.length === 0 || depth > 8) return undefined;
  const effects = value.effects as unknown as FunctionEffects;
  if (effects.serves?.params.some((param) => args.includes(param))) return [value];
  for (const [index, callee] of value.calls.entries()) {
    const rest = servingPath(callee, effects.passes[index] ?? [], depth + 1);
    if (rest) return [value, ...rest];
  }
  return undefined;
}

const effectsOf = (value: ResolvedFunction) => value.effects as unknown as FunctionEffects;

/** Where the route's request ends up served, and whether the functions on the way authenticate or check ownership. */
export function settleRemote(data: JsonValue, value: ResolvedValue | undefined): { sentence: string; value: string; authenticated: boolean; ownerChecked: boolean } | undefined {
  const route = data as unknown as RemoteData;
  const path = servingPath(value, route.args);
  if (!path) return undefined;
  const server = path[path.length - 1];
  const { serves, label } = effectsOf(server);
  const via = path.length > 1 ? ` (through ${path.slice(0, -1).map((step) => `${effectsOf(step).label}() in ${step.file}`).join(', ')})` : '';
  return {
    sentence: `${route.description} hands the request to ${label}() in ${server.file}${via}, which serves a stored file chosen by it (${serves!.value}, line ${serves!.line})`,
    value: serves!.value,
    authenticated: route.authenticated || path.some((step) => effectsOf(step).authenticates),
    ownerChecked: route.permission || path.some((step) => effectsOf(step).checksOwner),
  };
}

/**
 * Pends the findings of the routes that hand their request to another module. `rule` decides which:
 * the auth finding needs no authentication here nor at the mount; the ownership finding needs
 * authentication somewhere (here, the mount, or a function on the way), hence two alternatives when
 * this file has none.
 */
export function pendRemoteRoutes(context: RuleContext<AccessOptions>, routes: readonly RemoteRoute[], rule: 'auth' | 'owner'): void {
  for (const route of routes) {
    const mounted = (holds: boolean): ProjectCondition => ({ fact: 'mounted-behind-auth', module: context.path, holds });
    const pend = (authenticated: boolean, when: ProjectCondition | undefined) => {
      const data: RemoteData = { description: route.description, args: route.args, authenticated, permission: route.permission };
      context.pend({ ...rangeOf(route.at), needs: [route.ref], data: data as unknown as JsonValue, ...(when ? { when } : {}) });
    };
    if (rule === 'auth') {
      if (!route.authenticated) pend(false, mounted(false));
    } else if (!route.permission) {
      if (route.authenticated) pend(true, undefined);
      else {
        pend(true, mounted(true));
        pend(false, mounted(false));
      }
    }
  }
}
