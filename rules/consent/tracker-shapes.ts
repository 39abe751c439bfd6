// Code and markup shapes tracker-before-consent reads: where a URL starts, which function a tracker
// runs in, what counts as a key or a pixel.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { MarkupElement } from '../api';
import { ancestors, keyName, memberChain, objectProperty, staticName } from '../ast';
import type { SdkCall } from './tracker-integrations';

/** Framework lifecycle methods: they run when the page or component mounts, for every visitor. */
const LIFECYCLE = /^(mounted|created|setup|beforeMount|ngOnInit|ngAfterViewInit|componentDidMount|connectedCallback|onMount|init|constructor)$/;

/**
 * The name of a helper function: a named function or method that is neither a component
 * (capitalised), a hook (`useX`), a lifecycle method, nor a callback passed to a call
 * (`useEffect(() => …)`, `onMounted(() => …)`, `defineNuxtPlugin(() => …)`).
 */
export function helperName(scope: TSESTree.Node): string | undefined {
  if (!isFunctionNode(scope)) return undefined;
  const parent = scope.parent;
  let name: string | undefined;
  if (scope.type === 'FunctionDeclaration') name = scope.id?.name;
  else if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') name = parent.id.name;
  else if (parent?.type === 'MethodDefinition' || parent?.type === 'Property') name = keyName(parent);
  if (!name || /^[A-Z]/.test(name) || /^use[A-Z]/.test(name) || LIFECYCLE.test(name)) return undefined;
  return name;
}

export function isFunctionNode(node: TSESTree.Node): boolean {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The literal start of a URL expression: `'https://x/y?id=' + id`, `` `https://x/${id}` ``. */
export function urlPrefix(node: TSESTree.Node | null | undefined, at?: TSESTree.Node): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis[0].value.cooked ?? undefined;
  if (node.type === 'BinaryExpression' && node.operator === '+') return urlPrefix(node.left as TSESTree.Node, at);
  if (node.type === 'Identifier' && at) return urlPrefix(iifeArgument(node.name, at));
  return undefined;
}

/**
 * The argument an immediately-invoked snippet passes for a parameter: vendors' loaders hand their
 * URL in (`!function(f,b,e,v){ … t.src=v … }(window, document, 'script', 'https://connect.facebook.net/…')`).
 */
function iifeArgument(name: string, at: TSESTree.Node): TSESTree.Node | undefined {
  // `at` is the node being visited: unlike its descendants, it already has its `parent` chain.
  for (const ancestor of ancestors(at)) {
    if (ancestor.type !== 'FunctionExpression' && ancestor.type !== 'ArrowFunctionExpression') continue;
    const index = ancestor.params.findIndex((param) => param.type === 'Identifier' && param.name === name);
    if (index === -1) continue;
    const call = ancestor.parent;
    return call?.type === 'CallExpression' && call.callee === ancestor ? call.arguments[index] : undefined;
  }
  return undefined;
}

/** A write key, token or id: a string, `process.env.X` / `import.meta.env.X`, or a name saying so, or an options object. */
export function isKeyLike(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'Literal' || node.type === 'TemplateLiteral' || node.type === 'ObjectExpression') return true;
  if (node.type === 'MemberExpression') return memberChain(node).includes('env') || /key|token|id$/i.test(staticName(node.property) ?? '');
  return node.type === 'Identifier' && /key|token|id$/i.test(node.name);
}

export function hasDenied(node: TSESTree.Node | undefined): boolean {
  return node?.type === 'ObjectExpression' && node.properties.some((property) => property.type === 'Property' && staticName(property.value) === 'denied');
}

/** The call passes one of the SDK's options that keep it from storing identifiers until consent. */
export function cookielessOptions(sdk: SdkCall, args: TSESTree.CallExpressionArgument[]): boolean {
  const options = args.find((argument) => argument.type === 'ObjectExpression');
  return (sdk.cookieless ?? []).some(([name, value]) => {
    const property = objectProperty(options, name);
    return property?.value.type === 'Literal' && property.value.value === value;
  });
}

export function jsxAttribute(opening: TSESTree.JSXOpeningElement, name: string): TSESTree.Node | undefined {
  for (const attribute of opening.attributes) {
    if (attribute.type !== 'JSXAttribute' || keyName(attribute) !== name || !attribute.value) continue;
    return attribute.value.type === 'JSXExpressionContainer' ? (attribute.value.expression.type === 'JSXEmptyExpression' ? undefined : attribute.value.expression) : attribute.value;
  }
  return undefined;
}

/** A 1×1 or hidden image: a tracking pixel rather than content served by the same entity. */
export function isPixel(opening: TSESTree.JSXOpeningElement): boolean {
  const size = (name: string) => staticName(jsxAttribute(opening, name)) ?? String((jsxAttribute(opening, name) as TSESTree.Literal | undefined)?.value ?? '');
  return ['0', '1'].includes(size('width')) || ['0', '1'].includes(size('height')) || opening.parent?.parent?.type === 'JSXElement' && staticName(opening.parent.parent.openingElement.name) === 'noscript';
}

export function isMarkupPixel(element: MarkupElement): boolean {
  const size = (name: string) => element.attribute(name)?.value.trim();
  return ['0', '1'].includes(size('width') ?? '') || ['0', '1'].includes(size('height') ?? '') || /display\s*:\s*none/i.test(size('style') ?? '') || element.ancestors().some((ancestor) => ancestor.name === 'noscript');
}

/** Cookiebot in auto-blocking mode or Usercentrics' autoblocker, loaded earlier in the page, hold back known trackers. */
export function autoBlockerBefore(text: string, offset: number): boolean {
  const head = text.slice(0, offset);
  return /data-blockingmode\s*=\s*["']?auto/i.test(head) || /usercentrics\.eu\/[^"']{0,300}autoblocker/i.test(head);
}
