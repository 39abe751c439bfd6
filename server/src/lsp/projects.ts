// Per workspace folder state: its root, its .precedent.json and the editor settings layered on
// top. A document belongs to the deepest folder that contains it.
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConfigProblem, PrecedentConfig } from '../engine/config';
import type { BaselineSettings } from './baseline';
import { loadProjectConfig } from '../engine/workspace';
import { relativeTo } from '../engine/workspace';

const LOG_LEVELS = ['error', 'warning', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface EditorSettings {
  enable: boolean;
  rules: PrecedentConfig['rules'];
  maxFileSize?: number;
  logLevel: LogLevel;
  baseline?: Partial<BaselineSettings>;
}

export const DEFAULT_SETTINGS: EditorSettings = { enable: true, rules: {}, logLevel: 'info' };

/** The `precedent` settings the client sent, each value of the wrong type reported and left at its default. */
export function editorSettings(value: unknown, reject: (key: string, value: unknown) => void): EditorSettings {
  const settings = { ...DEFAULT_SETTINGS };
  if (typeof value !== 'object' || value === null) return settings;
  const given = value as Record<string, unknown>;
  const accept = <K extends keyof EditorSettings>(key: K, valid: (candidate: unknown) => boolean) => {
    if (given[key] === undefined || given[key] === null) return;
    if (valid(given[key])) settings[key] = given[key] as EditorSettings[K];
    else reject(key, given[key]);
  };
  accept('enable', (candidate) => typeof candidate === 'boolean');
  accept('rules', (candidate) => typeof candidate === 'object' && !Array.isArray(candidate));
  accept('maxFileSize', (candidate) => Number.isSafeInteger(candidate) && (candidate as number) > 0);
  accept('logLevel', (candidate) => LOG_LEVELS.includes(candidate as LogLevel));
  accept('baseline', (candidate) => typeof candidate === 'object' && !Array.isArray(candidate));
  return settings;
}

/** Whether a message of `level` reaches the output channel under the `precedent.logLevel` setting. */
export function logs(settings: EditorSettings, level: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(settings.logLevel);
}

export interface Project {
  uri: string;
  root: string;
  config: PrecedentConfig;
  problems: ConfigProblem[];
}

export class Projects {
  private projects: Project[] = [];

  setFolders(folderUris: string[]): void {
    this.projects = folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => this.load(uri));
  }

  reload(): void {
    this.projects = this.projects.map((project) => this.load(project.uri));
  }

  all(): readonly Project[] {
    return this.projects;
  }

  private load(uri: string): Project {
    const root = fileURLToPath(uri);
    return { uri, root, ...loadProjectConfig(root) };
  }

  /** The project of a document and the path the engine sees (relative to the project root). */
  locate(documentUri: string): { project?: Project; path: string } {
    if (!documentUri.startsWith('file:')) return { path: documentUri.slice(documentUri.lastIndexOf('/') + 1) };
    const absolute = fileURLToPath(documentUri);
    const project = this.projects
      .filter((candidate) => !relativeTo(candidate.root, absolute).startsWith('..'))
      .sort((a, b) => b.root.length - a.root.length)[0];
    return { project, path: project ? relativeTo(project.root, absolute) : absolute.split(/[\\/]/).pop() ?? absolute };
  }
}

export function fileUri(root: string, relativePath: string): string {
  return pathToFileURL(`${root}/${relativePath}`).href;
}
