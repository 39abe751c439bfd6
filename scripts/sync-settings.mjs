// Copies each rule's severity and options schema from the generated config schema
// (schema/precedent.schema.json, `npm run docs`) into the `precedent.rules` setting VS Code shows,
// so settings.json completes and validates the same rules and options as .precedent.json.
// `--check` exits 1 when package.json is stale (test/editor-settings.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';

const packageUrl = new URL('../package.json', import.meta.url);
const packageText = readFileSync(packageUrl, 'utf8');
const manifest = JSON.parse(packageText);
const schema = JSON.parse(readFileSync(new URL('../schema/precedent.schema.json', import.meta.url), 'utf8'));
const setting = manifest.contributes.configuration.properties['precedent.rules'];
setting.properties = schema.properties.rules.properties;
const updated = `${JSON.stringify(manifest, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (updated !== packageText) {
    console.error('package.json precedent.rules is stale: run npm run docs');
    process.exit(1);
  }
} else if (updated !== packageText) writeFileSync(packageUrl, updated);
