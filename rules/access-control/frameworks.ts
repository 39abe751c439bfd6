// What the access-control rules know about frameworks and SDKs, as data: the calls that hand a
// stored file out, the files that are endpoints by convention, the folders that hold uploads or
// public assets. The analysis modules read these tables; new frameworks start here.

/** Calls that hand a file out or read it for a response, as prefilter text: where findings come from. */
export const SINK_KEYWORDS = [
  'sendFile', '.download(', 'createReadStream', 'readFile', 'GetObject', 'getSignedUrl', 'openDownloadStream', 'Content-Disposition', '.attachment(',
  'getBlobClient', 'getBlockBlobClient', 'koa-send', '.file(',
];

/** Route methods of Express, Koa routers, Fastify, Hapi and NestJS decorators (lower-cased). */
export const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
/** Exports of endpoint files that are handlers: Next.js app routes, SvelteKit endpoints, Remix loaders/actions. */
export const EXPORTED_VERBS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'loader', 'action']);

/** Next.js pages/api and route handlers, SvelteKit endpoints, Remix routes. */
export const ENDPOINT_FILE = /(^|\/)pages\/api\/|(^|\/)(route|\+server)\.[cm]?[jt]s$|(^|\/)app\/routes\//;
/** Next.js middleware (`proxy` since Next 16). */
export const NEXT_MIDDLEWARE_FILE = /(^|\/)(src\/)?(middleware|proxy)\.[cm]?[jt]s$/;
/** Packages whose import in Next.js middleware means it authenticates. */
export const AUTH_PACKAGE = /^(next-auth|@auth\/|@clerk\/|@auth0\/|@supabase\/|@kinde-oss\/|better-auth|lucia|@workos-inc\/|next-firebase-auth)/;

/** Reads of a stored file by its location: fs, GridFS, Azure Blob clients. */
export const FILE_READS = new Set(['createReadStream', 'readFile', 'readFileSync', 'openDownloadStream', 'openDownloadStreamByName', 'getBlobClient', 'getBlockBlobClient']);
/** Response methods that send the file at a path (Express `res.download`/`sendFile`, Express 3 `sendfile`). */
export const PATH_RESPONSES = new Set(['download', 'sendFile', 'sendfile']);
/** Response methods that send a body: a document when the handler sets Content-Disposition. */
export const SEND_METHODS = new Set(['send', 'end', 'write', 'json', 'pipe']);

/** Fields of a request that carry client input. */
export const CLIENT_FIELDS = new Set(['params', 'query', 'body', 'searchParams', 'url']);

/** Folders and URL segments of assets everyone may fetch. */
export const PUBLIC_SEGMENT = /(^|[/\\])(public|static|assets|images?|img|icons?|fonts?|css|avatars?|thumbnails?|dist|build|views|templates|locales?|translations?|i18n|favicon\.ico)([/\\]|$)/i;
/** Folder names that hold users' uploads (`public/uploads` is uploads, not assets). */
export const UPLOAD_FOLDER = /^(uploads?|user[-_]?uploads?|documents?|attachments?|files|private|storage|user[-_]?(?:content|files|data)|tmp[-_]?uploads?)$/i;

/** Static-file middleware packages (Express, Koa, Fastify, Polka/Vercel serve). */
export const STATIC_MODULES = new Set(['serve-static', 'koa-static', 'koa-static-cache', 'sirv', '@fastify/static', 'fastify-static', 'st', 'serve-handler']);
