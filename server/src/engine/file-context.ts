// What a file is for — production code, an example or demo, a test, generated code — decided from
// its path relative to the scanned project's root and from the package it belongs to. Pure: the
// package facts are read by the scan (package-facts.ts). Rules declare the contexts they run in;
// example code is reported as information unless the project asks to treat it as production.
import type { FileContext } from '../../../rules/api';
import type { Finding } from './types';

export interface ContextDecision {
  context: FileContext;
  /** Why, for the finding's message: "under examples/", "in package demo-app". */
  reason?: string;
}

/** The nearest package.json of a file, as the scan read it. `dir` is root-relative ('' = the root). */
export interface PackageFacts {
  dir: string;
  name?: string;
  private?: boolean;
  keywords?: string[];
}

const PRODUCTION: ContextDecision = { context: 'production' };

/** Folders whose files exist only for tests (unit, end-to-end, fixtures, mocks). */
const TEST_FOLDER = /(?:^|\/)(__tests__|__mocks__|__fixtures__|tests?|spec|e2e|cypress|playwright|fixtures?|mocks?|test[-_]?(?:utils?|helpers?|support))\//i;
const TEST_FILE = /\.(?:test|spec|e2e|cy)\.[^/]+$/i;
/** Folders of code written by a tool, and files marked so by their name. */
const GENERATED_FOLDER = /(?:^|\/)(__generated__|generated)\//i;
const GENERATED_FILE = /\.(?:generated|gen)\.[^/]+$/i;
/** Demos, samples, sandboxes and story books: code that shows how to use something, run by no user. */
const EXAMPLE_FOLDER = /(?:^|\/)(examples?|demos?|samples?|sandbox(?:es)?|playgrounds?|starters?|boilerplates?|stories|\.storybook)\//i;
const EXAMPLE_FILE = /\.stories\.[^/]+$/i;
/** Scaffolds printed once by a `create-…` tool: a package inside a templates folder. */
const TEMPLATE_FOLDER = /(?:^|\/)templates?\//i;
/** Package names and keywords that say "this package is a demo". */
const EXAMPLE_PACKAGE = /(?:^|[-_/@.])(examples?|demos?|samples?|sandbox|playground|starter|boilerplate)(?:$|[-_/.])/i;

/**
 * What a file's name alone says of it (a test, generated code or a story), before its folders and
 * package: fileContext decides the same for every file of a folder with the same answer.
 */
export function nameContext(name: string): FileContext | undefined {
  return TEST_FILE.test(name) ? 'test' : GENERATED_FILE.test(name) ? 'generated' : EXAMPLE_FILE.test(name) ? 'example' : undefined;
}

/** The first folder of `path` matched by `pattern`, as "under <folder>/". */
function under(path: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(path);
  return match ? `under ${path.slice(0, match.index + match[0].length)}` : undefined;
}

/**
 * The context of a file at `path` (relative to the scanned root, forward slashes), given its
 * nearest package.json. The root's own package never makes its files examples: a project scanned
 * on purpose (an examples folder, a starter repository) is the user's production code.
 */
export function fileContext(path: string, pkg?: PackageFacts): ContextDecision {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (TEST_FILE.test(name)) return { context: 'test', reason: 'a test file' };
  const test = under(path, TEST_FOLDER);
  if (test) return { context: 'test', reason: test };
  if (GENERATED_FILE.test(name)) return { context: 'generated', reason: 'a generated file' };
  const generated = under(path, GENERATED_FOLDER);
  if (generated) return { context: 'generated', reason: generated };
  if (EXAMPLE_FILE.test(name)) return { context: 'example', reason: 'a Storybook story' };
  const example = under(path, EXAMPLE_FOLDER);
  if (example) return { context: 'example', reason: example };
  if (pkg && pkg.dir !== '') {
    if (TEMPLATE_FOLDER.test(`${pkg.dir}/`)) return { context: 'example', reason: `in the project template ${pkg.dir}/` };
    const label = pkg.name ?? pkg.dir;
    // Only an unpublished package: a library may well be named after what it demonstrates.
    if (pkg.private && pkg.name && EXAMPLE_PACKAGE.test(pkg.name)) return { context: 'example', reason: `in the package ${label}` };
    if (pkg.keywords?.some((keyword) => EXAMPLE_PACKAGE.test(keyword))) return { context: 'example', reason: `in the package ${label}, whose keywords mark it as an example` };
  }
  return PRODUCTION;
}

/** Whether a cached result was linted in the context a file has now (LintResult.context omits production). */
export function sameContext(cached: ContextDecision | undefined, now: ContextDecision): boolean {
  return (cached?.context ?? 'production') === now.context && cached?.reason === now.reason;
}

/**
 * Example code runs for no user: its findings inform, and say why they are not warnings (at lint
 * time, and when the project step settles a pending finding).
 */
export function asExampleFinding(finding: Finding, context: ContextDecision): Finding {
  const note = `Reported as information because this file is example code (${context.reason}); set "includeExamples": true in .precedent.json or pass --include-examples to report it as production code.`;
  return { ...finding, severity: 'info', message: `${finding.message} ${note}` };
}
