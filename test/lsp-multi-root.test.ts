// A multi-root workspace: each folder lints with its own .precedent.json, a nested folder wins
// over its parent, and the report names the folder of each file.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspSession } from './helpers/lsp-client';

const base = mkdtempSync(join(tmpdir(), 'precedent-multi-'));
const web = join(base, 'web');
const legacy = join(base, 'web', 'legacy');
const api = join(base, 'api');
const WEAK = 'export const s = { password: z.string().min(6) };\n';
let session: LspSession;

beforeAll(async () => {
  for (const folder of [web, legacy, api]) mkdirSync(folder, { recursive: true });
  writeFileSync(join(legacy, '.precedent.json'), JSON.stringify({ rules: { 'weak-password-policy': 'off' } }));
  writeFileSync(join(api, '.precedent.json'), JSON.stringify({ rules: { 'weak-password-policy': 'info' } }));
  session = await LspSession.start(web, [legacy, api]);
});

afterAll(async () => {
  await session?.stop();
});

async function diagnosticsOf(path: string) {
  const uri = pathToFileURL(path).href;
  await session.open(uri, 'typescript', WEAK);
  return (await session.until(() => session.diagnostics.get(uri))).diagnostics;
}

describe('multi-root workspace', () => {
  it('applies each folder\'s own config, the deepest folder first', async () => {
    expect((await diagnosticsOf(join(web, 'signup.ts'))).map((diagnostic) => diagnostic.severity)).toEqual([1]);
    expect(await diagnosticsOf(join(legacy, 'signup.ts'))).toEqual([]);
    expect((await diagnosticsOf(join(api, 'signup.ts'))).map((diagnostic) => diagnostic.severity)).toEqual([3]);
  });

  it('names the folder of each file in the report', async () => {
    const markdown = (await session.connection.sendRequest('workspace/executeCommand', { command: 'precedent.buildReport', arguments: [{ format: 'markdown' }] })) as string;
    expect(markdown).toContain(`[web/signup.ts:1:`);
    expect(markdown).toContain(`[api/signup.ts:1:`);
  });
});
