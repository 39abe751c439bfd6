// The command line: options, their checks and the help text.
import { parseArgs } from 'node:util';
import { DEFAULT_BASELINE_FILE } from '../engine/baseline';

export const FORMATS = ['stylish', 'json', 'sarif', 'markdown', 'html', 'github', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];
const FAIL_LEVELS = ['error', 'warning', 'info', 'none'] as const;
export type FailLevel = (typeof FAIL_LEVELS)[number];

export const HELP = `Usage: precedent [paths…] [options]
       precedent merge <report.sarif|report.json>… [-o file]

Lints JS/TS, HTML/templates and config files for privacy failings that data-protection
authorities have sanctioned, and cites the decision for each finding.

Options:
  -f, --format <name>     stylish (default), json, sarif, github (workflow annotations),
                          gitlab (Code Quality report), or markdown / html (the audit report)
  -o, --output <file>     write the report to a file instead of stdout
  -c, --config <file>     use this config file instead of <root>/.precedent.json
      --max-warnings <n>  exit 0 when there is no error and at most n warnings
      --fail-level <level>  exit 1 only for findings at or above error, warning, info (default) or none
      --write-baseline [file.json]  record today's findings as accepted (default ${DEFAULT_BASELINE_FILE})
      --baseline [file.json]  report only findings not in the baseline, and its entries now gone
      --changed-since <ref>  scan only files changed since the merge base of <ref> and HEAD (git),
                          and the files whose cross-file findings depend on them
      --staged            scan only the files staged in git (and their dependents)
      --shard <i>/<n>     report only the i-th of n parts of the files (cross-file facts stay complete)
      --cache             reuse results of unchanged files from the last run
      --cache-location <file>  where the cache lives (default <root>/.precedent-cache)
      --threads <n>       worker threads that parse (default: cores − 1 on 3+ cores for scans of 48+ files; 0 = none)
      --time-budget <ms>  per-file budget in worker threads (default 15000): a file over it is reported as skipped
      --include-examples  report example and demo code (examples/, demo/, stories…) at full severity, not as information
  -h, --help              show this help
  -v, --version           print the version

Exit codes: 0 no findings (or within --max-warnings / --fail-level; with --baseline only new
findings count), 1 findings, 2 usage, configuration, baseline or git error.`;

export class UsageError extends Error {}

export interface CliOptions {
  paths: string[];
  format: Format;
  output?: string;
  config?: string;
  maxWarnings?: number;
  failLevel: FailLevel;
  baseline?: string;
  writeBaseline?: string;
  changedSince?: string;
  staged: boolean;
  shard?: { index: number; count: number };
  /** true: the default location under the root. */
  cacheFile?: string | true;
  threads?: number;
  timeBudgetMs?: number;
  /** Example and demo code reported at full severity (the config file's includeExamples, overridden). */
  includeExamples?: boolean;
  help: boolean;
  version: boolean;
}

const BASELINE_FLAGS = new Set(['--baseline', '--write-baseline']);

/**
 * `--baseline` and `--write-baseline` take an optional file: the next argument when it names a
 * .json file (so `--baseline src` still scans src), else the default file.
 */
function withBaselineValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (!BASELINE_FLAGS.has(argv[i])) out.push(argv[i]);
    else if (argv[i + 1] !== undefined && /\.json$/i.test(argv[i + 1]) && !argv[i + 1].startsWith('-')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(`${argv[i]}=${DEFAULT_BASELINE_FILE}`);
  }
  return out;
}

function wholeNumber(value: string | undefined, flag: string, minimum: number, unit = ''): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) throw new UsageError(`${flag} takes a whole number${unit} ≥ ${minimum}, got "${value}"`);
  return number;
}

/** Throws UsageError (or parseArgs' own TypeError) on bad usage. */
export function parseCliOptions(argv: string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: withBaselineValues(argv),
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      output: { type: 'string', short: 'o' },
      config: { type: 'string', short: 'c' },
      'max-warnings': { type: 'string' },
      'fail-level': { type: 'string', default: 'info' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'changed-since': { type: 'string' },
      staged: { type: 'boolean', default: false },
      shard: { type: 'string' },
      cache: { type: 'boolean' },
      'cache-location': { type: 'string' },
      threads: { type: 'string' },
      'time-budget': { type: 'string' },
      'include-examples': { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}"; use one of ${FORMATS.join(', ')}`);
  const failLevel = values['fail-level'] as FailLevel;
  if (!FAIL_LEVELS.includes(failLevel)) throw new UsageError(`--fail-level takes one of ${FAIL_LEVELS.join(', ')}, got "${values['fail-level']}"`);
  if (values['changed-since'] !== undefined && values.staged) throw new UsageError('use --changed-since or --staged, not both');
  let shard: CliOptions['shard'];
  if (values.shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(values.shard);
    const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes <i>/<n> with 1 ≤ i ≤ n, got "${values.shard}"`);
    shard = { index, count };
  }
  return {
    paths: positionals,
    format,
    output: values.output,
    config: values.config,
    maxWarnings: wholeNumber(values['max-warnings'], '--max-warnings', 0),
    failLevel,
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    changedSince: values['changed-since'],
    staged: values.staged,
    shard,
    cacheFile: values.cache || values['cache-location'] ? (values['cache-location'] ?? true) : undefined,
    threads: wholeNumber(values.threads, '--threads', 0),
    timeBudgetMs: wholeNumber(values['time-budget'], '--time-budget', 1, ' of milliseconds'),
    includeExamples: values['include-examples'],
    help: values.help,
    version: values.version,
  };
}
