// Cross-file authentication: a router mounted behind auth in another file. The engine states
// facts per file, the project step settles findings; the CLI and the language server (with only
// the route file open) must give the same answer.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/lint';
import { applyProjectFacts, ProjectIndex } from '../server/src/engine/project-index';
import { LspSession } from './helpers/lsp-client';
import { settleProject } from './helpers/project-model';
import { tempProject } from './helpers/temp-project';

const ROUTES = `const express = require('express');
const { Document } = require('../models');
const router = express.Router();

router.get('/:id/download', async (req, res) => {
  const doc = await Document.findById(req.params.id);
  res.download(doc.storagePath);
});

module.exports = router;
`;

const APP_WITH_AUTH = `const express = require('express');
const { ensureAuthenticated } = require('./middleware/auth');
const documentsRouter = require('./routes/documents');
const app = express();
app.use('/documents', ensureAuthenticated, documentsRouter);
module.exports = app;
`;

const APP_GLOBAL_AUTH = `import express from 'express';
import passport from 'passport';
import documents from './routes/documents';
const app = express();
app.use(passport.authenticate('session'));
app.use('/documents', documents);
`;

const APP_WITHOUT_AUTH = `const express = require('express');
const app = express();
app.use('/documents', require('./routes/documents'));
`;

const ruleIds = (result: { findings: { ruleId: string }[] }) => result.findings.map((finding) => finding.ruleId).sort();

function settle(files: Record<string, string>, path: string) {
  const index = new ProjectIndex();
  const results = Object.entries(files).map(([file, text]) => lintText(text, file));
  for (const result of results) index.set(result.path, result.facts);
  return applyProjectFacts(results.find((result) => result.path === path)!, index);
}

