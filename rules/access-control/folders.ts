// Folders and the paths that name them: what a path expression is built from (following the
// variables it uses), and whether it names public assets or users' uploads.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, descendants, memberChain } from '../ast';
import { isReference } from './client-input';
import { DOCUMENT_FOLDER, PUBLIC_SEGMENT, UPLOAD_FOLDER } from './frameworks';
import { patternNames } from './route-syntax';

type Node = TSESTree.Node;

/**
 * What each variable declared in `scopes` is initialised with (names declared twice are dropped);
 * a destructured name stands for the whole value (`const { Body } = await s3.send(…)`).
 */
export function declaredValues(scopes: Node[]): Map<string, Node | null> {
  const values = new Map<string, Node | null>();
  for (const node of scopes.flatMap((scope) => [scope, ...descendants(scope)])) {
    if (node.type !== 'VariableDeclarator' || !node.init) continue;
    for (const name of patternNames(node.id)) values.set(name, values.has(name) ? null : node.init);
  }
  return values;
}

/**
 * A string argument or `{ root }` option naming a public folder, directly or through the
 * variables it is built from (`const rootDir = path.join(__dirname, 'public')`): assets, not
 * stored documents — unless an upload or generated-documents folder sits inside it.
 */
export function servesPublic(args: Node[], values: Map<string, Node | null>): boolean {
  const segments = folderSegments(args, values);
  return segments.some((segment) => PUBLIC_SEGMENT.test(segment)) && !segments.some((segment) => UPLOAD_FOLDER.test(segment) || DOCUMENT_FOLDER.test(segment));
}

/**
 * A file the application ships with: a path rooted at the app itself (`process.cwd()`, `__dirname`,
 * `import.meta.dirname`/`url`), through no upload folder, ending in a file name or extension the code
 * fixes (`path.join(process.cwd(), 'specs', area, 'openapi.yaml')`). The request may pick among the
 * app's files, not a user's document.
 */
export function shippedWithApp(args: Node[], values: Map<string, Node | null>): boolean {
  const path = resolvedPath(args[0], values, 0);
  if (!path || folderSegments([path], values).some((segment) => UPLOAD_FOLDER.test(segment))) return false;
  if (path.type === 'TemplateLiteral') return isAppRoot(path.expressions[0], values) && path.quasis[0].value.raw === '' && FIXED_FILE.test(path.quasis[path.quasis.length - 1].value.cooked ?? '');
  const parts = path.arguments as Node[];
  return parts.length > 1 && isAppRoot(parts[0], values) && endsInFixedFile(parts[parts.length - 1]);
}

/** A file name or extension written in the code: `'openapi.yaml'`, `name + '.md'`, `` `${name}.json` ``. */
const FIXED_FILE = /\.\w{1,5}$/;

function endsInFixedFile(node: Node): boolean {
  if (node.type === 'Literal') return typeof node.value === 'string' && FIXED_FILE.test(node.value);
  if (node.type === 'TemplateLiteral') return FIXED_FILE.test(node.quasis[node.quasis.length - 1].value.cooked ?? '');
  return node.type === 'BinaryExpression' && node.operator === '+' && endsInFixedFile(node.right);
}

/** The `path.join`/`path.resolve` call or template literal a path argument is built with, through variables and reads. */
function resolvedPath(node: Node | undefined, values: Map<string, Node | null>, depth: number): TSESTree.CallExpression | TSESTree.TemplateLiteral | undefined {
  if (node?.type === 'Identifier') return depth < 4 ? resolvedPath(values.get(node.name) ?? undefined, values, depth + 1) : undefined;
  if (node?.type === 'AwaitExpression') return resolvedPath(node.argument, values, depth);
  if (node?.type === 'TemplateLiteral') return node;
  if (node?.type !== 'CallExpression') return undefined;
  // readFileSync(filePath): the path the read is given.
  return /^(join|resolve)$/.test(calleeName(node) ?? '') ? node : resolvedPath(node.arguments[0] as Node | undefined, values, depth + 1);
}

/** `process.cwd()`, `__dirname`, `import.meta.dirname`, `dirname(fileURLToPath(import.meta.url))`, or a variable holding one. */
function isAppRoot(node: Node | undefined, values: Map<string, Node | null>, depth = 0): boolean {
  if (!node) return false;
  if (node.type === 'Identifier') {
    if (node.name === '__dirname') return true;
    const value = values.get(node.name);
    if (!value || depth >= 3) return false;
    const path = resolvedPath(value, values, 0);
    return isAppRoot(path?.type === 'CallExpression' ? (path.arguments[0] as Node) : value, values, depth + 1);
  }
  if (node.type === 'CallExpression' && memberChain(node.callee).join('.') === 'process.cwd') return true;
  return [node, ...descendants(node)].some((child) => child.type === 'MemberExpression' && child.object.type === 'MetaProperty' && /^(dirname|url|filename)$/.test((child.property as TSESTree.Identifier).name ?? ''));
}

/** Folder names of the paths `nodes` build: `path.join(UPLOADS, '../docs')` → ['srv', 'uploads', 'docs']. */
export function folderSegments(nodes: Node[], values: Map<string, Node | null>): string[] {
  return pathLiterals(nodes, values, 0).flatMap((literal) => literal.split(/[/\\]/).filter((segment) => segment && segment !== '.' && segment !== '..'));
}

/** The string literals a path expression is built from, following variables a few steps. */
function pathLiterals(nodes: Node[], values: Map<string, Node | null>, depth: number): string[] {
  return nodes.flatMap((arg) =>
    [arg, ...descendants(arg)].flatMap((node) => {
      if (node.type === 'Literal') return typeof node.value === 'string' ? [node.value] : [];
      if (node.type === 'TemplateElement') return [node.value.cooked ?? ''];
      const value = node.type === 'Identifier' && isReference(node) ? values.get(node.name) : undefined;
      return value && depth < 3 ? pathLiterals([value], values, depth + 1) : [];
    }),
  );
}
