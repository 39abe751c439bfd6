// Route files held back by the prefilter (RuleMeta.evidence → IF_AN_IMPORT_STATES_FACTS): a
// whole-project scan parses a route that only hands its request to imported functions when one of
// its imports — directly, through a barrel, or through a held-back controller that turns out to
// matter — states facts, and gives the same findings as the editor, which parses every file.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanProject } from '../server/src/cli/project-scan';
import { cacheVersion, ScanCache } from '../server/src/engine/cache';
import { importSpecifiers } from '../server/src/engine/held-back';
import { lintText } from '../server/src/engine/lint';
import type { LintResult } from '../server/src/engine/types';
import { settleProject } from './helpers/project-model';
import { tempProject } from './helpers/temp-project';

/** A route that hands its request on, with no sink of its own: held back. */
const ROUTE = (from: string, call: string) => `const express = require('express');
const { ${call} } = require('${from}');
const app = express();
app.post('/files/:name', (req, res) => ${call}(req, res));
module.exports = app;
`;
const SERVICE = `const path = require('path');
exports.streamFile = (req, res) => {
  res.download(path.join('/srv/uploads', req.params.name));
};
`;
const PRESENTER = `exports.presentFile = (req, res) => {
  res.json({ name: req.params.name });
};
`;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function scanWhole(files: Record<string, string>): Promise<Map<string, LintResult>> {
  const root = tempProject(files, 'precedent-held-back-');
  roots.push(root);
  const results = await scanProject({ root, files: Object.keys(files).sort(), configs: [], threads: 0 });
  return new Map(results.map((result) => [result.path, result]));
}

const findings = (result: LintResult | undefined) => (result?.findings ?? []).map((finding) => `${finding.ruleId}:${finding.range.start.line}:${finding.message}`).sort();

/** Every file's findings from the scan equal the editor's (each file parsed, settled on the whole project). */
function expectSameAsEditor(files: Record<string, string>, scanned: Map<string, LintResult>): void {
  for (const path of Object.keys(files)) expect(findings(scanned.get(path)), path).toEqual(findings(settleProject(files, path)));
}

describe('the prefilter holds back a route that only hands its request on', () => {
  it('in a scan that settles held-back files, not in the editor', () => {
    const text = ROUTE('./services/files', 'streamFile');
    expect(lintText(text, 'src/app.js', { holdBack: true })).toMatchObject({ parsed: false, heldBack: { rules: ['download-without-auth', 'download-without-ownership-check'], specifiers: ['express', './services/files'] } });
    expect(lintText(text, 'src/app.js')).toMatchObject({ parsed: true });
    expect(lintText(text, 'src/app.js').heldBack).toBeUndefined();
  });

  it('not with a sink of its own: the file may serve', () => {
    const text = `${ROUTE('./services/files', 'streamFile')}app.post('/raw/:name', (req, res) => res.sendFile(req.params.name));\n`;
    expect(lintText(text, 'src/app.js', { holdBack: true }).parsed).toBe(true);
  });

  it('reads imports, requires and dynamic imports as specifiers', () => {
    expect(importSpecifiers(`import a from './a';\nimport './b';\nconst c = require("../c");\nconst d = await import('@/d');\nexport * from './e';`)).toEqual(['./a', './b', '../c', '@/d', './e']);
  });
});

