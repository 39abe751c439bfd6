// The project model feeding the access-control rules: mounts and routes that name their modules
// through tsconfig aliases, and route handlers that hand `req, res` to a helper another module
// exports, settled with the engine's module resolution. Negatives: authentication mounted in
// front of the router in another file, an ownership check inside the helper.
import { describe, expect, it } from 'vitest';
import { settleProject } from './helpers/project-model';

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

const CONTROLLER = `import path from 'node:path';
export const download = (req, res) => {
  res.download(path.join(__dirname, '../../uploads/', req.params.name));
};
`;

describe('routes to controllers through aliases', () => {
  const routes = (middleware: string) => `import { Router } from 'express';
import * as controller from '~/controllers/files';
const router = Router();
router.get('/files/:name', ${middleware}controller.download);
export default router;
`;
  it('an unguarded route makes the controller a download-without-auth finding', () => {
    expect(ruleIds(settle({ 'src/controllers/files.ts': CONTROLLER, 'src/routes/files.ts': routes('') }, 'src/controllers/files.ts'))).toEqual(['download-without-auth']);
  });
  it('a guarded route leaves the ownership finding', () => {
    expect(ruleIds(settle({ 'src/controllers/files.ts': CONTROLLER, 'src/routes/files.ts': routes('requireAuth, ') }, 'src/controllers/files.ts'))).toEqual(['download-without-ownership-check']);
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

  it('is a download-without-auth finding in the helper when nothing authenticates the route', () => {
    const result = settle(files(APP('')), 'src/services/documents.js');
    expect(ruleIds(result)).toEqual(['download-without-auth']);
    expect(result.findings[0].range.start.line).toBe(3);
  });
  it('with authentication mounted in front of the router in the app file, only the ownership check is missing', () => {
    expect(ruleIds(settle(files(APP('ensureLoggedIn, ')), 'src/services/documents.js'))).toEqual(['download-without-ownership-check']);
  });
  it('an ownership check inside the helper leaves nothing to report', () => {
    const checked = HELPER.replace("  res.sendFile", "  if (String(doc.ownerId) !== String(req.user.id)) return res.sendStatus(403);\n  res.sendFile");
    expect(ruleIds(settle(files(APP('ensureLoggedIn, '), checked), 'src/services/documents.js'))).toEqual([]);
  });
});
