// Entry point of the extension-host suite, in the shape @vscode/test-electron (and code-server's
// `extensionTestsPath`) loads: `run()` resolves when every test passed and rejects otherwise.
// A small sequential runner: the tests share one editor and run in order.
import { tests } from './editor';

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const { name, body } of tests) {
    const started = Date.now();
    try {
      await body();
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failures.push(name);
      console.log(`  ✗ ${name}\n    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  console.log(`${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${failures.length} extension-host test(s) failed: ${failures.join('; ')}`);
}