describe('a whole-project scan parses a held-back route only when an import states facts', () => {
  it('a route handing its request to a service that serves a file: parsed, and reported at the route', async () => {
    const files = { 'src/app.js': ROUTE('./services/files', 'streamFile'), 'src/services/files.js': SERVICE };
    const scanned = await scanWhole(files);
    expect(scanned.get('src/app.js')?.parsed).toBe(true);
    expect(findings(scanned.get('src/app.js'))).toEqual([expect.stringContaining('download-without-auth:3:POST /files/:name hands the request to streamFile() in src/services/files.js')]);
    expectSameAsEditor(files, scanned);
  });

  it('through barrels (`export * from`, an import exported again, a CommonJS re-export)', async () => {
    const barrels = {
      'src/services/index.ts': "export * from './files';\n",
      'src/services/index.js': "import { streamFile } from './files';\nexport { streamFile };\n",
      'src/services/cjs.js': "module.exports = require('./files');\n",
    };
    for (const [barrel, text] of Object.entries(barrels)) {
      const from = barrel.endsWith('cjs.js') ? './services/cjs' : './services';
      const files = { 'src/app.js': ROUTE(from, 'streamFile'), [barrel]: text, 'src/services/files.js': SERVICE };
      const scanned = await scanWhole(files);
      expect(scanned.get('src/app.js')?.parsed, barrel).toBe(true);
      // The project model follows ESM re-exports to the serving function; a CommonJS re-export
      // only makes the route matter (the same answer as the editor's is what counts).
      if (!barrel.endsWith('cjs.js')) expect(findings(scanned.get('src/app.js')), barrel).toHaveLength(1);
      expectSameAsEditor(files, scanned);
    }
  });

  it('route → held-back controller → service: settled in rounds, reported at the route', async () => {
    const files = {
      'src/app.js': ROUTE('./controllers/files', 'getFile'),
      'src/controllers/files.js': "const files = require('../services/files');\nexports.getFile = (req, res) => files.streamFile(req, res);\n",
      'src/services/files.js': SERVICE,
    };
    const scanned = await scanWhole(files);
    expect(scanned.get('src/controllers/files.js')?.parsed).toBe(true);
    expect(scanned.get('src/app.js')?.parsed).toBe(true);
    expect(findings(scanned.get('src/app.js'))).toEqual([expect.stringContaining('through getFile() in src/controllers/files.js')]);
    expectSameAsEditor(files, scanned);
  });

  it('a route handing its request to a presenter that states nothing: never parsed, no finding either way', async () => {
    const files = { 'src/app.js': ROUTE('./presenters/files', 'presentFile'), 'src/presenters/files.js': PRESENTER };
    const scanned = await scanWhole(files);
    expect(scanned.get('src/app.js')).toMatchObject({ parsed: false, heldBack: { specifiers: ['express', './presenters/files'] } });
    expectSameAsEditor(files, scanned);
  });

  it('a package import (not a workspace file) never makes a held-back route matter', async () => {
    const files = { 'src/app.js': ROUTE('file-streamer', 'streamFile'), 'src/services/files.js': SERVICE };
    const scanned = await scanWhole(files);
    expect(scanned.get('src/app.js')?.parsed).toBe(false);
    expectSameAsEditor(files, scanned);
  });
});

/** An app that mounts a router module, with or without authentication in front of it; no sink of its own. */
const MOUNTING_APP = (auth: boolean) => `const express = require('express');
const filesRouter = require('./routes/files');
${auth ? "const { requireAuth } = require('./auth');\n" : ''}const app = express();
${auth ? 'app.use(requireAuth);\n' : ''}app.use('/files', filesRouter);
module.exports = app;
`;
/** A router whose download route is reported unless every mount of it has authentication in front. */
const FILES_ROUTER = `const router = require('express').Router();
router.get('/:name', (req, res) => res.download(req.params.name));
module.exports = router;
`;
const AUTH = "exports.requireAuth = (req, res, next) => (req.user ? next() : res.sendStatus(401));\n";

