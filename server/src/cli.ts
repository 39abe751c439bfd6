// `precedent [paths…]`: the same engine as the editor, for CI. Exit codes: 0 clean (or within
// --max-warnings / --fail-level), 1 findings, 2 usage, configuration, baseline or git error.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { applyBaseline, Baseline, BaselineError, formatBaseline } from './engine/baseline';
import { cacheVersion, ScanCache } from './engine/cache';
import { fileKind } from './engine/languages';
import { closeWorkerPool } from './engine/scan';
import { listFiles, listProject, loadProjectConfig } from './engine/workspace';
import { changedFiles, GitError } from './cli/git';
import { runMerge } from './cli/merge';
import { type CliOptions, type FailLevel, HELP, parseCliOptions, UsageError } from './cli/options';
import { scanProject, shardOf } from './cli/project-scan';
import { formatHtmlReport, formatMarkdownReport } from './report/audit-report';
import { uriPath } from './report/escape';
import { formatGithub } from './report/github';
import { formatGitlab } from './report/gitlab';
import { formatJson } from './report/json';
import { formatSarif } from './report/sarif';
import { type ScanReport, type Summary, summarize } from './report/scan-report';
import { formatStylish } from './report/stylish';

declare const PRECEDENT_VERSION: string;
const VERSION = typeof PRECEDENT_VERSION === 'string' ? PRECEDENT_VERSION : '0.0.0-dev';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'merge') return runMerge(argv.slice(1), io);
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    io.stderr(`precedent: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (options.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  try {
    const { report, displayPath, partial } = await scan(options, io);
    if (options.writeBaseline) {
      const file = resolve(io.cwd, options.writeBaseline);
      // A partial scan keeps the entries of the files it did not scan.
      const previous = partial && existsSync(file) ? Baseline.read(file) : undefined;
      writeFileSync(file, formatBaseline(file, report.root, report.results, previous));
      const count = report.results.reduce((sum, result) => sum + result.findings.length, 0);
      io.stderr(`precedent: wrote ${count} finding${count === 1 ? '' : 's'} of ${report.results.length} files to ${relative(io.cwd, file) || file}\n`);
      return reportConfigProblems(report, io) ? 2 : 0;
    }
    const reportLink = (path: string, line: number) => `${uriPath(displayPath(path), sep)}#L${line + 1}`;
    const formatters: Record<CliOptions['format'], () => string> = {
      json: () => formatJson(report, VERSION),
      sarif: () => formatSarif(report, VERSION),
      github: () => formatGithub(report, displayPath),
      gitlab: () => formatGitlab(report, displayPath),
      markdown: () => formatMarkdownReport(report, { link: reportLink, generatedAt: new Date() }),
      html: () => formatHtmlReport(report, { link: reportLink, generatedAt: new Date() }),
      stylish: () => formatStylish(report, { color: io.isTty && !options.output, displayPath }),
    };
    const output = formatters[options.format]();
    if (options.output) writeFileSync(resolve(io.cwd, options.output), output);
    else io.stdout(output);
    if (reportConfigProblems(report, io, options.format === 'stylish' && !options.output)) return 2;
    return failed(summarize(report), options) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof BaselineError || error instanceof GitError) {
      io.stderr(`precedent: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** Whether the findings fail the run; stylish output already shows config problems. */
function reportConfigProblems(report: ScanReport, io: CliIo, shown = false): boolean {
  if (!shown) for (const problem of report.configProblems) io.stderr(`precedent: config error in ${problem.file} at ${problem.key}: ${problem.message}\n`);
  return report.configProblems.length > 0;
}

const LEVEL_RANK: Record<FailLevel, number> = { info: 0, warning: 1, error: 2, none: 3 };

function failed(summary: Summary, { failLevel, maxWarnings }: CliOptions): boolean {
  const threshold = LEVEL_RANK[failLevel];
  if (summary.errors > 0 && threshold <= LEVEL_RANK.error) return true;
  if (threshold > LEVEL_RANK.warning) return false;
  if (maxWarnings !== undefined) return summary.warnings > maxWarnings;
  return summary.warnings > 0 || (threshold <= LEVEL_RANK.info && summary.infos > 0);
}

/**
 * One directory argument is the project root (its .precedent.json applies); otherwise the root
 * is the working directory and the arguments select files or folders inside it (pre-commit passes
 * file names). Git selections and shards narrow the files reported; the rest of the project
 * still supplies its cross-file facts.
 */
async function scan(options: CliOptions, io: CliIo): Promise<{ report: ScanReport; displayPath: (path: string) => string; partial: boolean }> {
  const targets = (options.paths.length > 0 ? options.paths : ['.']).map((path) => resolve(io.cwd, path));
  for (const target of targets) {
    if (!existsSync(target)) throw new UsageError(`no such file or directory: ${relative(io.cwd, target) || target}`);
  }
  const singleDirectory = targets.length === 1 && statSync(targets[0]).isDirectory();
  const root = singleDirectory ? targets[0] : io.cwd;
  const project = loadProjectConfig(root, options.config && resolve(io.cwd, options.config));
  const ignore = project.config.ignore;
  const onWarning = (message: string) => io.stderr(`precedent: warning: ${message}\n`);
  // The command line's word on example code comes after the config file's.
  const configs = options.includeExamples ? [project.config, { includeExamples: true }] : [project.config];
  const cache = options.cacheFile
    ? ScanCache.load(options.cacheFile === true ? join(root, '.precedent-cache') : resolve(io.cwd, options.cacheFile), cacheVersion(configs))
    : undefined;
  // The cache keeps the walk too: a warm scan checks its folders instead of walking them.
  const { files, packageManifests } = await listProject(root, { ignore, onWarning, listing: cache });
  let part: string[] | undefined;
  if (!singleDirectory) {
    part = [];
    for (const target of targets) {
      const inside = relative(root, target);
      if (inside.startsWith('..') || isAbsolute(inside)) throw new UsageError(`${target} is outside the working directory; scan it as a single folder argument`);
      if (statSync(target).isDirectory()) part.push(...(await listFiles(root, { ignore, only: [inside || '.'], onWarning })));
      else if (fileKind(inside)) part.push(inside.split('\\').join('/'));
      else io.stderr(`precedent: ${inside}: not a supported file type, skipped\n`);
    }
    part = [...new Set(part)];
  }
  const gitSelection = options.staged ? ({ staged: true } as const) : options.changedSince !== undefined ? { since: options.changedSince } : undefined;
  if (gitSelection) {
    const changed = new Set(await changedFiles(root, gitSelection));
    part = (part ?? files).filter((file) => changed.has(file));
  }
  if (options.shard) part = shardOf(part ?? files, options.shard.index, options.shard.count);
  let results = await scanProject({
    root,
    files,
    part,
    withDependents: gitSelection !== undefined,
    configs,
    cache,
    packageManifests,
    threads: options.threads,
    timeBudgetMs: options.timeBudgetMs,
    onProgress: (done, total) => {
      if (io.isTty) io.stderr(`\rScanning ${done}/${total} files…`);
    },
  });
  await closeWorkerPool();
  if (io.isTty) io.stderr('\r\u001b[K');
  let baseline: ScanReport['baseline'];
  if (options.baseline && !options.writeBaseline) ({ results, outcome: baseline } = applyBaseline(root, results, Baseline.read(resolve(io.cwd, options.baseline)), part === undefined));
  const prefix = relative(io.cwd, root);
  return {
    report: { root, results, configProblems: project.problems, baseline },
    displayPath: (path) => (prefix ? join(prefix, path) : path),
    partial: part !== undefined,
  };
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stderr.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`precedent: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
