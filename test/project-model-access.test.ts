// The project model feeding the access-control rules: mounts and routes that name their modules
// through tsconfig aliases; routes whose handler, or the helper or service it hands the request
// to, lives in other modules (reported at the route, three hops, cycles); Hono sub-apps; Strapi's
// upload provider; the editor re-settling an open route when its controller changes. Negatives:
// authentication mounted in front of the router in another file, a guard inside the controller,
// an ownership check inside the helper or service.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LspSession } from './helpers/lsp-client';
import { settleProject } from './helpers/project-model';
import { tempProject } from './helpers/temp-project';

const TSCONFIG = new Map([['tsconfig.json', '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], "~/*": ["src/*"] } } }']]);
const settle = (files: Record<string, string>, path: string) => settleProject(files, path, TSCONFIG);

const ruleIds = (result: { findings: { ruleId: string }[] }) => result.findings.map((finding) => finding.ruleId).filter((id) => id.startsWith('download-')).sort();

const ROUTES = `import { Router } from 'express';
import { Document } from '../models';
const router = Router();
router.get('/:id/download', async (req, res) => {
  const doc = await Document.findById(req.params.id);
  res.download(doc.storagePath);
});
export default router;
`;

describe('mounts through tsconfig aliases', () => {
  const app = (middleware: string) => `import express from 'express';
import { requireAuth } from '@/middleware/auth';
import documents from '@/routes/documents';
const app = express();
app.use('/documents', ${middleware}documents);
`;
  it('a router mounted behind authentication through `@/…` needs only the ownership check', () => {
    expect(ruleIds(settle({ 'src/app.ts': app('requireAuth, '), 'src/routes/documents.ts': ROUTES }, 'src/routes/documents.ts'))).toEqual(['download-without-ownership-check']);
  });
  it('mounted through `@/…` without authentication, the auth finding stays', () => {
    expect(ruleIds(settle({ 'src/app.ts': app(''), 'src/routes/documents.ts': ROUTES }, 'src/routes/documents.ts'))).toEqual(['download-without-auth']);
  });
});

describe('a module that registers its routes on the app it is handed', () => {
  const DOCS = `module.exports = (app) => {
  app.get('/docs/:id/download', async (req, res) => res.download(await pathOf(req.params.id)));
};
`;
  const app = (register: string) => `const express = require('express');
const { requireAuth } = require('./middleware/auth');
const docsRoutes = require('./routes/docs');
const { lowerCaseFirst } = require('./routes/docs');
const app = express();
app.use(requireAuth);
${register}
`;
  it('`docsRoutes(app)` and `require(…)(app)` mount the module behind the auth used before them', () => {
    for (const register of ['docsRoutes(app);', "require('./routes/docs')(app);"]) {
      expect(ruleIds(settle({ 'src/app.js': app(register), 'src/routes/docs.js': DOCS }, 'src/routes/docs.js')), register).toEqual(['download-without-ownership-check']);
    }
  });
  it('an imported function called with other data (`lowerCaseFirst(name)`) mounts nothing', () => {
    // Were it a mount without auth in front, the route would lose the authentication the real mount gives it.
    const files = { 'src/app.js': app("docsRoutes(app);\napp.use(express.json({ type: lowerCaseFirst(name) }));"), 'src/routes/docs.js': DOCS };
    expect(ruleIds(settle(files, 'src/routes/docs.js'))).toEqual(['download-without-ownership-check']);
  });
});

const CONTROLLER = `import path from 'node:path';
export const download = (req, res) => {
  res.download(path.join(__dirname, '../../uploads/', req.params.name));
};
`;

describe('routes to controllers through aliases: reported at the route', () => {
  const routes = (middleware: string) => `import { Router } from 'express';
import * as controller from '~/controllers/files';
const router = Router();
router.get('/files/:name', ${middleware}controller.download);
export default router;
`;
  const files = (middleware: string) => ({ 'src/controllers/files.ts': CONTROLLER, 'src/routes/files.ts': routes(middleware) });
  it('an unguarded route is a download-without-auth finding on its registration line, naming the serving file', () => {
    const result = settle(files(''), 'src/routes/files.ts');
    expect(ruleIds(result)).toEqual(['download-without-auth']);
    expect(result.findings[0].range.start.line).toBe(3);
    expect(result.findings[0].message).toContain('GET /files/:name hands the request to download() in src/controllers/files.ts');
    expect(result.findings[0].message).toContain('req.params.name, line 3');
    // The controller itself reports nothing: the user acts at the route.
    expect(ruleIds(settle(files(''), 'src/controllers/files.ts'))).toEqual([]);
  });
  it('a guarded route leaves the ownership finding, at the route', () => {
    expect(ruleIds(settle(files('requireAuth, '), 'src/routes/files.ts'))).toEqual(['download-without-ownership-check']);
  });
  it('a permission middleware on the route leaves nothing', () => {
    expect(ruleIds(settle(files('requireAuth, canReadFile, '), 'src/routes/files.ts'))).toEqual([]);
  });
  it('no route points at it: nothing to judge', () => {
    expect(ruleIds(settle({ 'src/controllers/files.ts': CONTROLLER }, 'src/controllers/files.ts'))).toEqual([]);
  });
});

