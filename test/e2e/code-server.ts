// What both code-server runners share: the test tooling installed by scripts/test-setup.sh in
// .tools/ (never a dependency of the extension), scratch folders so nothing is written under the
// home directory, a VS Code server started in its own process group, and headless Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

export const REPO = resolve(__dirname, '..', '..');
const TOOLS = join(REPO, '.tools', 'node_modules');
export const CODE_SERVER = join(TOOLS, 'code-server');
export const CHROMIUM = '/usr/bin/chromium';

/** Fails loudly when the tooling is missing: these tests must never pass by being skipped. */
export function requireTooling(): void {
  const missing = [CHROMIUM, join(CODE_SERVER, 'lib', 'vscode', 'out', 'server-main.js'), join(TOOLS, 'playwright-core')].filter((path) => !existsSync(path));
  if (missing.length > 0) throw new Error(`missing test tooling (run npm run test:setup): ${missing.join(', ')}`);
}

// The part of playwright-core's API the runners use: playwright-core lives in .tools/ (installed by
// the setup script), so its own types are not available to the project's type check.
export interface Locator {
  click(options?: { timeout?: number; force?: boolean }): Promise<void>;
  waitFor(options?: { timeout?: number }): Promise<void>;
  first(): Locator;
  locator(selector: string, options?: { hasText?: string }): Locator;
  getByText(text: string, options?: { exact?: boolean }): Locator;
  getAttribute(name: string): Promise<string | null>;
  innerText(): Promise<string>;
  count(): Promise<number>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}
export interface FrameLocator {
  frameLocator(selector: string): FrameLocator;
  getByText(text: string): Locator;
}
export interface Page {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  exposeFunction(name: string, callback: (...args: never[]) => unknown): Promise<void>;
  locator(selector: string, options?: { hasText?: string }): Locator;
  keyboard: { press(keys: string): Promise<void>; type(text: string): Promise<void> };
  mouse: { move(x: number, y: number): Promise<void> };
  screenshot(options: { path: string }): Promise<unknown>;
  frameLocator(selector: string): FrameLocator;
}
export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
interface BrowserType {
  launch(options: { executablePath: string; env: Record<string, string>; args: string[] }): Promise<Browser>;
}

export function chromium(): BrowserType {
  return (createRequire(join(TOOLS, 'x.js'))('playwright-core') as { chromium: BrowserType }).chromium;
}

export interface Scratch {
  root: string;
  /** A copy of examples/, opened as the workspace (tests edit it). */
  workspace: string;
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

export function scratch(name: string): Scratch {
  const root = mkdtempSync(join(tmpdir(), `precedent-${name}-`));
  const workspace = join(root, 'examples');
  cpSync(join(REPO, 'examples'), workspace, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: join(root, 'tmp') };
  for (const [variable, folder] of [['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_STATE_HOME', 'state'], ['HOME', 'home']]) {
    env[variable] = join(root, folder);
  }
  for (const folder of ['tmp', 'config', 'data', 'cache', 'state', 'home']) mkdirSync(join(root, folder));
  return { root, workspace, env, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  stop(): void;
}

/** Starts a server in its own process group and waits until `probe` answers. */
export async function startServer(command: string, args: string[], probe: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<RunningServer> {
  const child: ChildProcess = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  // The server's file watcher child outlives a SIGTERM to the parent: end the whole group.
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const url = new URL(probe).origin;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(probe)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`server did not answer ${probe} within 60 s`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}

export async function launchChromium(env: NodeJS.ProcessEnv): Promise<Browser> {
  return chromium().launch({
    executablePath: CHROMIUM,
    env: env as Record<string, string>,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
