// The prefilter decides which files are parsed at all: it must rule out the files real projects
// are full of (client code calling a download helper, translation files, URLs to CDNs, tests)
// and keep every file a rule could report on or state a fact for.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../rules/api';
import { rules } from '../rules/index';
import { lintText } from '../server/src/engine/lint';

const only = (id: string) => ({ rules: rules.filter((rule) => rule.meta.id === id) });
const parsedFor = (id: string, text: string, path: string) => lintText(text, path, only(id)).parsed;

describe('test files', () => {
  it('are never parsed for rules that ignore them, whatever they contain', () => {
    const weak = "const schema = z.object({ password: z.string().min(4) });";
    expect(lintText(weak, 'src/signup.ts').findings).toHaveLength(1);
    for (const path of ['src/signup.test.ts', 'src/__tests__/signup.ts', 'e2e/signup.spec.tsx', 'test/fixtures/signup.ts']) {
      expect(lintText(weak, path).parsed, path).toBe(false);
    }
  });

  it('are linted for a rule that declares the test context', () => {
    const base = rules.find((rule) => rule.meta.id === 'weak-password-policy')!;
    const forTests: Rule<unknown> = { ...(base as Rule<unknown>), meta: { ...(base as Rule<unknown>).meta, contexts: ['production', 'test'] } };
    expect(lintText('const p = { password: z.string().min(4) };', 'a.test.ts', { rules: [forTests] }).parsed).toBe(true);
  });
});

describe('evidence after the keywords', () => {
  it('is asked with the text, the path and the adapter, only when a keyword matched', () => {
    const calls: unknown[][] = [];
    const rule: Rule<Record<string, never>> = {
      meta: { ...rules[0].meta, id: 'probe', keywords: ['needle'], evidence: (...args) => (calls.push(args), args[0].includes('sharp')), defaultOptions: {} } as Rule<Record<string, never>>['meta'],
      create: () => ({}),
    };
    expect(lintText('const hay = 1;', 'a.ts', { rules: [rule] }).parsed).toBe(false);
    expect(calls).toEqual([]);
    expect(lintText('const needle = 1;', 'a.ts', { rules: [rule] }).parsed).toBe(false);
    expect(lintText('const sharp_needle = 1;', 'b.ts', { rules: [rule] }).parsed).toBe(true);
    expect(calls).toEqual([
      ['const needle = 1;', 'a.ts', 'js'],
      ['const sharp_needle = 1;', 'b.ts', 'js'],
    ]);
  });
});

describe('tracker-before-consent', () => {
  it('parses a `src` only next to a tracker URL', () => {
    const image = 'export const Avatar = ({ src }) => <img src={src} alt="" />;\nconst docs = "https://example.com/help";';
    expect(parsedFor('tracker-before-consent', image, 'app/Avatar.tsx')).toBe(false);
    const cdn = '<script src="https://cdn.jsdelivr.net/npm/alpinejs@3/dist/cdn.min.js"></script>';
    expect(parsedFor('tracker-before-consent', cdn, 'index.html')).toBe(false);
    const tag = '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>';
    expect(parsedFor('tracker-before-consent', tag, 'index.html')).toBe(true);
    expect(lintText(tag, 'index.html').findings.map((finding) => finding.ruleId)).toContain('tracker-before-consent');
  });

  it('does not parse tracker URLs kept as data', () => {
    const links = 'export const examples = [{ url: "https://www.youtube.com/watch?v=1" }, { url: "https://www.facebook.com/acme" }];';
    expect(parsedFor('tracker-before-consent', links, 'app/examples.ts')).toBe(false);
    const injected = "const s = document.createElement('script');\ns.src = 'https://www.googletagmanager.com/gtm.js?id=' + id;";
    expect(parsedFor('tracker-before-consent', injected, 'app/gtm.ts')).toBe(true);
    const loader = "(function(i,s,o,g,r,a,m){a=s.createElement(o);a.async=1;a.src=g;\n})(window,document,'script','//www.google-analytics.com/analytics.js','ga');";
    expect(parsedFor('tracker-before-consent', loader, 'assets/analytics.js')).toBe(true);
    expect(parsedFor('tracker-before-consent', loader.replace("'//www", "'https://www"), 'assets/analytics.js')).toBe(true);
  });

  it('parses a config file only when it is a Hugo or Jekyll site config holding a Google tag id', () => {
    expect(parsedFor('tracker-before-consent', 'google_analytics: G-ABC1234\n', '_config.yml')).toBe(true);
    expect(parsedFor('tracker-before-consent', '[services.googleAnalytics]\nid = "G-ABC1234"\n', 'config/_default/hugo.toml')).toBe(true);
    expect(parsedFor('tracker-before-consent', '{ "name": "site", "dependencies": { "gatsby-plugin-google-gtag": "^5.0.0" } }', 'package.json')).toBe(false);
    expect(parsedFor('tracker-before-consent', 'analytics:\n  enabled: true\n', 'config.yml')).toBe(false);
    expect(parsedFor('tracker-before-consent', 'events:\n  analytics: G-ABC1234\n', 'locales/en.yml')).toBe(false);
    expect(parsedFor('tracker-before-consent', '{ "googleAnalyticsId": "G-ABC1234" }', 'content/config.json')).toBe(false);
  });

  it('parses an SDK call without any URL, and not a priority queue named heap', () => {
    expect(parsedFor('tracker-before-consent', "posthog.init('phc_key');", 'app/analytics.ts')).toBe(true);
    expect(parsedFor('tracker-before-consent', "heap.load('123');", 'app/analytics.ts')).toBe(true);
    expect(parsedFor('tracker-before-consent', 'const img = { src: heap.pop() };', 'app/queue.ts')).toBe(false);
  });
});