describe('a handler passing req, res to a helper in another file', () => {
  const HELPER = `const path = require('path');
async function streamDocument(req, res) {
  const doc = await Document.findById(req.params.id);
  res.sendFile(path.resolve('storage', doc.file));
}
module.exports = { streamDocument };
`;
  const ROUTER = `const router = require('express').Router();
const { streamDocument } = require('../services/documents');
router.get('/documents/:id', (req, res) => streamDocument(req, res));
module.exports = router;
`;
  const APP = (middleware: string) => `const express = require('express');
const app = express();
app.use('/api', ${middleware}require('./routes/documents'));
`;
  const files = (app: string, helper = HELPER) => ({ 'src/app.js': app, 'src/routes/documents.js': ROUTER, 'src/services/documents.js': helper });

  it('is a download-without-auth finding at the route when nothing authenticates it', () => {
    const result = settle(files(APP('')), 'src/routes/documents.js');
    expect(ruleIds(result)).toEqual(['download-without-auth']);
    expect(result.findings[0].range.start.line).toBe(2);
    expect(result.findings[0].message).toContain('streamDocument() in src/services/documents.js');
    expect(ruleIds(settle(files(APP('')), 'src/services/documents.js'))).toEqual([]);
  });
  it('with authentication mounted in front of the router in the app file, only the ownership check is missing', () => {
    expect(ruleIds(settle(files(APP('ensureLoggedIn, ')), 'src/routes/documents.js'))).toEqual(['download-without-ownership-check']);
  });
  it('an ownership check inside the helper leaves nothing to report', () => {
    const checked = HELPER.replace("  res.sendFile", "  if (String(doc.ownerId) !== String(req.user.id)) return res.sendStatus(403);\n  res.sendFile");
    expect(ruleIds(settle(files(APP('ensureLoggedIn, '), checked), 'src/routes/documents.js'))).toEqual([]);
  });
});

