// The folder that receives users' uploads is also served as static files, with no authentication
// in front: every uploaded document is one URL away (Sergic's /documents/upload/eresa/X.pdf).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { anyKeyword, createRule, rangeOf } from '../api';
import { calleeName, descendants, objectProperty, staticName } from '../ast';
import { declaredValues, folderSegments } from './folders';
import { PUBLIC_SEGMENT, STATIC_UPLOADS_COVERAGE, UPLOAD_FOLDER } from './frameworks';
import { ROUTING_KEYWORDS, routesAreStatementScoped } from './prefilter';
import { ACCESS_OPTIONS, type AccessOptions, analyseRoutes } from './routes';
import { hapiDirectoryRoutes, STATIC_KEYWORDS, staticMounts } from './static-mounts';
import { STRAPI_MIDDLEWARES_FILE, STRAPI_PLUGINS_FILE, STRAPI_PUBLIC_UPLOADS, strapiPublicMiddleware, strapiUploadProvider } from './strapi-uploads';

type Node = TSESTree.Node;

const WRITE_CALLS = new Set(['writeFile', 'writeFileSync', 'createWriteStream', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'mv']);
const STATIC_MIDDLEWARE = anyKeyword(STATIC_KEYWORDS);
/** Hapi inert's directory handler in a route object. */
const DIRECTORY_HANDLER = /\bdirectory\s*:\s*\{/;
const UPLOADS_SERVED = 'The upload folder is served as public static files with no authentication in front: every uploaded document is reachable by its URL.';
/** Path segments that name pictures (`/albums/{id}/covers`, `/users/:id/avatar`). */
const PICTURE_SEGMENT = /^(covers?|avatars?|images?|photos?|pictures?|thumbnails?|logos?|banners?)$/i;
/** Calls that validate or resize images: what they take in is a picture. */
const IMAGE_CALL = /^(sharp|jimp)$|image/i;
const MOUNT_CALL = /\.(use|register)\s*\(/;
const WRITE_CALL_TEXT = /\b(writeFile|createWriteStream|rename|copyFile|mv)(Sync)?\s*\(/;
/** Next.js server code, where uploads may be written under public/. */
const NEXT_SERVER_FILE = /(^|\/)(pages\/api|app)\/|(^|\/)route\.[cm]?[jt]s$|actions?\.[cm]?[jt]s$/;

export const publicUploadDirectory = createRule<AccessOptions>({
  meta: {
    id: 'public-upload-directory',
    family: 'document-access-control',
    title: 'Uploaded files served as public static files',
    severity: 'warning',
    decisions: ['cnil-2019-sergic', 'cnil-2019-active-assurances', 'cnil-2022-dedalus-biologie'],
    languages: ['js'],
    // Static-file middlewares, Hapi directory handlers, and upload writes under Next.js public/; routing, for the
    // authentication mounted in front of them.
    // Upload routes and image checks, for the statements that show uploads are pictures.
    // Strapi's middleware list and upload provider configuration.
    keywords: [...STATIC_KEYWORDS, 'directory', 'public/', "'public'", '"public"', ...ROUTING_KEYWORDS, '.post(', '.put(', 'image/', 'Image', 'sharp(', 'strapi::public', 'provider'],
    statementScoped: routesAreStatementScoped,
    // Its route analysis states the same facts as the served-file rules'.
    statesFacts: true,
    // A static middleware mounted with use/register, a Hapi directory handler, or a write in a Next.js server file.
    evidence: (text, path) =>
      (MOUNT_CALL.test(text) && STATIC_MIDDLEWARE.test(text)) || DIRECTORY_HANDLER.test(text) || (NEXT_SERVER_FILE.test(path) && WRITE_CALL_TEXT.test(text)) || STRAPI_MIDDLEWARES_FILE.test(path) || STRAPI_PLUGINS_FILE.test(path),
    docs: {
      why:
        'SERGIC was fined €400,000 (SAN-2019-005) because the documents rental applicants uploaded were reachable without authentication at URLs such as /documents/upload/eresa/X.pdf; Active Assurances exposed customer documents by URL too. Serving the upload folder with a static-file middleware, or writing uploads under Next.js `public/`, publishes every uploaded file to anyone who has or guesses its URL.',
      fix: 'Keep uploads outside any statically served folder (or in private object storage) and serve each one from a route that authenticates the requester and checks they may read it; at least put the authentication middleware in front of the static mount.',
      invalid: "app.use('/uploads', express.static(path.join(__dirname, 'uploads')));",
      valid: "app.use('/uploads', ensureAuthenticated, express.static(path.join(__dirname, 'uploads')));",
      recognises: STATIC_UPLOADS_COVERAGE,
    },
    ...ACCESS_OPTIONS,
  },
  create(context) {
    return {
      js: {
        'Program:exit'(program) {
          const analysis = analyseRoutes(context, program);
          // Mounts often sit in a plugin function: its own constants count (names declared twice do not).
          const values = declaredValues([program]);
          const mounts = staticMounts(program, analysis.imports);
          const destinations = uploadDestinations(program);
          const pictures = takesPictures(program);
          // Public pictures (avatars, covers) are often meant to be served: say so, at info.
          const served = pictures
            ? { message: `The upload folder is served as public static files with no authentication in front: every file uploaded there is reachable by its URL. This file's upload handling points to pictures (${pictures}), often meant to be public: check that no document is ever written there.`, severity: 'info' as const }
            : { message: UPLOADS_SERVED };
          // The folder itself decides: `public/uploads` holds uploads, `uploads/avatars` public pictures.
          const isUploadFolder = (node: Node | undefined) => {
            const segments = node ? folderSegments([node], values) : [];
            const last = segments[segments.length - 1] ?? '';
            return !(PUBLIC_SEGMENT.test(last) && !UPLOAD_FOLDER.test(last)) && segments.some((segment) => UPLOAD_FOLDER.test(segment) || destinations.has(segment));
          };
          for (const { call, target, folder, mountPath } of mounts) {
            if (!isUploadFolder(folder) && !isUploadFolder(mountPath)) continue;
            const guarded = analysis.authBefore(target, call) || call.arguments.some((arg) => arg.type !== 'Literal' && arg.type !== 'TemplateLiteral' && analysis.checks.isAuth(arg));
            if (guarded) continue;
            context.report({
              ...rangeOf(call),
              ...served,
              when: analysis.authElsewhere({ authElsewhere: 'mounted-behind-auth' }, false),
              fixes: analysis.knownAuth && mountPath && call.arguments.includes(mountPath as TSESTree.CallExpressionArgument)
                ? [{ title: `Require authentication: add ${analysis.knownAuth} before the static files`, safe: false, edits: [{ start: mountPath.range[1], end: mountPath.range[1], newText: `, ${analysis.knownAuth}` }] }]
                : [],
            });
          }
          for (const route of hapiDirectoryRoutes(program)) {
            if (!isUploadFolder(route.folder) || route.auth.required || analysis.authBefore(route.server, route.node)) continue;
            context.report({ ...rangeOf(route.node), ...served, when: route.auth.optedOut ? undefined : analysis.authElsewhere({ authElsewhere: 'global-auth' }, false) });
          }
          if (NEXT_SERVER_FILE.test(context.path)) reportPublicWrites(program);
          if (STRAPI_MIDDLEWARES_FILE.test(context.path)) reportStrapiPublicUploads(program);
          const provider = STRAPI_PLUGINS_FILE.test(context.path) ? strapiUploadProvider(program, (node) => context.getText(node)) : undefined;
          if (provider !== undefined && provider !== 'local') context.addFact({ kind: 'remote-uploads', provider });
        },
      },
    };

    /** Strapi media are often meant to be public: information, unless a configuration stores uploads elsewhere. */
    function reportStrapiPublicUploads(program: TSESTree.Program): void {
      const middleware = strapiPublicMiddleware(program);
      if (middleware) context.report({ ...rangeOf(middleware), message: STRAPI_PUBLIC_UPLOADS, severity: 'info', when: { fact: 'remote-uploads', module: context.path, holds: false } });
    }

    /** Next.js serves `public/` as is: uploads written there are public. */
    function reportPublicWrites(program: TSESTree.Program): void {
      for (const node of descendants(program)) {
        if (node.type !== 'CallExpression' || !WRITE_CALLS.has(calleeName(node) ?? '')) continue;
        const destination = node.arguments[calleeName(node)?.startsWith('rename') || calleeName(node)?.startsWith('copy') || calleeName(node) === 'mv' ? 1 : 0];
        if (!destination || !folderSegments([destination], new Map()).includes('public')) continue;
        context.report({ ...rangeOf(node), message: 'Uploaded files are written under public/, which Next.js serves to anyone: every uploaded document is reachable by its URL.' });
      }
    }
  },
});

/** Folders multer/formidable/busboy write uploads to in this file (`dest`, `destination`, `uploadDir`). */
function uploadDestinations(program: TSESTree.Program): Set<string> {
  const folders = new Set<string>();
  for (const node of descendants(program)) {
    if (node.type !== 'Property' || !/^(dest|destination|uploadDir)$/.test(staticName(node.key) ?? '')) continue;
    const value = node.value as Node;
    // destination: (req, file, cb) => cb(null, 'uploads/')
    const source = value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression' ? value.body : value;
    // The folder itself (`public/uploads` → uploads); picture folders are meant to be public.
    const folder = folderSegments([source], new Map()).pop();
    if (folder && !/^(public|static|assets|images?|img|avatars?|photos?|pictures?|thumbnails?)$/i.test(folder)) folders.add(folder);
  }
  return folders;
}

/**
 * What says this file's uploads are pictures: an upload route (POST/PUT) whose path names pictures
 * (`/albums/{id}/covers`), an `image/…` MIME type, or an image validation or resizing call.
 */
function takesPictures(program: TSESTree.Program): string | undefined {
  for (const node of descendants(program)) {
    if (node.type === 'Literal' && typeof node.value === 'string' && /^image\//.test(node.value)) return `'${node.value}'`;
    if (node.type === 'CallExpression' && IMAGE_CALL.test(calleeName(node) ?? '')) return `${calleeName(node)}()`;
    const route = uploadRoutePath(node);
    if (route?.split(/[/\\]/).some((segment) => PICTURE_SEGMENT.test(segment))) return route;
  }
  return undefined;
}

/** The path of an upload route: Hapi `{ method: 'POST', path }`, Express/Fastify/Koa `.post(path, …)`. */
function uploadRoutePath(node: Node): string | undefined {
  if (node.type === 'ObjectExpression' && /^(POST|PUT)$/i.test(staticName(objectProperty(node, 'method')?.value as Node) ?? '')) return staticName(objectProperty(node, 'path')?.value as Node);
  if (node.type === 'CallExpression' && /^(post|put)$/.test(calleeName(node) ?? '') && node.callee.type === 'MemberExpression' && node.arguments[0]?.type === 'Literal') return staticName(node.arguments[0]);
  return undefined;
}
