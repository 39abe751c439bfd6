// What the access-control rules know about frameworks and SDKs, as data: the calls that hand a
// stored file out, the files that are endpoints by convention, the folders that hold uploads or
// public assets. The analysis modules read these tables; new frameworks start here.

/** Calls that hand a file out or read it for a response, as prefilter text: where findings come from. */
export const SINK_KEYWORDS = [
  'sendFile', '.download(', '.downloadTo', 'createReadStream', 'readFile', 'GetObject', 'getSignedUrl', 'openDownloadStream', 'Content-Disposition', '.attachment(',
  'getBlobClient', 'getBlockBlobClient', 'generateBlobSAS', 'generateSasUrl', 'presigned', 'koa-send', '.file(', 'StreamableFile', 'FileStream',
  'storage.get(', 'bucket.get(', 'Bun.file(', '.body)',
];

/** Route methods of Express, Koa routers, Fastify, Hapi and NestJS decorators (lower-cased). */
export const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
/** Exports of endpoint files that are handlers: Next.js app routes, SvelteKit endpoints, Remix loaders/actions. */
export const EXPORTED_VERBS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'loader', 'action']);
/** Exports that make any module a Remix / React Router route module. */
export const ROUTE_MODULE_EXPORTS = new Set(['loader', 'action']);

/** Next.js pages/api and route handlers, SvelteKit endpoints, Remix routes. */
export const ENDPOINT_FILE = /(^|\/)pages\/api\/|(^|\/)(route|\+server)\.[cm]?[jt]s$|(^|\/)app\/routes\//;
/** Next.js middleware (`proxy` since Next 16). */
export const NEXT_MIDDLEWARE_FILE = /(^|\/)(src\/)?(middleware|proxy)\.[cm]?[jt]s$/;
/** Packages whose import in Next.js middleware means it authenticates. */
export const AUTH_PACKAGE = /^(next-auth|@auth\/|@clerk\/|@auth0\/|@supabase\/|@kinde-oss\/|better-auth|lucia|@workos-inc\/|next-firebase-auth)/;

/** Reads of a stored file by its location: fs, GridFS. */
export const FILE_READS = new Set(['createReadStream', 'readFile', 'readFileSync', 'openDownloadStream', 'openDownloadStreamByName']);
/** Object storage reads with the key among their arguments: AWS SDK v2 `s3.getObject(params)`, MinIO `getObject(bucket, name)`. */
export const OBJECT_READS = new Set(['getObject', 'presignedGetObject']);
/** AWS SDK v3 commands that read an object (`new GetObjectCommand({ Key })`), and those that write one. */
export const READ_COMMANDS = new Set(['GetObjectCommand']);
export const WRITE_COMMAND = /^(?:Put|Upload|CreateMultipartUpload|CompleteMultipartUpload|Delete|Copy)\w*Command$/;
/** AWS SDK v2 `getSignedUrl(operation, …)` operations and MinIO `presignedUrl(method, …)` methods that do not read. */
export const WRITE_OPERATION = /^(?:put|upload|delete|createMultipart|completeMultipart|copy|post)/i;
/** Calls that locate one stored object, read through a method of the result: GCS `bucket.file(name)`, Azure `getBlobClient(name)`. */
export const LOCATORS = new Set(['file', 'getBlobClient', 'getBlockBlobClient', 'getAppendBlobClient', 'getPageBlobClient']);
/** Methods that read a located object, or sign a URL to it (GCS `getSignedUrl`, Azure `generateSasUrl`). */
export const LOCATOR_READS = new Set(['createReadStream', 'download', 'downloadToBuffer', 'downloadToFile', 'getSignedUrl', 'generateSasUrl']);
/** Azure SAS for a blob name among the options: `generateBlobSASQueryParameters({ blobName, permissions }, credential)`. */
export const SAS_CALLS = new Set(['generateBlobSASQueryParameters']);
/** GCS signed-URL actions that do not read. */
export const WRITE_ACTION = /^(?:write|delete|resumable)$/;
/**
 * Calls whose result is a stored file's content, by name: storage wrappers (`storage.getFileStream(key)`,
 * `files.download(id)`) and SDK reads; not `getFile`/`getDocument`, which as often return a database record.
 * A response that sends such a value hands the file out.
 */
export const STORED_FILE_CALL = /^(?:download\w*|get\w*(?:Stream|Buffer|Blob|Content|Bytes)|getObject|read\w*(?:File|Stream)\w*|open\w*Stream\w*|createReadStream)$/i;
/** Objects whose `get(key)` returns a stored file: Remix file-storage (`uploadsStorage`), Cloudflare R2 bindings (`env.BUCKET`). */
export const STORAGE_OBJECT = /storage$|bucket$|^blobs?$|fileStore$/i;
/** Response methods and constructors that take a body: Express, Fastify, Hapi, Fetch API (Next.js, SvelteKit, Remix), NestJS. */
export const BODY_METHODS = new Set(['send', 'end', 'write', 'response']);
export const BODY_CONSTRUCTORS = new Set(['Response', 'NextResponse', 'StreamableFile']);