describe('route → controller → service → sink', () => {
  const ROUTES = (middleware: string) => `const express = require('express');
const invoices = require('../controllers/invoices');
const router = express.Router();
router.get('/invoice/:id/pdf', ${middleware}invoices.downloadPdf);
router.get('/invoices/:id/file', ${middleware}invoices.downloadPdf);
module.exports = router;
`;
  const CONTROLLER = (check = '') => `const pdfService = require('../services/pdf');
exports.downloadPdf = async (req, res) => {
  ${check}await pdfService.streamInvoice(req.params.id, res);
};
`;
  const SERVICE = (check = '') => `const fs = require('fs');
const path = require('path');
const { Invoice } = require('../models');
async function streamInvoice(id, res, user) {
  const invoice = await Invoice.findById(id);
  ${check}fs.createReadStream(path.join('/srv/invoices', invoice.file)).pipe(res);
}
module.exports = { streamInvoice };
`;
  const APP = (middleware: string) => `const express = require('express');
const app = express();
app.use('/api', ${middleware}require('./routes/invoices'));
`;
  const files = ({ app = APP(''), routes = ROUTES(''), controller = CONTROLLER(), service = SERVICE() } = {}) => ({ 'src/app.js': app, 'src/routes/invoices.js': routes, 'src/controllers/invoices.js': controller, 'src/services/pdf.js': service });

  it('follows three hops: one finding per route, each naming the service that streams the file', () => {
    const result = settle(files(), 'src/routes/invoices.js');
    expect(ruleIds(result)).toEqual(['download-without-auth', 'download-without-auth']);
    expect(result.findings.map((finding) => finding.range.start.line)).toEqual([3, 4]);
    expect(result.findings[0].message).toContain('GET /invoice/:id/pdf hands the request to streamInvoice() in src/services/pdf.js (through downloadPdf() in src/controllers/invoices.js)');
    expect(result.findings[0].message).toContain('line 6');
    for (const path of ['src/controllers/invoices.js', 'src/services/pdf.js']) expect(ruleIds(settle(files(), path))).toEqual([]);
  });
  it('auth mounted in front of the router in app.js: the ownership finding instead', () => {
    expect(ruleIds(settle(files({ app: APP('requireAuth, ') }), 'src/routes/invoices.js'))).toEqual(['download-without-ownership-check', 'download-without-ownership-check']);
  });
  it('a guard inside the controller authenticates: the ownership finding instead', () => {
    const controller = CONTROLLER("if (!req.user) return res.sendStatus(401);\n  ");
    expect(ruleIds(settle(files({ controller }), 'src/routes/invoices.js'))).toEqual(['download-without-ownership-check', 'download-without-ownership-check']);
  });
  it('an ownership check inside the service, behind auth: nothing', () => {
    const service = SERVICE("if (String(invoice.customerId) !== String(user.id)) throw new ForbiddenError();\n  ");
    const controller = CONTROLLER().replace('streamInvoice(req.params.id, res)', 'streamInvoice(req.params.id, res, req.user)');
    expect(ruleIds(settle(files({ app: APP('requireAuth, '), controller, service }), 'src/routes/invoices.js'))).toEqual([]);
  });
  it('a service that serves nothing the request chose: nothing', () => {
    const service = SERVICE().replace("path.join('/srv/invoices', invoice.file)", "'/srv/terms.pdf'");
    expect(ruleIds(settle(files({ service }), 'src/routes/invoices.js'))).toEqual([]);
  });
  it('stops on a cycle between modules', () => {
    const a = `const b = require('./b');\nexports.run = (req, res) => b.run(req, res);\n`;
    const b = `const a = require('./a');\nexports.run = (req, res) => a.run(req, res);\n`;
    const routes = `const router = require('express').Router();\nconst a = require('../lib/a');\nrouter.get('/x/:id', a.run);\nmodule.exports = router;\n`;
    expect(ruleIds(settle({ 'src/routes/x.js': routes, 'src/lib/a.js': a, 'src/lib/b.js': b }, 'src/routes/x.js'))).toEqual([]);
  });
});

describe('a route handing req, res and the id to a helper (idurar-erp-crm downloadPdf)', () => {
  const JSCONFIG = new Map([['backend/jsconfig.json', '{ "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["./*"] } } }']]);
  const ROUTER = `const downloadPdf = require('@/handlers/downloadHandler/downloadPdf');
const express = require('express');
const router = express.Router();
router.route('/:directory/:file').get(function (req, res) {
  const { directory, file } = req.params;
  const id = file.slice(directory.length + 1).slice(0, -4);
  downloadPdf(req, res, { directory, id });
});
module.exports = router;
`;
  const HELPER = `const mongoose = require('mongoose');
module.exports = downloadPdf = async (req, res, { directory, id }) => {
  const Model = mongoose.model(directory);
  const result = await Model.findOne({ _id: id }).exec();
  const targetLocation = \`src/public/download/\${directory}/\${directory}-\${result._id}.pdf\`;
  return res.download(targetLocation);
};
`;
  const APP = (auth: string) => `const express = require('express');
const coreAuthRouter = require('./routes/coreRoutes/coreAuth');
const coreDownloadRouter = require('./routes/coreRoutes/coreDownloadRouter');
const app = express();
app.use('/api', coreAuthRouter);
app.use('/download', ${auth}coreDownloadRouter);
`;
  const files = (app: string) => ({ 'backend/src/app.js': app, 'backend/src/routes/coreRoutes/coreDownloadRouter.js': ROUTER, 'backend/src/handlers/downloadHandler/downloadPdf.js': HELPER });
  const route = 'backend/src/routes/coreRoutes/coreDownloadRouter.js';

  it('is reported at the route, naming the helper that sends the generated invoice (a download folder under public/ holds documents)', () => {
    const result = settleProject(files(APP('')), route, JSCONFIG);
    expect(ruleIds(result)).toEqual(['download-without-auth']);
    expect(result.findings[0].range.start.line).toBe(3);
    expect(result.findings[0].message).toContain('GET /:directory/:file hands the request to downloadPdf() in backend/src/handlers/downloadHandler/downloadPdf.js');
  });
  it('a login router mounted before it is no guard; a guard on its mount is', () => {
    expect(ruleIds(settleProject(files(APP('adminAuth.isValidAuthToken, ')), route, JSCONFIG))).toEqual(['download-without-ownership-check']);
  });
});

