// public-upload-directory: an upload folder whose uploads the file shows to be pictures is reported
// at info with a message that says so; the same mount without that evidence stays a warning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../server/src/engine/lint';

const FIXTURES = join(__dirname, 'fixtures', 'public-upload-directory');

function served(file: string) {
  return lintText(readFileSync(join(FIXTURES, file), 'utf8'), `src/${file}`).findings.filter((finding) => finding.ruleId === 'public-upload-directory');
}

describe('public-upload-directory and picture uploads', () => {
  it('reports a folder of album covers at info, naming the evidence', () => {
    const [finding] = served('hapi-cover-uploads.js');
    expect(finding.severity).toBe('info');
    expect(finding.message).toContain('/albums/{id}/covers');
  });

  it('reports an avatar folder whose upload filter takes images at info', () => {
    expect(served('avatar-uploads.js').map((finding) => finding.severity)).toEqual(['info']);
  });

  it('keeps the warning for an upload folder with no picture evidence, next to a static images folder', () => {
    expect(served('document-uploads.js').map((finding) => finding.severity)).toEqual(['warning']);
    expect(served('mounts.js').map((finding) => finding.severity)).not.toContain('info');
  });
});
