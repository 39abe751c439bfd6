// The folder that receives users' uploads is also served as static files, with no authentication
// in front: every uploaded document is one URL away (Sergic's /documents/upload/eresa/X.pdf).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { anyKeyword, createRule, rangeOf } from '../api';
import { calleeName, descendants, memberChain, staticName } from '../ast';
import { STATIC_MODULES, UPLOAD_FOLDER } from './frameworks';
import { ROUTING_KEYWORDS, routesAreStatementScoped } from './prefilter';
import { ACCESS_OPTIONS, type AccessOptions, analyseRoutes } from './routes';

type Node = TSESTree.Node;

const WRITE_CALLS = new Set(['writeFile', 'writeFileSync', 'createWriteStream', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'mv']);
/** Static-file middlewares. Not bare `static` or `public`: TypeScript class members would have every class file parsed for nothing. */
const STATIC_KEYWORDS = ['.static(', 'serve-static', 'serveStatic', 'koa-static', '@fastify/static', 'fastify-static', 'fastifyStatic', 'sirv', 'serve-handler', "'st'", '"st"'];
const STATIC_MIDDLEWARE = anyKeyword(STATIC_KEYWORDS);
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
    ignoresTestFiles: true,
    // Static-file middlewares, and upload writes under Next.js public/; routing, for the
    // authentication mounted in front of them.
    keywords: [...STATIC_KEYWORDS, 'public/', "'public'", '"public"', ...ROUTING_KEYWORDS],
    statementScoped: routesAreStatementScoped,
    // A static middleware mounted with use/register, or a write in a Next.js server file.
    evidence: (text, path) => (MOUNT_CALL.test(text) && STATIC_MIDDLEWARE.test(text)) || (NEXT_SERVER_FILE.test(path) && WRITE_CALL_TEXT.test(text)),
    docs: {
      why:
        'SERGIC was fined €400,000 (SAN-2019-005) because the documents rental applicants uploaded were reachable without authentication at URLs such as /documents/upload/eresa/X.pdf; Active Assurances exposed customer documents by URL too. Serving the upload folder with a static-file middleware, or writing uploads under Next.js `public/`, publishes every uploaded file to anyone who has or guesses its URL.',
      fix: 'Keep uploads outside any statically served folder (or in private object storage) and serve each one from a route that authenticates the requester and checks they may read it; at least put the authentication middleware in front of the static mount.',
      invalid: "app.use('/uploads', express.static(path.join(__dirname, 'uploads')));",
      valid: "app.use('/uploads', ensureAuthenticated, express.static(path.join(__dirname, 'uploads')));",
    },
    ...ACCESS_OPTIONS,
  },
  create(context) {
    return {
      js: {
        'Program:exit'(program) {
          const analysis = analyseRoutes(context, program);
          const staticNames = staticImports(program);
          const destinations = uploadDestinations(program);
          const isUploadFolder = (node: Node) => literalSegments(node).some((segment) => UPLOAD_FOLDER.test(segment) || destinations.has(segment));
          for (const node of descendants(program)) {
            if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') continue;
            const method = staticName(node.callee.property);
            if (method !== 'use' && method !== 'register') continue;
            const target = memberChain(node.callee.object).join('.');
            const args = node.arguments as Node[];
            const served = method === 'register' ? registeredStaticRoot(args, staticNames) : args.map((arg) => staticRoot(arg, staticNames)).find(Boolean);
            if (!served) continue;
            const mountPath = args[0]?.type === 'Literal' && typeof args[0].value === 'string' ? args[0] : undefined;
            if (!isUploadFolder(served) && !(mountPath && isUploadFolder(mountPath))) continue;
            const guarded = analysis.authBefore(target, node) || args.some((arg) => arg.type !== 'Literal' && analysis.checks.isAuth(arg));
            if (guarded) continue;
            context.report({
              ...rangeOf(node),
              message: 'The upload folder is served as public static files with no authentication in front: every uploaded document is reachable by its URL.',
              when: analysis.authElsewhere({ authElsewhere: 'mounted-behind-auth' }, false),
              fixes: analysis.knownAuth && mountPath
                ? [{ title: `Require authentication: add ${analysis.knownAuth} before the static files`, safe: false, edits: [{ start: mountPath.range[1], end: mountPath.range[1], newText: `, ${analysis.knownAuth}` }] }]
                : [],
            });
          }
          if (NEXT_SERVER_FILE.test(context.path)) reportPublicWrites(program);
        },
      },
    };

    /** Next.js serves `public/` as is: uploads written there are public. */
    function reportPublicWrites(program: TSESTree.Program): void {
      for (const node of descendants(program)) {
        if (node.type !== 'CallExpression' || !WRITE_CALLS.has(calleeName(node) ?? '')) continue;
        const destination = node.arguments[calleeName(node)?.startsWith('rename') || calleeName(node)?.startsWith('copy') || calleeName(node) === 'mv' ? 1 : 0];
        if (!destination || !literalSegments(destination).includes('public')) continue;
        context.report({ ...rangeOf(node), message: 'Uploaded files are written under public/, which Next.js serves to anyone: every uploaded document is reachable by its URL.' });
      }
    }
  },
});