describe('Strapi: the local upload provider writes to the public folder strapi::public serves', () => {
  const MIDDLEWARES = "module.exports = ['strapi::errors', 'strapi::body', 'strapi::public'];\n";
  const plugins = (provider: string) => `module.exports = ({ env }) => ({\n  upload: {\n    config: {\n      provider: ${provider},\n      providerOptions: {},\n    },\n  },\n});\n`;
  const uploads = (files: Record<string, string>) => settleProject({ 'config/middlewares.js': MIDDLEWARES, ...files }, 'config/middlewares.js').findings.filter((finding) => finding.ruleId === 'public-upload-directory');

  it('with no upload provider configured (the default is local), it is information on strapi::public', () => {
    const [finding, ...rest] = uploads({});
    expect(rest).toEqual([]);
    expect(finding.severity).toBe('info');
    expect(finding.message).toContain('public/uploads/');
    expect(uploads({ 'config/plugins.js': plugins("'local'") })).toHaveLength(1);
  });
  it('a provider that stores files elsewhere, for all environments or for production, leaves nothing', () => {
    expect(uploads({ 'config/plugins.js': plugins("'aws-s3'") })).toEqual([]);
    expect(uploads({ 'config/plugins.js': plugins("'local'"), 'config/env/production/plugins.ts': plugins("'cloudinary'").replace('module.exports =', 'export default') })).toEqual([]);
    expect(uploads({ 'config/plugins.js': plugins("env('UPLOAD_PROVIDER')") })).toEqual([]);
  });
});

describe('Hono: a sub-app mounted with app.route', () => {
  const FILES = `import { Hono } from 'hono';
import { createReadStream } from 'node:fs';
const files = new Hono();
files.get('/:id', (c) => c.body(createReadStream(\`/srv/uploads/\${c.req.param('id')}\`) as any));
export default files;
`;
  const app = (auth: string) => `import { Hono } from 'hono';
import { jwt } from 'hono/jwt';
import files from './routes/files';
const app = new Hono();
${auth}app.route('/files', files);
`;
  it('without auth in front, the auth finding; with jwt registered for its path, the ownership finding', () => {
    expect(ruleIds(settle({ 'src/index.ts': app(''), 'src/routes/files.ts': FILES }, 'src/routes/files.ts'))).toEqual(['download-without-auth']);
    expect(ruleIds(settle({ 'src/index.ts': app("app.use('/files/*', jwt({ secret: process.env.SECRET! }));\n"), 'src/routes/files.ts': FILES }, 'src/routes/files.ts'))).toEqual(['download-without-ownership-check']);
  });
});

describe('language server: a route file open, its controller edited', () => {
  let session: LspSession | undefined;
  afterAll(async () => {
    await session?.stop();
  });
  const ROUTER = "const router = require('express').Router();\nconst files = require('../controllers/files');\nrouter.get('/files/:name', files.download);\nmodule.exports = router;\n";
  const CONTROLLER = "const path = require('path');\nexports.download = (req, res) => {\n  res.download(path.join('/srv/uploads', req.params.name));\n};\n";
  const GUARDED = CONTROLLER.replace('{\n  res.download', "{\n  if (!req.user) return res.sendStatus(401);\n  res.download");

  it('re-settles the route when the controller gains a guard, without rescanning', async () => {
    const root = tempProject({ 'src/routes/files.js': ROUTER, 'src/controllers/files.js': CONTROLLER }, 'precedent-route-lsp-');
    session = await LspSession.start(root);
    const routes = pathToFileURL(join(root, 'src', 'routes', 'files.js')).href;
    const controller = pathToFileURL(join(root, 'src', 'controllers', 'files.js')).href;
    await session.open(routes, 'javascript', ROUTER);
    const codes = () => session!.diagnostics.get(routes)?.diagnostics.map((diagnostic) => diagnostic.code);
    expect(await session.until(() => codes()?.includes('download-without-auth') && codes())).toEqual(['download-without-auth']);
    await session.open(controller, 'javascript', CONTROLLER);
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: controller, version: 2 }, contentChanges: [{ text: GUARDED }] });
    expect(await session.until(() => codes()?.includes('download-without-ownership-check') && codes())).toEqual(['download-without-ownership-check']);
  });
});