describe('access-control rules', () => {
  const route = "const fs = require('fs');\napp.get('/files/:name', (req, res) => res.sendFile(`/srv/${req.params.name}`));";

  it('parse a sink inside a route, an endpoint file or an exported controller', () => {
    expect(parsedFor('download-without-auth', route, 'server/app.js')).toBe(true);
    expect(lintText(route, 'server/app.js').findings.map((finding) => finding.ruleId)).toContain('download-without-auth');
    const controller = 'exports.download = (req, res) => res.download(`/srv/${req.params.file}`);';
    expect(parsedFor('download-without-auth', controller, 'controllers/files.js')).toBe(true);
    const typed = 'export async function download(req: Request, res: Response) { res.sendFile(req.query.path as string); }';
    expect(parsedFor('download-without-auth', typed, 'controllers/files.ts')).toBe(true);
    const endpoint = 'export async function GET(request: NextRequest) { return new Response(await readFile(request.nextUrl.searchParams.get("f")!)); }';
    expect(parsedFor('download-without-auth', endpoint, 'app/api/file/route.ts')).toBe(true);
    const nest = '@Controller("files") export class Files { @Get(":id") get(@Param("id") id: string) { return new StreamableFile(createReadStream(id)); } }';
    expect(parsedFor('download-without-auth', nest, 'src/files.controller.ts')).toBe(true);
  });

  it('take a verb call for a route only with a literal path and a handler after it', () => {
    const client = "const type = headers.get('content-disposition');\nconst name = params.get('name');\nsaveAs(await res.blob(), name);\nconst data = await readFile(type);";
    expect(parsedFor('download-without-auth', client, 'app/save.ts')).toBe(false);
    for (const route of ["router.get('/f/:id', auth, send);", 'app.get(/^\\/files\\/(.+)$/, handler);', 'app.get(`/files/${prefix}`, handler);', "router.all(['/a', '/b'], handler);"]) {
      expect(parsedFor('download-without-auth', `${route}\nconst data = await readFile(req.params.path);`, 'server/routes.js'), route).toBe(true);
    }
  });

  it('skip routes whose files cannot come from client input', () => {
    const templates = "router.get('/', (_req, res) => res.send(render(readFileSync('index.html', 'utf8'))));";
    expect(parsedFor('download-without-auth', templates, 'server/app.js')).toBe(false);
    expect(parsedFor('download-without-auth', templates.replace("'index.html'", 'req.query.page'), 'server/app.js')).toBe(true);
  });

  it('skip client code that downloads, and server code that reads files outside any route', () => {
    const client = "import { download } from './utils';\nexport const save = () => download(url, 'report.csv');\nawait Promise.all([a, b]);";
    expect(parsedFor('download-without-auth', client, 'app/actions.tsx')).toBe(false);
    const script = "const { readFile } = require('fs/promises');\nconst manifest = JSON.parse(await readFile('manifest.json', 'utf8'));";
    expect(parsedFor('download-without-auth', script, 'scripts/release.js')).toBe(false);
  });

  it('read client input from handler parameters and a request body, not from client code naming the same words', () => {
    const client =
      "export const exportDoc = async (document) => {\n  await document.download({ contentType: 'text/markdown' });\n  const res = await client.post('/documents.export', { id: document.id });\n  history.push(searchPath({ query }));\n  return (await res.json()).data;\n};";
    expect(parsedFor('download-without-auth', client, 'app/actions/documents.tsx')).toBe(false);
    const handlers = [
      "router.get('/f/:id', async ({ params }, res) => res.download(params.id));",
      "export async function GET(request: Request, { params }: { params: Promise<{ key: string }> }) {\n  return new Response(await readFile(`/srv/${(await params).key}`));\n}",
      "router.post('/f', async ({ body }): Promise<void> => { createReadStream(body.path); });",
      "router.post('/f', async (ctx) => { const { path } = await ctx.request.json(); ctx.body = createReadStream(path); });",
      "app.post('/f', async (request) => { const { path } = await request.json(); return sendFile(path); });",
    ];
    for (const handler of handlers) expect(parsedFor('download-without-auth', handler, 'server/files.ts'), handler).toBe(true);
  });

  it('parse route objects and Remix route modules, not fetch() options or download flags of client code', () => {
    const hapi = "module.exports = [{ method: 'GET', path: '/ids/{name}', handler: (request, h) => h.file(request.params.name) }];";
    expect(parsedFor('download-without-auth', hapi, 'src/api/ids/routes.js')).toBe(true);
    const loader = "export async function loader({ params }) {\n  return new Response((await storage.get(params.key)).stream());\n}";
    expect(parsedFor('download-without-auth', loader, 'app/resources/uploads.tsx')).toBe(true);
    const client = "export const save = async (id, body) => {\n  await fetch(`/api/${id}`, { method: 'POST', body });\n  if (link.allowDownload) window.open(storage.url);\n};";
    expect(parsedFor('download-without-auth', client, 'components/save.tsx')).toBe(false);
  });

  it('parse routing that names a relative module (a fact), not a plugin registration without one', () => {
    expect(parsedFor('download-without-auth', "import docs from './docs';\napp.use('/docs', auth, docs);", 'server/app.ts')).toBe(true);
    expect(parsedFor('download-without-auth', "import i18n from 'i18next';\ni18n.use(initReactI18next);", 'app/i18n.ts')).toBe(false);
    expect(parsedFor('download-without-auth', "import routes from './routes';\nawait app.register(routes, { prefix: '/api' });", 'server/app.ts')).toBe(true);
    const form = "import { Input } from './Input';\nexport const Form = () => <Input {...form.register('name', { required: true })} />;";
    expect(parsedFor('download-without-auth', form, 'app/Form.tsx')).toBe(false);
  });

  it('parse Next.js middleware keywords only in the middleware file', () => {
    const middleware = "export { default } from 'next-auth/middleware';\nexport const config = { matcher: ['/dashboard/:path*'] };";
    expect(parsedFor('download-without-auth', middleware, 'src/middleware.ts')).toBe(true);
    expect(parsedFor('download-without-auth', 'const matcher = new Matcher(words);', 'app/search.ts')).toBe(false);
  });
});

