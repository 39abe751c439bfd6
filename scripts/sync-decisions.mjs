// Copies the verified decision registry from ../shared/decisions into rules/, where the build
// bundles it (the built extension never reads ../shared at run time). Run after shared changes.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('..', import.meta.url));
for (const [from, to] of [
  ['../shared/decisions/decisions.json', 'rules/decisions.data.json'],
  ['../shared/decisions/password-policy.json', 'rules/password-policy.data.json'],
]) {
  copyFileSync(new URL(from, `file://${root}`), new URL(to, `file://${root}`));
  console.log(`${from} -> ${to}`);
}
