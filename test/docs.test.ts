// Generated documentation must match the rules: a stale README table, rule page or config
// schema fails here (run `npm run docs`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../scripts/docs';

const root = join(__dirname, '..');

describe('generated documentation is up to date (npm run docs)', () => {
  for (const [path, content] of generatedFiles(root)) {
    it(path, () => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(content);
    });
  }
});