describe('routing that mounts project modules is held back like a route that hands its request on', () => {
  it('an app mounting a router, with no sink of its own, is held back; with a sink or a folder loader it is parsed', () => {
    expect(lintText(MOUNTING_APP(true), 'src/app.js', { holdBack: true })).toMatchObject({ parsed: false, heldBack: { factKinds: ['mount', 'route', 'function', 'global-auth'] } });
    expect(lintText(`${MOUNTING_APP(false)}app.get('/raw/:name', (req, res) => res.sendFile(req.params.name));\n`, 'src/app.js', { holdBack: true }).parsed).toBe(true);
    // A folder a loader mounts is named by no import: the mount must be read.
    const loaders = ["app.use(dirRouter('./api'));", "app.register(autoload, { dir: join(__dirname, 'routes') });", 'fastify.register(autoload, { dir: `${__dirname}/routes` });'];
    for (const loader of loaders) expect(lintText(`${MOUNTING_APP(false)}${loader}\n`, 'src/app.js', { holdBack: true }).parsed, loader).toBe(true);
  });

  it('the mount behind authentication is read when the mounted router has a finding it settles', async () => {
    const files = { 'src/app.js': MOUNTING_APP(true), 'src/routes/files.js': FILES_ROUTER, 'src/auth.js': AUTH };
    const scanned = await scanWhole(files);
    expect(scanned.get('src/app.js')?.parsed).toBe(true);
    // Authenticated, not tied to its owner: the ownership finding, not the missing-authentication one.
    expect(findings(scanned.get('src/routes/files.js'))).toEqual([expect.stringContaining('download-without-ownership-check:1:GET /:name sends the document')]);
    expectSameAsEditor(files, scanned);
  });

  it('without authentication in front, the router keeps its finding', async () => {
    const files = { 'src/app.js': MOUNTING_APP(false), 'src/routes/files.js': FILES_ROUTER };
    const scanned = await scanWhole(files);
    expect(findings(scanned.get('src/routes/files.js'))).toEqual([expect.stringContaining('download-without-auth:1:GET /:name serves a stored file')]);
    expectSameAsEditor(files, scanned);
  });

  it('an import stating only facts no held-back rule reads (a consent gate) does not make it matter', async () => {
    const files = {
      'src/app.js': MOUNTING_APP(false),
      'src/routes/files.js': "import { Router } from 'express';\nimport { initAnalytics } from './analytics';\nconst router = Router();\ninitAnalytics();\nrouter.get('/', (req, res) => res.json({}));\nexport default router;\n",
      'src/routes/analytics.js': "import posthog from 'posthog-js';\nexport function initAnalytics() { posthog.init('phc_x'); }\n",
    };
    const scanned = await scanWhole(files);
    expect(scanned.get('src/routes/files.js')?.facts).toEqual([{ kind: 'use', specifier: './analytics', export: 'initAnalytics', gated: false }]);
    expect(scanned.get('src/app.js')?.parsed).toBe(false);
    expectSameAsEditor(files, scanned);
  });
});

describe('held-back files and the scan cache', () => {
  it('a route cached as held back is parsed once the service it imports starts serving a file', async () => {
    const files = { 'src/app.js': ROUTE('./services/files', 'streamFile'), 'src/services/files.js': PRESENTER.replace('presentFile', 'streamFile') };
    const root = tempProject(files, 'precedent-held-back-cache-');
    roots.push(root);
    const cacheFile = join(root, '.cache.json');
    const scan = async () => {
      const cache = ScanCache.load(cacheFile, cacheVersion([]));
      const results = await scanProject({ root, files: Object.keys(files).sort(), configs: [], cache, threads: 0 });
      return new Map(results.map((result) => [result.path, result]));
    };
    expect((await scan()).get('src/app.js')).toMatchObject({ parsed: false, findings: [] });
    writeFileSync(join(root, 'src/services/files.js'), `${SERVICE}\n// now serves the stored file\n`);
    const rescanned = await scan();
    expect(rescanned.get('src/app.js')?.parsed).toBe(true);
    expect(findings(rescanned.get('src/app.js'))).toEqual([expect.stringContaining('hands the request to streamFile() in src/services/files.js')]);
  });

  it('a scan of part of the project does not take a held-back result from the cache', async () => {
    const files = { 'src/app.js': ROUTE('./presenters/files', 'presentFile'), 'src/presenters/files.js': PRESENTER };
    const root = tempProject(files, 'precedent-held-back-cache-');
    roots.push(root);
    const cache = () => ScanCache.load(join(root, '.cache.json'), cacheVersion([]));
    await scanProject({ root, files: Object.keys(files).sort(), configs: [], cache: cache(), threads: 0 });
    const [part] = await scanProject({ root, files: Object.keys(files).sort(), part: ['src/app.js'], configs: [], cache: cache(), threads: 0 });
    expect(part).toMatchObject({ path: 'src/app.js', parsed: true });
    expect(part.heldBack).toBeUndefined();
  });
});
