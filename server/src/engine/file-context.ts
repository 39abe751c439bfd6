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

/**
 * What a file is for by its name, then by its folders, in this order of precedence: a test file,
 * a test folder, a generated file, a generated folder, a story, an example folder.
 */
const BY_NAME_AND_FOLDER = [
  // Tests, and folders whose files exist only for tests (unit, end-to-end, fixtures, mocks).
  { context: 'test', file: /\.(?:test|spec|e2e|cy)\.[^/]+$/i, named: 'a test file', folder: /(?:^|\/)(__tests__|__mocks__|__fixtures__|tests?|spec|e2e|cypress|playwright|fixtures?|mocks?|test[-_]?(?:utils?|helpers?|support))\//i },
  // Code written by a tool, in a folder of its own or marked so by its name.
  { context: 'generated', file: /\.(?:generated|gen)\.[^/]+$/i, named: 'a generated file', folder: /(?:^|\/)(__generated__|generated)\//i },
  // Demos, samples, sandboxes and story books: code that shows how to use something, run by no user.
  { context: 'example', file: /\.stories\.[^/]+$/i, named: 'a Storybook story', folder: /(?:^|\/)(examples?|demos?|samples?|sandbox(?:es)?|playgrounds?|starters?|boilerplates?|stories|\.storybook)\//i },
] as const;

/** Scaffolds printed once by a `create-…` tool: a package inside a templates folder. */
const TEMPLATE_FOLDER = /(?:^|\/)templates?\//i;
/** Package names and keywords that say "this package is a demo". */
const EXAMPLE_PACKAGE = /(?:^|[-_/@.])(examples?|demos?|samples?|sandbox|playground|starter|boilerplate)(?:$|[-_/.])/i;

/**
 * What a file's name alone says of it (a test, generated code or a story), before its folders and
 * package: fileContext decides the same for every file of a folder with the same answer.
 */
export function nameContext(name: string): FileContext | undefined {
  return BY_NAME_AND_FOLDER.find(({ file }) => file.test(name))?.context;
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
  const named = nameContext(path.slice(path.lastIndexOf('/') + 1));
  for (const { context, named: reason, folder } of BY_NAME_AND_FOLDER) {
    if (named === context) return { context, reason };
    const folderReason = under(path, folder);
    if (folderReason) return { context, reason: folderReason };
  }
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
