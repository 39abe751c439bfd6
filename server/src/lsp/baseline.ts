// The baseline in the editor (setting precedent.baseline): findings a team accepted are shown
// as information or hidden. The file is re-read when its modification time changes.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Baseline, BaselineError, DEFAULT_BASELINE_FILE } from '../engine/baseline';
import type { Finding } from '../engine/types';

export interface BaselineSettings {
  /** info: baselined findings at information severity; hide: not shown; off: the baseline is ignored. */
  mode: 'info' | 'hide' | 'off';
  /** Relative to the workspace folder, or absolute. */
  file: string;
}

export const DEFAULT_BASELINE_SETTINGS: BaselineSettings = { mode: 'info', file: DEFAULT_BASELINE_FILE };

export class EditorBaselines {
  private readonly loaded = new Map<string, { mtimeMs: number; baseline?: Baseline }>();

  constructor(private readonly warn: (message: string) => void) {}

  /** The findings of `path` (relative to `root`) as the editor shows them. */
  apply(root: string, path: string, findings: Finding[], settings: Partial<BaselineSettings> | undefined): Finding[] {
    const { mode, file } = { ...DEFAULT_BASELINE_SETTINGS, ...settings };
    if (mode === 'off' || findings.length === 0) return findings;
    const baseline = this.load(resolve(root, file));
    if (!baseline) return findings;
    if (mode === 'hide') return findings.filter((finding) => !baseline.has(root, path, finding));
    return findings.map((finding) => (baseline.has(root, path, finding) ? { ...finding, severity: 'info' } : finding));
  }

  private load(file: string): Baseline | undefined {
    const mtimeMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) return undefined;
    const known = this.loaded.get(file);
    if (known?.mtimeMs === mtimeMs) return known.baseline;
    let baseline: Baseline | undefined;
    try {
      baseline = Baseline.read(file);
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      this.warn(error.message);
    }
    this.loaded.set(file, { mtimeMs, baseline });
    return baseline;
  }
}