describe('project index', () => {
  it('alone, a route file without auth is a download-without-auth finding', () => {
    expect(ruleIds(lintText(ROUTES, 'src/routes/documents.js'))).toEqual(['download-without-auth']);
  });

  it('states the mount with its middleware as a fact of the app file', () => {
    expect(lintText(APP_WITH_AUTH, 'src/app.js').facts).toEqual([{ kind: 'mount', module: 'src/routes/documents', behindAuth: true, specifier: './routes/documents' }]);
    expect(lintText(APP_WITHOUT_AUTH, 'src/app.js').facts).toEqual([{ kind: 'mount', module: 'src/routes/documents', behindAuth: false, specifier: './routes/documents' }]);
  });

  it('mounted behind auth in another file: the ownership finding replaces the auth one', () => {
    const result = settle({ 'src/app.js': APP_WITH_AUTH, 'src/routes/documents.js': ROUTES }, 'src/routes/documents.js');
    expect(ruleIds(result)).toEqual(['download-without-ownership-check']);
    expect(result.findings[0].range.start.line).toBe(6);
  });

  it('app.use(auth) before the mount counts, in an ES module with an index file', () => {
    const result = settle({ 'src/app.ts': APP_GLOBAL_AUTH, 'src/routes/documents/index.ts': ROUTES }, 'src/routes/documents/index.ts');
    expect(ruleIds(result)).toEqual(['download-without-ownership-check']);
  });

  it('a mount without auth keeps the auth finding', () => {
    expect(ruleIds(settle({ 'src/app.js': APP_WITHOUT_AUTH, 'src/routes/documents.js': ROUTES }, 'src/routes/documents.js'))).toEqual(['download-without-auth']);
  });

  it('is updated per file: removing or changing the app file brings the auth finding back', () => {
    const index = new ProjectIndex();
    const routes = lintText(ROUTES, 'src/routes/documents.js');
    expect(index.set('src/app.js', lintText(APP_WITH_AUTH, 'src/app.js').facts)).toBe(true);
    expect(index.set('src/app.js', lintText(APP_WITH_AUTH, 'src/app.js').facts)).toBe(false);
    expect(ruleIds(applyProjectFacts(routes, index))).toEqual(['download-without-ownership-check']);
    index.set('src/app.js', lintText(APP_WITHOUT_AUTH, 'src/app.js').facts);
    expect(ruleIds(applyProjectFacts(applyProjectFacts(routes, index), index))).toEqual(['download-without-auth']);
    index.set('src/app.js', lintText(APP_WITH_AUTH, 'src/app.js').facts);
    index.remove('src/app.js');
    expect(ruleIds(applyProjectFacts(routes, index))).toEqual(['download-without-auth']);
  });

  it('follows nested mounts: an unauthenticated mount inside a router that is itself behind auth', () => {
    const api = `const router = require('express').Router();\nrouter.use('/documents', require('./routes/documents'));\nmodule.exports = router;\n`;
    const app = `const express = require('express');\nconst app = express();\napp.use('/api', requireLogin, require('./api'));\n`;
    const result = settle({ 'src/app.js': app, 'src/api.js': api, 'src/routes/documents.js': ROUTES }, 'src/routes/documents.js');
    expect(ruleIds(result)).toEqual(['download-without-ownership-check']);
  });

  it('file-routing loaders mount a folder: the modules under it are behind the auth registered before the loader', () => {
    const download = `import send from 'koa-send';
export default {
  method: 'get',
  handler: async (ctx) => {
    await send(ctx, \`public/upload/\${ctx.query.name}\`);
  },
};
`;
    const koa = (auth: string) => `import Koa from 'koa';\nimport jwt from 'koa-jwt';\nimport dirRouter from './middleware/dir-router';\nconst app = new Koa();\n${auth}app.use(dirRouter('./api'));\n`;
    expect(lintText(koa(''), 'index.js').facts).toContainEqual({ kind: 'mount', module: 'api', behindAuth: false, folder: true });
    expect(ruleIds(settle({ 'index.js': koa(''), 'api/system/download.js': download }, 'api/system/download.js'))).toEqual(['download-without-auth']);
    const withJwt = koa("app.use(jwt({ secret: process.env.SECRET }).unless({ path: ['/login'] }));\n");
    expect(ruleIds(settle({ 'index.js': withJwt, 'api/system/download.js': download }, 'api/system/download.js'))).toEqual(['download-without-ownership-check']);
    // A module named like the folder elsewhere is not under it.
    expect(ruleIds(settle({ 'index.js': withJwt, 'apis/download.js': download }, 'apis/download.js'))).toEqual(['download-without-auth']);
    const fastify = `const autoload = require('@fastify/autoload');\nconst path = require('node:path');\nfastify.addHook('onRequest', fastify.authenticate);\nfastify.register(autoload, { dir: path.join(__dirname, 'routes') });\n`;
    expect(lintText(fastify, 'src/app.js').facts).toContainEqual({ kind: 'mount', module: 'src/routes', behindAuth: true, folder: true });
    // Registering fastify-jwt only decorates the instance: nothing is authenticated yet.
    const decorated = fastify.replace("fastify.addHook('onRequest', fastify.authenticate);", "fastify.register(fastifyJwt, { secret: process.env.SECRET });");
    expect(lintText(decorated, 'src/app.js').facts).toContainEqual({ kind: 'mount', module: 'src/routes', behindAuth: false, folder: true });
  });

  it('Hapi: route modules without `auth` get the default strategy another file sets', () => {
    const routes = `module.exports = [
  {
    method: 'GET',
    path: '/bills/{name}',
    handler: (request, h) => h.file(\`/srv/bills/\${request.params.name}\`),
  },
];
`;
    const server = `const Hapi = require('@hapi/hapi');\nconst server = Hapi.server();\nserver.auth.strategy('session', 'cookie', {});\nserver.auth.default('session');\nserver.route(require('./routes/bills'));\n`;
    expect(lintText(server, 'src/server.js').facts).toContainEqual({ kind: 'global-auth' });
    const plugins = "const Hapi = require('@hapi/hapi');\nconst server = Hapi.server();\nawait server.register(require('@hapi/cookie'));\nserver.auth.default('session');\n";
    expect(lintText(plugins, 'src/server.js').facts).toEqual([{ kind: 'global-auth' }]);
    expect(ruleIds(settle({ 'src/routes/bills.js': routes }, 'src/routes/bills.js'))).toEqual(['download-without-auth']);
    expect(ruleIds(settle({ 'src/server.js': server, 'src/routes/bills.js': routes }, 'src/routes/bills.js'))).toEqual(['download-without-ownership-check']);
  });

  it('NestJS: a global guard (APP_GUARD) in the app module authenticates controllers without @UseGuards', () => {
    const controller = `import { Controller, Get, Param, Res } from '@nestjs/common';
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}
  @Get(':id')
  async file(@Param('id') id: string, @Res() res) {
    const doc = await this.documents.findById(id);
    res.download(doc.path);
  }
}
`;
    const appModule = `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
export class AppModule {}
`;
    expect(lintText(appModule, 'src/app.module.ts').facts).toEqual([{ kind: 'global-auth' }]);
    expect(ruleIds(settle({ 'src/documents.controller.ts': controller }, 'src/documents.controller.ts'))).toEqual(['download-without-auth']);
    expect(ruleIds(settle({ 'src/app.module.ts': appModule, 'src/documents.controller.ts': controller }, 'src/documents.controller.ts'))).toEqual(['download-without-ownership-check']);
  });

  it('Next.js: middleware that authenticates covers the routes its matcher selects', () => {
    const middleware = `export { default } from 'next-auth/middleware';
export const config = { matcher: ['/api/documents/:path*', '/dashboard/:path*'] };
`;
    const route = `import { readFile } from 'node:fs/promises';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const data = await readFile(\`/srv/documents/\${params.id}.pdf\`);
  return new Response(data, { headers: { 'Content-Disposition': 'attachment' } });
}
`;
    expect(lintText(middleware, 'src/middleware.ts').facts).toEqual([{ kind: 'global-auth', matchers: ['/api/documents/:path*', '/dashboard/:path*'] }]);
    const files = { 'src/middleware.ts': middleware, 'src/app/api/documents/[id]/route.ts': route, 'src/app/(site)/api/brochures/[id]/route.ts': route };
    expect(ruleIds(settle(files, 'src/app/api/documents/[id]/route.ts'))).toEqual(['download-without-ownership-check']);
    expect(ruleIds(settle(files, 'src/app/(site)/api/brochures/[id]/route.ts'))).toEqual(['download-without-auth']);
  });

  it('routes to controller functions of other files are judged, and reported, at the route', () => {
    const controller = `const path = require('path');
const download = (req, res) => {
  res.download(path.join(__dirname, '../../uploads/', req.params.name));
};
exports.preview = async (req, res) => {
  const doc = await Document.findOne({ _id: req.params.id, owner: req.user.id });
  res.sendFile(doc.path);
};
module.exports = { ...exports, download };
`;
    const open = `const controller = require('../controllers/files');\nconst router = require('express').Router();\nrouter.get('/files/:name', controller.download);\nmodule.exports = router;\n`;
    const guarded = open.replace('controller.download', 'requireAuth, controller.download');
    const checked = open.replace('controller.download', 'requireAuth, canReadFile, controller.download');
    const path = 'src/controllers/files.js';
    const routes = 'src/routes/files.js';
    expect(ruleIds(lintText(controller, path))).toEqual([]);
    expect(lintText(open, routes).facts).toEqual([{ kind: 'route', module: 'src/controllers/files', export: 'download', specifier: '../controllers/files' }]);
    expect(ruleIds(settleProject({ [path]: controller, [routes]: open }, routes))).toEqual(['download-without-auth']);
    expect(ruleIds(settleProject({ [path]: controller, [routes]: open }, path))).toEqual([]);
    expect(ruleIds(settleProject({ [path]: controller, [routes]: guarded }, routes))).toEqual(['download-without-ownership-check']);
    expect(ruleIds(settleProject({ [path]: controller, [routes]: checked }, routes))).toEqual([]);
  });

  it('keeps facts JSON-serialisable (worker threads, cache)', () => {
    const result = lintText(APP_WITH_AUTH, 'src/app.js');
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

const project = (files: Record<string, string>) => tempProject(files, 'precedent-access-');

describe('CLI applies the project step', () => {
  const CLI = join(__dirname, '..', 'dist', 'cli.js');
  const scan = (root: string) => JSON.parse(spawnSync(process.execPath, [CLI, '--format', 'json', '.'], { cwd: root, encoding: 'utf8' }).stdout);
  const rulesIn = (report: { files?: { path: string; findings: { ruleId: string }[] }[] }) =>
    JSON.stringify(report).match(/"(?:ruleId|rule)":"(download-without-[a-z-]+)"/g) ?? [];

  it('reports the ownership finding for a router mounted behind auth in app.js', () => {
    const report = scan(project({ 'src/app.js': APP_WITH_AUTH, 'src/routes/documents.js': ROUTES }));
    expect(rulesIn(report).join()).toContain('download-without-ownership-check');
    expect(rulesIn(report).join()).not.toContain('download-without-auth');
  });

  it('reports the auth finding when the mount has none', () => {
    const report = scan(project({ 'src/app.js': APP_WITHOUT_AUTH, 'src/routes/documents.js': ROUTES }));
    expect(rulesIn(report).join()).toContain('download-without-auth');
    expect(rulesIn(report).join()).not.toContain('download-without-ownership-check');
  });
});

describe('language server with only the route file open', () => {
  let session: LspSession | undefined;
  let projectRoot: string | undefined;
  afterAll(async () => {
    await session?.stop();
  });

  it('indexes the workspace in the background and settles the open file like the scan', async () => {
    const root = (projectRoot = project({ 'src/app.js': APP_WITH_AUTH, 'src/routes/documents.js': ROUTES }));
    session = await LspSession.start(root);
    const uri = pathToFileURL(join(root, 'src', 'routes', 'documents.js')).href;
    await session.open(uri, 'javascript', ROUTES);
    const published = await session.until(() => {
      const codes = session!.diagnostics.get(uri)?.diagnostics.map((diagnostic) => diagnostic.code);
      return codes?.includes('download-without-ownership-check') && codes;
    });
    expect(published).toEqual(['download-without-ownership-check']);
  });

  it('re-settles the open route file when the app file is edited to drop the auth middleware', async () => {
    const root = projectRoot!;
    const routes = pathToFileURL(join(root, 'src', 'routes', 'documents.js')).href;
    const app = pathToFileURL(join(root, 'src', 'app.js')).href;
    await session!.open(app, 'javascript', APP_WITH_AUTH);
    await session!.connection.sendNotification('textDocument/didChange', { textDocument: { uri: app, version: 2 }, contentChanges: [{ text: APP_WITHOUT_AUTH }] });
    const codes = await session!.until(() => {
      const current = session!.diagnostics.get(routes)?.diagnostics.map((diagnostic) => diagnostic.code);
      return current?.includes('download-without-auth') && current;
    });
    expect(codes).toEqual(['download-without-auth']);
  });
});

describe('quick fixes', () => {
  it('adds the auth middleware the file already uses, as a reviewed (unsafe) fix', () => {
    const text = `const router = require('express').Router();
router.get('/mine/:id', requireAuth, async (req, res) => {
  const doc = await Doc.findOne({ _id: req.params.id, owner: req.user.id });
  res.download(doc.path);
});
router.get('/open/:id', async (req, res) => {
  const doc = await Doc.findById(req.params.id);
  res.download(doc.path);
});
`;
    const finding = lintText(text, 'src/routes/docs.js').findings.find((entry) => entry.ruleId === 'download-without-auth')!;
    expect(finding.fixes).toHaveLength(1);
    expect(finding.fixes[0].safe).toBe(false);
    const [edit] = finding.fixes[0].edits;
    const fixed = text.slice(0, edit.offsets.start) + edit.newText + text.slice(edit.offsets.end);
    expect(fixed).toContain("router.get('/open/:id', requireAuth, async (req, res) => {");
  });

  it('suggests an ownership guard after the lookup, never as a safe fix', () => {
    const text = `const router = require('express').Router();
router.get('/:id', requireAuth, async (req, res) => {
  const doc = await Doc.findById(req.params.id);
  res.download(doc.path);
});
`;
    const finding = lintText(text, 'src/routes/docs.js').findings.find((entry) => entry.ruleId === 'download-without-ownership-check')!;
    expect(finding.fixes[0].safe).toBe(false);
    const [edit] = finding.fixes[0].edits;
    const fixed = text.slice(0, edit.offsets.start) + edit.newText + text.slice(edit.offsets.end);
    expect(fixed).toContain("const doc = await Doc.findById(req.params.id);\n  if (!doc || String(doc.ownerId) !== String(req.user.id)) return res.status(404).end(); // TODO: confirm the owner field\n  res.download");
  });
});
