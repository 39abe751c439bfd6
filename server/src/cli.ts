// `precedent [paths…]`: the same engine as the editor, for CI. Exit codes: 0 clean (or within
// --max-warnings), 1 findings, 2 usage or configuration error.
import { writeFileSync } from 'node:fs';
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { fileKind } from './engine/languages';
import { cacheVersion, ScanCache } from './engine/cache';
import { applyProjectFacts, ProjectIndex } from './engine/project-index';
import { closeWorkerPool, scanFiles } from './engine/scan';
import { listFiles, loadProjectConfig } from './engine/workspace';
import { formatHtmlReport, formatMarkdownReport } from './report/audit-report';
import { uriPath } from './report/escape';
import { formatJson } from './report/json';
import { formatSarif } from './report/sarif';
import { type ScanReport, summarize } from './report/scan-report';
import { formatStylish } from './report/stylish';

declare const PRECEDENT_VERSION: string;
const VERSION = typeof PRECEDENT_VERSION === 'string' ? PRECEDENT_VERSION : '0.0.0-dev';
const FORMATS = ['stylish', 'json', 'sarif', 'markdown', 'html'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: precedent [paths…] [options]

Lints JS/TS, HTML/templates and config files for privacy failings that data-protection
authorities have sanctioned, and cites the decision for each finding.

Options:
  -f, --format <name>     stylish (default), json, sarif, or markdown / html (the audit report)
  -o, --output <file>     write the report to a file instead of stdout
  -c, --config <file>     use this config file instead of <root>/.precedent.json
      --max-warnings <n>  exit 0 when there is no error and at most n warnings
      --cache             reuse results of unchanged files from the last run
      --cache-location <file>  where the cache lives (default <root>/.precedent-cache)
      --threads <n>       worker threads that parse (default: cores − 1 on 3+ cores for scans of 48+ files; 0 = none)
      --time-budget <ms>  per-file budget in worker threads (default 15000): a file over it is reported as skipped
  -h, --help              show this help
  -v, --version           print the version

Exit codes: 0 no findings (or within --max-warnings), 1 findings, 2 usage or configuration error.`;

class UsageError extends Error {}

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        'max-warnings': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        threads: { type: 'string' },
        'time-budget': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    io.stderr(`precedent: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  try {
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}"; use one of ${FORMATS.join(', ')}`);
    const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
    if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
      throw new UsageError(`--max-warnings takes a whole number ≥ 0, got "${values['max-warnings']}"`);
    }
    const threads = values.threads === undefined ? undefined : Number(values.threads);
    if (threads !== undefined && (!Number.isInteger(threads) || threads < 0)) throw new UsageError(`--threads takes a whole number ≥ 0, got "${values.threads}"`);
    const timeBudgetMs = values['time-budget'] === undefined ? undefined : Number(values['time-budget']);
    if (timeBudgetMs !== undefined && (!Number.isInteger(timeBudgetMs) || timeBudgetMs < 1)) {
      throw new UsageError(`--time-budget takes a whole number of milliseconds ≥ 1, got "${values['time-budget']}"`);
    }
    const cacheFile = values.cache || values['cache-location'] ? (values['cache-location'] ?? true) : undefined;
    const { report, displayPath } = await scan(positionals, { configFile: values.config, cacheFile, threads, timeBudgetMs }, io);
    const reportLink = (path: string, line: number) => `${uriPath(displayPath(path), sep)}#L${line + 1}`;
    const output =
      format === 'json'
        ? formatJson(report, VERSION)
        : format === 'sarif'
          ? formatSarif(report, VERSION)
          : format === 'markdown'
            ? formatMarkdownReport(report, { link: reportLink, generatedAt: new Date() })
            : format === 'html'
              ? formatHtmlReport(report, { link: reportLink, generatedAt: new Date() })
              : formatStylish(report, { color: io.isTty && !values.output, displayPath });
    if (values.output) writeFileSync(resolve(io.cwd, values.output), output);
    else io.stdout(output);
    for (const problem of report.configProblems) {
      if (format !== 'stylish' || values.output) io.stderr(`precedent: config error in ${problem.file} at ${problem.key}: ${problem.message}\n`);
    }
    if (report.configProblems.length > 0) return 2;
    const summary = summarize(report);
    if (summary.errors > 0) return 1;
    if (maxWarnings !== undefined) return summary.warnings > maxWarnings ? 1 : 0;
    return summary.warnings + summary.infos > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`precedent: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * One directory argument is the project root (its .precedent.json applies); otherwise the root
 * is the working directory and the arguments select files or folders inside it.
 */
interface ScanSettings {
  configFile?: string;
  /** true: the default location under the root. */
  cacheFile?: string | true;
  threads?: number;
  timeBudgetMs?: number;
}

async function scan(paths: string[], { configFile, cacheFile, threads, timeBudgetMs }: ScanSettings, io: CliIo): Promise<{ report: ScanReport; displayPath: (path: string) => string }> {
  const targets = (paths.length > 0 ? paths : ['.']).map((path) => resolve(io.cwd, path));
  for (const target of targets) {
    try {
      statSync(target);
    } catch {
      throw new UsageError(`no such file or directory: ${relative(io.cwd, target) || target}`);
    }
  }
  const singleDirectory = targets.length === 1 && statSync(targets[0]).isDirectory();
  const root = singleDirectory ? targets[0] : io.cwd;
  const project = loadProjectConfig(root, configFile && resolve(io.cwd, configFile));
  const files: string[] = [];
  if (singleDirectory) files.push(...(await listFiles(root, { ignore: project.config.ignore })));
  else {
    for (const target of targets) {
      const inside = relative(root, target);
      if (inside.startsWith('..') || isAbsolute(inside)) throw new UsageError(`${target} is outside the working directory; scan it as a single folder argument`);
      if (statSync(target).isDirectory()) files.push(...(await listFiles(root, { ignore: project.config.ignore, only: [inside || '.'] })));
      else if (fileKind(inside)) files.push(inside.split('\\').join('/'));
      else io.stderr(`precedent: ${inside}: not a supported file type, skipped\n`);
    }
  }
  const unique = [...new Set(files)];
  const configs = [project.config];
  const cache = cacheFile
    ? ScanCache.load(cacheFile === true ? join(root, '.precedent-cache') : resolve(io.cwd, cacheFile), cacheVersion(configs))
    : undefined;
  const { results } = await scanFiles({
    root,
    files: unique,
    configs,
    cache,
    threads,
    timeBudgetMs,
    prune: singleDirectory,
    onResult: (_, index, total) => {
      if (io.isTty) io.stderr(`\rScanning ${index + 1}/${total} files…`);
    },
  });
  await closeWorkerPool();
  // Cross-file facts (routers mounted behind auth elsewhere) settle findings once all are known.
  const index = new ProjectIndex();
  for (const result of results) index.set(result.path, result.facts);
  const settled = results.map((result) => applyProjectFacts(result, index));
  if (io.isTty && unique.length > 0) io.stderr('\r\u001b[K');
  const prefix = relative(io.cwd, root);
  return {
    report: { root, results: settled, configProblems: project.problems },
    displayPath: (path) => (prefix ? join(prefix, path) : path),
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