describe('weak-password-policy in configuration files', () => {
  it('skips translation files that only name passwords', () => {
    const translations = JSON.stringify({ 'Password': 'Mot de passe', 'Forgot password?': 'Mot de passe oublié ?', 'At least 8 characters': 'Au moins 8 caractères' }, null, 2);
    expect(parsedFor('weak-password-policy', translations, 'shared/i18n/locales/fr_FR/translation.json')).toBe(false);
  });

  it('parses policies in every format it reads', () => {
    const policies: [string, string][] = [
      ['{ "PasswordPolicy": { "MinimumLength": 6 } }', 'template.json'],
      ['auth:\n  password_min_length: 6\n', 'config.yaml'],
      ['[auth]\nminimum_password_length = 6\n', 'supabase/config.toml'],
      ['PASSWORD_MIN_LENGTH=6\n', '.env'],
      ['variable "password_minimum_length" {\n  type    = number\n  default = 6\n}\n', 'variables.tf'],
      ['{ "passwordPolicy": "length(6) and digits(1)" }', 'realm.json'],
    ];
    for (const [text, path] of policies) {
      expect(parsedFor('weak-password-policy', text, path), path).toBe(true);
      expect(lintText(text, path).findings.map((finding) => finding.ruleId), path).toContain('weak-password-policy');
    }
  });
});

