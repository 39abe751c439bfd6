// Strapi: its default (local) upload provider writes Media Library files to `public/uploads/`
// (Strapi docs, "Media Library providers"), and the files of the public folder are reachable by
// their URL (Strapi docs, "Public assets"; the `strapi::public` middleware of config/middlewares).
// config/plugins may name another provider (`upload: { config: { provider: 'aws-s3' } }`), for one
// environment (config/env/production/plugins) or all: a project fact.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { descendants, objectProperty, staticName } from '../ast';

type Node = TSESTree.Node;

export const STRAPI_MIDDLEWARES_FILE = /(^|\/)config\/(?:env\/[^/]+\/)?middlewares\.[cm]?[jt]s$/;
export const STRAPI_PLUGINS_FILE = /(^|\/)config\/(?:env\/[^/]+\/)?plugins\.[cm]?[jt]s$/;

/** `'strapi::public'`, or `{ name: 'strapi::public', config }`, in the middleware list. */
export function strapiPublicMiddleware(program: TSESTree.Program): Node | undefined {
  for (const node of descendants(program)) {
    if (node.type !== 'ArrayExpression') continue;
    for (const element of node.elements) {
      const name = element?.type === 'ObjectExpression' ? (objectProperty(element, 'name')?.value as Node | undefined) : element;
      if (name && staticName(name) === 'strapi::public') return name;
    }
  }
  return undefined;
}

/** The upload provider config/plugins names (`upload.config.provider`); its source text when not a string (`env('UPLOAD_PROVIDER')`). */
export function strapiUploadProvider(program: TSESTree.Program, text: (node: Node) => string): string | undefined {
  for (const node of descendants(program)) {
    if (node.type !== 'Property' || staticName(node.key) !== 'upload') continue;
    const provider = objectProperty(objectProperty(node.value as Node, 'config')?.value as Node | undefined, 'provider')?.value as Node | undefined;
    if (provider) return staticName(provider) ?? text(provider);
  }
  return undefined;
}

/** What the finding says: what the docs state, and what the user may do. */
export const STRAPI_PUBLIC_UPLOADS =
  "Strapi's default (local) upload provider writes uploaded files to public/uploads/, and the public folder is served to anyone who has a file's URL (`strapi::public`); no configuration of this project names another upload provider. Media meant for a website is fine there; documents users upload about themselves are not: store them with a private provider (its asset URLs are signed) or outside the Media Library.";
