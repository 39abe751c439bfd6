// NestJS: controller methods with route decorators are routes; guards on the method or class,
// `@Public()`-style opt-outs and global guards decide their authentication.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, descendants, staticName } from '../ast';
import { VERBS } from './frameworks';
import { guardsOf } from './guards';
import type { RouteAnalysis } from './route-analysis';
import { decoratorName, routePath } from './route-syntax';
import type { Route } from './routes';

type Node = TSESTree.Node;

/**
 * NestJS controllers: `@Get(':id')` methods, guards from `@UseGuards` on the method or class,
 * `@Public()`-style opt-outs; a global guard (APP_GUARD, useGlobalGuards) is another file's fact.
 */
export function collectNestRoutes(analysis: RouteAnalysis): void {
  for (const node of descendants(analysis.program)) {
    // Registering a global auth guard is a fact for every controller of the project.
    if (node.type === 'Property' && staticName(node.key) === 'provide' && staticName(node.value) === 'APP_GUARD') {
      const useClass = node.parent?.type === 'ObjectExpression' ? node.parent.properties.find((property) => property.type === 'Property' && staticName(property.key) === 'useClass') : undefined;
      if (useClass?.type === 'Property' && analysis.checks.isAuth(useClass.value as Node)) analysis.context.addFact({ kind: 'global-auth' });
    }
    if (node.type === 'CallExpression' && calleeName(node) === 'useGlobalGuards' && node.arguments.some((arg) => analysis.checks.isAuth(arg.type === 'NewExpression' ? arg.callee : arg))) {
      analysis.context.addFact({ kind: 'global-auth' });
    }
    if (node.type !== 'ClassDeclaration' || !node.decorators.some((decorator) => decoratorName(decorator) === 'Controller')) continue;
    const classGuarded = node.decorators.some((decorator) => isGuard(analysis, decorator));
    const classGuards = node.decorators.flatMap(guardsOf);
    for (const member of node.body.body) {
      if (member.type !== 'MethodDefinition' || member.value.type !== 'FunctionExpression') continue;
      const verb = member.decorators.map(decoratorName).find((name) => name && VERBS.has(name.toLowerCase()));
      if (!verb) continue;
      const routeDecorator = member.decorators.find((decorator) => decoratorName(decorator) === verb)!;
      const decoratorCall = routeDecorator.expression.type === 'CallExpression' ? routeDecorator.expression : undefined;
      const params = member.value.params.flatMap((param) => (param.type === 'Identifier' ? [{ name: param.name, decorators: (param.decorators ?? []).map(decoratorName) }] : []));
      const named = (pattern: RegExp) => params.filter((param) => param.decorators.some((name) => name && pattern.test(name))).map((param) => param.name);
      const isPublic = member.decorators.some((decorator) => /^(Public|AllowAnonymous|SkipAuth|IsPublic|Anonymous|NoAuth)$/.test(decoratorName(decorator) ?? ''));
      const identityParams = named(/^(CurrentUser|User|AuthUser|GetUser|ReqUser|Session|Auth|Principal|UserId)$/);
      const requestName = named(/^(Req|Request)$/)[0];
      const guarded = classGuarded || member.decorators.some((decorator) => isGuard(analysis, decorator)) || identityParams.length > 0;
      const route: Route = {
        node: member,
        path: decoratorCall ? routePath(decoratorCall.arguments[0]) ?? '' : '',
        handler: member.value,
        middlewares: [...classGuards, ...member.decorators.flatMap(guardsOf)],
        requestName,
        responseName: named(/^(Res|Response)$/)[0],
        authenticated: guarded || (requestName !== undefined && analysis.checks.checksIdentity(member.value, requestName)),
        // @Public() opts out of the global guard: then nothing elsewhere authenticates it.
        authElsewhere: 'global-auth',
        clientParams: named(/^(Param|Query|Body)$/),
        identityParams,
      };
      if (isPublic && !guarded) route.authElsewhere = 'mounted-behind-auth';
      analysis.routes.push(route);
    }
  }
}

function isGuard(analysis: RouteAnalysis, decorator: TSESTree.Decorator): boolean {
  const expression = decorator.expression;
  if (expression.type !== 'CallExpression' || !/^(UseGuards|Auth|Authenticated|Roles|RequireAuth)$/.test(calleeName(expression) ?? '')) return false;
  return calleeName(expression) !== 'UseGuards' || expression.arguments.some((arg) => analysis.checks.isAuth(arg.type === 'NewExpression' ? arg.callee : arg));
}
