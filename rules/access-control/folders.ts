// Folders and the paths that name them: what a path expression is built from (following the
// variables it uses), and whether it names public assets or users' uploads.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { descendants } from '../ast';
import { isReference } from './client-input';
import { PUBLIC_SEGMENT, UPLOAD_FOLDER } from './frameworks';
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
 * stored documents — unless an upload folder sits inside it.
 */
export function servesPublic(args: Node[], values: Map<string, Node | null>): boolean {
  const segments = folderSegments(args, values);
  return segments.some((segment) => PUBLIC_SEGMENT.test(segment)) && !segments.some((segment) => UPLOAD_FOLDER.test(segment));
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