describe('refusal-not-honored', () => {
  it('parses a consent file only when it defines an accept handler', () => {
    const banner = "const rejectAll = () => setOpen(false);\nconst acceptAll = () => { saveConsent('all'); setOpen(false); };";
    expect(parsedFor('refusal-not-honored', banner, 'app/CookieBanner.tsx')).toBe(true);
    const session = "export async function login() {\n  return new Promise((resolve, reject) => fetch('/session', { credentials: 'include' }).then(resolve, reject));\n}\n// keeps the session cookie";
    expect(parsedFor('refusal-not-honored', session, 'app/login.ts')).toBe(false);
    const upload = '<input type="file" accept="image/*" onChange={reject} /> // cookie';
    expect(parsedFor('refusal-not-honored', upload, 'app/Upload.tsx')).toBe(false);
  });
});

describe('public-upload-directory', () => {
  it('parses a mounted static middleware or a write in Next.js server code, not a public class member', () => {
    expect(parsedFor('public-upload-directory', "app.use('/uploads', express.static('uploads'));", 'server/app.js')).toBe(true);
    expect(parsedFor('public-upload-directory', "await writeFile(`public/uploads/${name}`, bytes);", 'app/api/upload/route.ts')).toBe(true);
    expect(parsedFor('public-upload-directory', "await writeFile(`public/uploads/${name}`, bytes);", 'scripts/seed.ts')).toBe(false);
    expect(parsedFor('public-upload-directory', "const visibility = 'public';\nexport class Doc { isPublic = visibility === 'public'; }", 'app/models/Doc.ts')).toBe(false);
  });
});

describe('cookie-before-consent', () => {
  it('parses a file only when one of its strings names a tracking cookie', () => {
    expect(parsedFor('cookie-before-consent', "Cookies.set('_fbp', id, { expires: 90 });", 'app/pixel.ts')).toBe(true);
    expect(parsedFor('cookie-before-consent', 'document.cookie = `visitor_id=${id}; path=/`;', 'app/visitor.ts')).toBe(true);
    expect(parsedFor('cookie-before-consent', "res.cookie('session', token, { httpOnly: true });", 'server/login.ts')).toBe(false);
    expect(parsedFor('cookie-before-consent', "export const icons = { cookie: 'CookieIcon' };", 'app/icons.ts')).toBe(false);
    expect(parsedFor('cookie-before-consent', "Cookies.set('marketing_consent', 'yes');", 'app/banner.ts')).toBe(false);
  });
});

describe('weak-password-hash', () => {
  it('parses a file naming a password only when it also names a hashing API', () => {
    expect(parsedFor('weak-password-hash', "const digest = createHash('sha256').update(password).digest('hex');", 'server/users.ts')).toBe(true);
    expect(parsedFor('weak-password-hash', 'const hash = md5(user.password);', 'server/users.ts')).toBe(true);
    expect(parsedFor('weak-password-hash', 'export const resetPassword = (email: string) => api.post("/reset", { email });', 'app/api.ts')).toBe(false);
  });

  it('parses a hashing API only next to a name that can be a password, or a bcrypt salt', () => {
    const token = "import { createHash } from 'crypto';\nexport const key = (token: string) => createHash('sha256').update(token).digest('hex');";
    expect(parsedFor('weak-password-hash', token, 'server/models/Share.ts')).toBe(false);
    const password = token.replace(/token/g, 'userPass');
    expect(parsedFor('weak-password-hash', password, 'server/models/User.ts')).toBe(true);
    expect(lintText(password, 'server/models/User.ts').findings.map((finding) => finding.ruleId)).toEqual(['weak-password-hash']);
    const salt = "import bcrypt from 'bcryptjs';\nexport const salt = () => bcrypt.genSaltSync(8);";
    expect(lintText(salt, 'server/auth.ts').findings.map((finding) => finding.ruleId)).toEqual(['weak-password-hash']);
  });
});