/** Response methods that send the file at a path (Express `res.download`/`sendFile`, Express 3 `sendfile`). */
export const PATH_RESPONSES = new Set(['download', 'sendFile', 'sendfile']);
/** Response methods that send a body: a document when the handler sets Content-Disposition. */
export const SEND_METHODS = new Set(['send', 'end', 'write', 'json', 'pipe']);

/** Fields of a request that carry client input. */
export const CLIENT_FIELDS = new Set(['params', 'query', 'body', 'searchParams', 'url', 'headers']);
/** Headers that carry the requester's credentials: they authenticate, they do not choose a document. */
export const CREDENTIAL_HEADER = /^(authorization|x-api-key|api-key|x-auth-token|x-access-token|cookie)$/i;

/** Folders and URL segments of assets everyone may fetch. */
export const PUBLIC_SEGMENT =
  /(^|[/\\])(public|static|assets|images?|img|icons?|fonts?|css|avatars?|thumbnails?|products?|catalog(?:ue)?s?|dist|build|views|templates|locales?|translations?|i18n|favicon\.ico)([/\\]|$)/i;
/** Folder names that hold users' uploads (`public/uploads` is uploads, not assets). */
export const UPLOAD_FOLDER = /^(uploads?|user[-_]?uploads?|documents?|attachments?|files|private|storage|user[-_]?(?:content|files|data)|tmp[-_]?uploads?)$/i;
/** Folder names of documents the app generates for its users (`public/download/invoice-12.pdf` is an invoice, not an asset). */
export const DOCUMENT_FOLDER = /^(downloads?|invoices?|receipts?|statements?|contracts?|payslips?)$/i;

/** Static-file middleware packages (Express, Koa, Fastify, Polka/Vercel serve). */
export const STATIC_MODULES = new Set(['serve-static', 'koa-static', 'koa-static-cache', 'sirv', '@fastify/static', 'fastify-static', 'st', 'serve-handler']);
/** Hono's adapters, whose `serveStatic({ root })` is one export among others. */
export const HONO_STATIC_MODULES = new Set(['hono/serve-static', 'hono/bun', 'hono/deno', 'hono/cloudflare-workers', '@hono/node-server/serve-static']);
/** Middleware that mounts another at a path (Koa). */
export const MOUNT_MODULES = new Set(['koa-mount']);

/** What the served-file rules recognise, for their documentation (README table, rule pages). */
export const SERVED_FILE_COVERAGE =
  'Frameworks: Hono (`c.req.param`/`query`, `c.body`, `new Response`, sub-apps mounted with `app.route`), Express (with routers mounted in other files, and handlers, helpers and services of other modules followed from the route through the modules they call: the finding is reported at the route and names the file that serves the document), Koa (koa-router, v1 generators, koa-send), Fastify, Hapi (inert, route modules), NestJS, Next.js (pages/api and app routes), SvelteKit endpoints, Remix loaders, file-routed modules (`export default { method, handler }`). ' +
  'Sinks: `res.download`/`sendFile`, `reply.sendFile`, `h.file`, koa-send, fs reads and streams piped or passed to `pipeline()` into the response, `res.send`/`end` and `ctx.body =` of a stored file, `new Response`/`NextResponse`/`StreamableFile`; ' +
  'object storage reads (Cloudflare R2 bindings `env.X.get(key)`, AWS SDK v2 `getObject`, v3 `GetObjectCommand`, GCS `file().createReadStream()`/`download()`, Azure `getBlobClient().download()`, GridFS `openDownloadStream`, MinIO `getObject`) and signed URLs that read (`getSignedUrl` v2/v3 and GCS, Azure SAS with read permission, MinIO `presignedGetObject`; not upload URLs). ' +
  'The document id may come from params, query, body, custom headers or a path glob. ' +
  'A body the handler builds (a CSV or JSON export of query results) is not a stored file; higher-order wrappers (`withAuth(handler)`, `withWorkspace(…)`) authenticate when their definition in another module reads a session or answers 401, or by convention when it cannot be read. ' +
  'Not reported: files under a public folder (`public`, `static`, `assets`, `images`…, unless an upload folder or a generated-documents folder such as `download` or `invoices` sits inside it), files the app ships (a path from `__dirname`, `import.meta.dirname` or `process.cwd()`, through no upload folder, to a file name or extension the code fixes, such as an OpenAPI spec), and share links found through a secret token the link carries.';

/** What the public-upload rule recognises, for its documentation. */
export const STATIC_UPLOADS_COVERAGE =
  'Static mounts: `express.static`, serve-static, Hono `serveStatic({ root })` (hono/bun, hono/deno, hono/cloudflare-workers, @hono/node-server), Strapi `strapi::public` with the default local upload provider (information, unless config/plugins names another provider), koa-static (also under koa-mount), `@fastify/static` (imported or required inline), sirv, serve-handler, Hapi inert `directory` handlers; ' +
  'folders and mount paths built from variables and template literals (`public/uploads` is uploads, `uploads/avatars` public pictures); uploads written under Next.js `public/`. ' +
  'When the upload handling of the file points to pictures (an `image/…` MIME type, a sharp or jimp call, an upload route whose path names covers, avatars, photos…), the finding is information: public pictures are often intended, and the message asks to check that no document is ever written there.';