/** Local names bound to static-file middleware: `serveStatic`, `koaStatic`, `fastifyStatic`, `express` (for express.static). */
function staticImports(program: TSESTree.Program): Map<string, string> {
  const names = new Map<string, string>();
  for (const node of descendants(program)) {
    const source =
      node.type === 'ImportDeclaration' ? node.source.value : node.type === 'VariableDeclarator' && node.init?.type === 'CallExpression' && calleeName(node.init) === 'require' ? staticName(node.init.arguments[0]) : undefined;
    if (!source || (!STATIC_MODULES.has(source) && source !== 'express')) continue;
    if (node.type === 'ImportDeclaration') for (const specifier of node.specifiers) names.set(specifier.local.name, source);
    else if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') names.set(node.id.name, source);
  }
  return names;
}

/** The folder argument of `express.static(dir)` / `serveStatic(dir)` / `koaStatic(dir)` / `sirv(dir)`. */
function staticRoot(node: Node, staticNames: Map<string, string>): Node | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const chain = memberChain(node.callee);
  const isStatic = (chain.length === 2 && chain[1] === 'static' && staticNames.get(chain[0]) === 'express') || (chain.length === 1 && STATIC_MODULES.has(staticNames.get(chain[0]) ?? ''));
  return isStatic ? (node.arguments[0] as Node | undefined) : undefined;
}

/** `fastify.register(fastifyStatic, { root })`. */
function registeredStaticRoot(args: Node[], staticNames: Map<string, string>): Node | undefined {
  const [plugin, options] = args;
  if (plugin?.type !== 'Identifier' || !STATIC_MODULES.has(staticNames.get(plugin.name) ?? '') || options?.type !== 'ObjectExpression') return undefined;
  const root = options.properties.find((property) => property.type === 'Property' && staticName(property.key) === 'root');
  return root?.type === 'Property' ? (root.value as Node) : undefined;
}

/** Folder names of the string literals in a path expression: `path.join(__dirname, '../uploads/docs')` → ['uploads', 'docs']. */
function literalSegments(node: Node): string[] {
  return [node, ...descendants(node)].flatMap((child) =>
    child.type === 'Literal' && typeof child.value === 'string' ? child.value.split(/[/\\]/).filter((segment) => segment && segment !== '.' && segment !== '..') : [],
  );
}

/** Folders multer/formidable/busboy write uploads to in this file (`dest`, `destination`, `uploadDir`). */
function uploadDestinations(program: TSESTree.Program): Set<string> {
  const folders = new Set<string>();
  for (const node of descendants(program)) {
    if (node.type !== 'Property' || !/^(dest|destination|uploadDir)$/.test(staticName(node.key) ?? '')) continue;
    const value = node.value as Node;
    // destination: (req, file, cb) => cb(null, 'uploads/')
    const source = value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression' ? value.body : value;
    // The folder itself (`public/uploads` → uploads); picture folders are meant to be public.
    const folder = literalSegments(source).pop();
    if (folder && !/^(public|static|assets|images?|img|avatars?|photos?|pictures?|thumbnails?)$/i.test(folder)) folders.add(folder);
  }
  return folders;
}
