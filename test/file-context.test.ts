// A file's context (production, example, test, generated) from its path relative to the scanned
// root and its package; example findings are information, tests are never linted, and a cached
// result is reused only in the context it was linted in.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheVersion, ScanCache } from '../server/src/engine/cache';
import { fileContext } from '../server/src/engine/file-context';
import { lintText } from '../server/src/engine/lint';
import { PackageFactsReader } from '../server/src/engine/package-facts';
import { scanFiles } from '../server/src/engine/scan';
import { tempProject } from './helpers/temp-project';

const WEAK = 'export const s = z.object({ password: z.string().min(6) });\n';

describe('fileContext from path conventions', () => {
  it.each([
    ['src/signup.ts', 'production'],
    ['docs/src/theme/Layout.tsx', 'production'],
    ['website/docusaurus.config.js', 'production'],
    ['apps/docs/app/layout.tsx', 'production'],
    ['src/templates/welcome.ts', 'production'],
    ['examples/next-app/pages/signup.tsx', 'example'],
    ['packages/core/example/server.js', 'example'],
    ['apps/demo/src/app.ts', 'example'],
    ['sandbox/index.js', 'example'],
    ['packages/ui/src/Button.stories.tsx', 'example'],
    ['playgrounds/vue/main.ts', 'example'],
    ['src/signup.test.ts', 'test'],
    ['src/__tests__/signup.ts', 'test'],
    ['e2e/signup.spec.tsx', 'test'],
    ['cypress/support/commands.js', 'test'],
    ['test/fixtures/signup.ts', 'test'],
    ['examples/app/e2e/login.ts', 'test'],
    ['packages/core/src/test-utils/instance.ts', 'test'],
    ['src/__generated__/graphql.ts', 'generated'],
    ['src/api.generated.ts', 'generated'],
  ])('%s is %s', (path, context) => {
    expect(fileContext(path).context).toBe(context);
  });

  it('names the folder that decided', () => {
    expect(fileContext('packages/core/examples/basic/server.js').reason).toBe('under packages/core/examples/');
  });
});

describe('fileContext from package facts', () => {
  it('marks an unpublished package named as a demo, or with example keywords, as example code', () => {
    expect(fileContext('apps/web/src/a.ts', { dir: 'apps/web', name: 'next-auth-example', private: true }).context).toBe('example');
    expect(fileContext('apps/web/src/a.ts', { dir: 'apps/web', name: 'next-auth-example' }).context).toBe('production');
    expect(fileContext('apps/web/src/a.ts', { dir: 'apps/web', name: 'web', keywords: ['demo'] }).context).toBe('example');
    expect(fileContext('apps/web/src/a.ts', { dir: 'apps/web', name: 'web', private: true }).context).toBe('production');
  });

  it('marks a package inside a templates folder (a scaffold) as example code, not a templates folder of an app', () => {
    expect(fileContext('packages/create-app/templates/basic/src/auth.ts', { dir: 'packages/create-app/templates/basic', name: 'basic' }).context).toBe('example');
    expect(fileContext('server/templates/mail.ts', { dir: '', name: 'server' }).context).toBe('production');
  });

  it('never makes the scanned root’s own package an example: the user scans it on purpose', () => {
    expect(fileContext('src/a.ts', { dir: '', name: 'gatsby-starter-blog', private: true, keywords: ['starter'] }).context).toBe('production');
  });

  it('reads the nearest package.json up to the root', () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'monorepo', private: true }),
      'apps/shop-demo/package.json': JSON.stringify({ name: 'shop-demo', private: true }),
      'apps/shop-demo/src/deep/a.ts': WEAK,
      'apps/web/src/a.ts': WEAK,
      'apps/broken/package.json': '{ not json',
      'apps/broken/a.ts': WEAK,
    });
    const reader = new PackageFactsReader(root);
    expect(reader.contextOf('apps/shop-demo/src/deep/a.ts')).toEqual({ context: 'example', reason: 'in the package shop-demo' });
    expect(reader.contextOf('apps/web/src/a.ts').context).toBe('production');
    expect(reader.contextOf('apps/broken/a.ts').context).toBe('production');
  });

  it('decides once per folder and kind of name what it would decide file by file', () => {
    const root = tempProject({ 'apps/shop-demo/package.json': JSON.stringify({ name: 'shop-demo', private: true }), 'apps/web/package.json': '{ "name": "web" }' });
    const names = ['a.ts', 'b.tsx', 'a.test.ts', 'a.spec.js', 'a.generated.ts', 'a.gen.js', 'a.stories.tsx', 'b.stories.ts'];
    const folders = ['', 'apps/shop-demo/src', 'apps/web/src', 'apps/web/src/__tests__', 'apps/web/src/generated', 'apps/web/examples/x', 'templates/starter/src'];
    const shared = new PackageFactsReader(root);
    for (const folder of folders) {
      for (const name of names) {
        const path = folder ? `${folder}/${name}` : name;
        expect(shared.contextOf(path), path).toEqual(new PackageFactsReader(root).contextOf(path));
      }
    }
  });

  it('takes the walk’s word on which folders hold a package.json, and asks the file system about the others', () => {
    const root = tempProject({ 'apps/shop-demo/package.json': JSON.stringify({ name: 'shop-demo', private: true }), 'apps/shop-demo/a.ts': WEAK, 'apps/web/a.ts': WEAK });
    // The walk saw no package.json in apps/shop-demo (it came after): not read.
    expect(new PackageFactsReader(root, new Map([['apps/shop-demo', false], ['apps', false], ['', false]])).contextOf('apps/shop-demo/a.ts').context).toBe('production');
    // A folder the walk did not read: the file system answers.
    expect(new PackageFactsReader(root, new Map([['', false]])).contextOf('apps/shop-demo/a.ts')).toEqual({ context: 'example', reason: 'in the package shop-demo' });
    expect(new PackageFactsReader(root, new Map([['apps/shop-demo', true]])).contextOf('apps/shop-demo/a.ts').context).toBe('example');
  });
});

