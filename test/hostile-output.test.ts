// Text from the workspace (file names, strings quoted in findings) reaches Markdown, HTML and SARIF
// as itself: never as a link, markup or a broken URI (issue 12, "wrong results").
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCode, uriPath } from '../server/src/report/escape';
import { LspSession } from './helpers/lsp-client';
import { tempProject } from './helpers/temp-project';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

const HOSTILE_ROUTE = "const express = require('express');\nconst app = express();\napp.get('/x/[Re-login](https://evil.example)/:name', (req, res) => {\n  res.sendFile(req.params.name);\n});\n";
const HOSTILE_NAME = 'a\n<img src=x onerror=alert(1)>`x`.js';

describe('escaping helpers', () => {
  it('keeps Markdown inline text from becoming links, HTML, emphasis or a new block', () => {
    const escaped = escapeMarkdown('see [Re-login](https://evil.example) <b>*x*</b> | www.evil.example &amp;\n# title');
    expect(escaped).toBe('see \\[Re-login\\](https\\://evil.example) \\<b\\>\\*x\\*\\</b\\> \\| www\\.evil.example \\&amp; \\# title');
  });

  it('writes any text as one code span, backticks and line breaks included', () => {
    expect(markdownCode('plain')).toBe('`plain`');
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('one\ntwo\r\nthree\u0007')).toBe('`one\\ntwo\\r\\nthree\\u0007`');
  });

  it('escapes HTML and encodes every URI path segment', () => {
    expect(escapeHtml('<a href="x">\'&')).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
    expect(uriPath('src/#hash?.ts')).toBe('src/%23hash%3F.ts');
    expect(uriPath('dir\\a%b.ts', '\\')).toBe('dir/a%25b.ts');
  });
});

describe('reports of a hostile workspace', () => {
  const root = tempProject({ 'r.js': HOSTILE_ROUTE, 'src/#hash?.ts': 'export const s = z.object({ password: z.string().min(6) });\n' });
  writeFileSync(join(root, HOSTILE_NAME), Buffer.from([0x78, 0, 0x79]));

  it('Markdown: a skipped file named with a newline and HTML stays inside its code span', () => {
    const { stdout } = cli(['.', '--format', 'markdown'], root);
    expect(stdout).toContain('- ``a\\n<img src=x onerror=alert(1)>`x`.js``: skipped: binary file');
    expect(stdout).not.toMatch(/^<img/m);
    expect(stdout).toContain('\\[Re-login\\](https\\://evil.example)');
  });

  it('HTML: names and messages are escaped', () => {
    const { stdout } = cli(['.', '--format', 'html'], root);
    expect(stdout).not.toContain('<img');
    expect(stdout).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('SARIF: a file named #hash?.ts gets a URI that resolves to that file', () => {
    const { stdout } = cli(['.', '--format', 'sarif'], root);
    const run = JSON.parse(stdout).runs[0];
    const uris: string[] = run.results.map((result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => result.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('src/%23hash%3F.ts');
    const resolved = new URL('src/%23hash%3F.ts', run.originalUriBaseIds['%SRCROOT%'].uri);
    expect(resolved.href).toBe(pathToFileURL(join(root, 'src/#hash?.ts')).href);
  });
});

describe('hover of a hostile finding', () => {
  let session: LspSession | undefined;
  afterAll(async () => session?.stop());

  it('never renders a route path quoted from the code as a live link', async () => {
    const root = tempProject({});
    session = await LspSession.start(root);
    const uri = pathToFileURL(join(root, 'r.js')).href;
    await session.open(uri, 'javascript', HOSTILE_ROUTE);
    const published = await session.until(() => session!.diagnostics.get(uri));
    const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: published.diagnostics[0].range.start })) as { contents: { value: string } };
    // The hover leaves the message (plain text in the diagnostic) out: the quoted code never reaches Markdown.
    expect(published.diagnostics[0].message).toContain('[Re-login](https://evil.example)');
    expect(hover.contents.value).not.toContain('evil.example');
  });
});
