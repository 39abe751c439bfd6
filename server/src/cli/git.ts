// The files git reports changed, for --changed-since and --staged. Runs the git CLI with fixed
// arguments (never a shell, never code from the workspace); paths come back relative to `root`.
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export class GitError extends Error {}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new GitError('git is not installed or not on the PATH; --changed-since and --staged need it'));
      reject(new GitError(`git ${args[0]} failed: ${stderr.trim() || error.message}`));
    });
  });
}

/** NUL-separated output (-z), so that no file name is quoted or split. */
const names = (output: string) => output.split('\0').filter(Boolean);

export type ChangeSelection = { since: string } | { staged: true };

/**
 * Added, copied, modified and renamed files (deleted ones have nothing to lint): staged ones, or
 * those changed since the merge base of `since` and HEAD, committed or not, and untracked ones.
 */
export async function changedFiles(root: string, selection: ChangeSelection): Promise<string[]> {
  const top = (await git(root, ['rev-parse', '--show-toplevel']).catch((error: GitError) => {
    throw error.message.startsWith('git is not') ? error : new GitError(`${root} is not inside a git repository`);
  })).trim();
  let changed: string[];
  if ('staged' in selection) changed = names(await git(top, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR']));
  else {
    if (selection.since.startsWith('-')) throw new GitError(`not a git revision: ${selection.since}`);
    const mergeBase = await git(top, ['merge-base', selection.since, 'HEAD']).catch(() => {
      throw new GitError(`unknown git revision "${selection.since}" (fetch it first, e.g. git fetch origin main, with enough history for a merge base)`);
    });
    changed = [
      ...names(await git(top, ['diff', '--name-only', '-z', '--diff-filter=ACMR', mergeBase.trim()])),
      ...names(await git(top, ['ls-files', '--others', '--exclude-standard', '-z'])),
    ];
  }
  // git answers with symbolic links resolved.
  const realRoot = realpathSync(root);
  return [...new Set(changed.map((path) => relative(realRoot, join(top, path)).split(sep).join('/')))].filter((path) => !path.startsWith('../')).sort();
}
