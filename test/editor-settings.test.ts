// The extension's contributed settings stay in step with the rules: every rule's severity and
// options (from the generated config schema) are offered in settings.json.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index';

const REPO = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const settings = manifest.contributes.configuration.properties;

describe('contributed settings', () => {
  it('are in sync with schema/precedent.schema.json (npm run docs)', () => {
    const check = spawnSync(process.execPath, [join(REPO, 'scripts', 'sync-settings.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('offer every rule with its severities and options', () => {
    expect(Object.keys(settings['precedent.rules'].properties).sort()).toEqual(rules.map((rule) => rule.meta.id).sort());
    const password = settings['precedent.rules'].properties['weak-password-policy'].anyOf;
    expect(password[0].enum).toEqual(['error', 'warning', 'info', 'off']);
    expect(password[1].properties.options.properties.targetLength.type).toBe('integer');
  });

  it('describe every setting and give it a default', () => {
    for (const [key, setting] of Object.entries<{ description?: string; markdownDescription?: string; default?: unknown }>(settings)) {
      expect(setting.description ?? setting.markdownDescription, key).toBeTruthy();
      expect(setting.default, key).not.toBeUndefined();
    }
    expect(settings['precedent.logLevel'].enum).toEqual(['error', 'warning', 'info', 'debug']);
    expect(settings['precedent.scanOnStartup'].default).toBe(false);
  });
});
