// Bundles the real-editor tests: the extension-host suite (loaded by VS Code, `vscode` external)
// and the runners (playwright-core and @vscode/test-electron are required at run time, not bundled).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: ['test/e2e/suite/index.ts'], outfile: 'out/e2e/suite/index.js', external: ['vscode'] }),
  ...['run-code-server', 'run-electron', 'ui-smoke'].map((name) =>
    build({ ...common, entryPoints: [`test/e2e/${name}.ts`], outfile: `out/e2e/${name}.js`, external: ['playwright-core', '@vscode/test-electron'] }),
  ),
]);