describe('linting by context', () => {
  it('reports example code as information, with the reason and how to include it', () => {
    const [finding] = lintText(WEAK, 'examples/app/signup.ts').findings;
    expect(finding.severity).toBe('info');
    expect(finding.message).toContain('example code (under examples/)');
    expect(finding.message).toContain('--include-examples');
  });

  it('reports example code at the rule’s severity when the config includes examples', () => {
    const [finding] = lintText(WEAK, 'examples/app/signup.ts', { configs: [{ includeExamples: true }] }).findings;
    expect(finding.severity).toBe('error');
    expect(finding.message).not.toContain('example code');
  });

  it('never parses tests or generated code', () => {
    expect(lintText(WEAK, 'src/signup.test.ts').parsed).toBe(false);
    expect(lintText(WEAK, 'src/__generated__/signup.ts').parsed).toBe(false);
  });
});

describe('scans decide context relative to the scanned root', () => {
  it('reports the files of an examples folder normally when that folder is the root', async () => {
    const repository = tempProject({ 'examples/signup.ts': WEAK, 'src/signup.ts': WEAK });
    const whole = await scanFiles({ root: repository, files: ['examples/signup.ts', 'src/signup.ts'], configs: [] });
    expect(whole.results.map((result) => result.findings[0].severity)).toEqual(['info', 'error']);
    const examplesOnly = await scanFiles({ root: join(repository, 'examples'), files: ['signup.ts'], configs: [] });
    expect(examplesOnly.results[0].findings[0].severity).toBe('error');
  });

  it('re-lints a cached file whose package changed its context', async () => {
    const root = tempProject({ 'apps/shop/package.json': JSON.stringify({ name: 'shop', private: true }), 'apps/shop/signup.ts': WEAK });
    const cacheFile = join(root, 'cache.json');
    const files = ['apps/shop/signup.ts'];
    const first = await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, cacheVersion([])) });
    expect(first.results[0].findings[0].severity).toBe('error');
    writeFileSync(join(root, 'apps/shop/package.json'), JSON.stringify({ name: 'shop-demo', private: true }));
    const second = await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, cacheVersion([])) });
    expect(second).toMatchObject({ linted: 1, fromCache: 0 });
    expect(second.results[0].findings[0].severity).toBe('info');
    const third = await scanFiles({ root, files, configs: [], cache: ScanCache.load(cacheFile, cacheVersion([])) });
    expect(third).toMatchObject({ linted: 0, fromCache: 1 });
  });
});

describe('the CLI', () => {
  it('reports the bundled demo (npm run demo scans examples/) as production code', () => {
    const report = JSON.parse(spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), 'examples', '--format', 'json'], { cwd: join(__dirname, '..'), encoding: 'utf8' }).stdout);
    expect(report.summary.errors).toBeGreaterThan(0);
    expect(report.findings.filter((finding: { message: string }) => finding.message.includes('example code'))).toEqual([]);
  });

  it('treats example code as production with --include-examples', () => {
    const root = tempProject({ 'examples/app/signup.ts': WEAK });
    const run = (args: string[]) => JSON.parse(spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), '.', '--format', 'json', ...args], { cwd: root, encoding: 'utf8' }).stdout);
    const severities = (report: { findings: { severity: string }[] }) => report.findings.map((finding) => finding.severity);
    expect(severities(run([]))).toEqual(['info']);
    expect(severities(run(['--include-examples']))).toEqual(['error']);
  });
});
