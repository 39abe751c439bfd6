// The nearest package.json of each file of a scan, read once per folder and never above the
// scanned root: the package facts file-context.ts decides with.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ContextDecision, fileContext, nameContext, type PackageFacts } from './file-context';
import { dirname } from './module-resolution';
import { MAX_SMALL_FILE, readRegularFile, tooLargeSmallFile } from './safe-read';

export class PackageFactsReader {
  /** Folder (root-relative, '' = root) → its nearest package, or null when none up to the root. */
  private readonly nearestByFolder = new Map<string, PackageFacts | null>();

  /** Folder and what the file's name alone says (nameContext) → the decision: the same for every such file. */
  private readonly decisions = new Map<string, ContextDecision>();

  /** `manifests`: folders whose package.json the walk saw or not (listProject); others are asked of the file system. */
  constructor(
    private readonly root: string,
    private readonly manifests?: ReadonlyMap<string, boolean>,
  ) {}

  /** The context of a root-relative file path. */
  contextOf(path: string): ContextDecision {
    const folder = dirname(path);
    const key = `${folder}\u0000${nameContext(path.slice(path.lastIndexOf('/') + 1)) ?? ''}`;
    let decision = this.decisions.get(key);
    if (!decision) {
      decision = fileContext(path, this.nearest(folder) ?? undefined);
      this.decisions.set(key, decision);
    }
    return decision;
  }

  private nearest(folder: string): PackageFacts | null {
    const known = this.nearestByFolder.get(folder);
    if (known !== undefined) return known;
    const own = this.read(folder);
    const found = own ?? (folder === '' ? null : this.nearest(dirname(folder)));
    this.nearestByFolder.set(folder, found);
    return found;
  }

  /**
   * A package.json that is missing, not a regular file inside the project (a FIFO, a link to a
   * device) or not an object is no package; a wrong field is ignored.
   */
  private read(folder: string): PackageFacts | null {
    // Most folders have none: asking costs a stat, where a failed read costs an exception.
    const seen = this.manifests?.get(folder);
    if (seen === false) return null;
    const path = folder === '' ? 'package.json' : `${folder}/package.json`;
    if (seen === undefined && !existsSync(join(this.root, path))) return null;
    const read = readRegularFile(this.root, path, MAX_SMALL_FILE, tooLargeSmallFile);
    if ('refused' in read) return null;
    let data: unknown;
    try {
      data = JSON.parse(read.bytes.toString('utf8'));
    } catch {
      return null;
    }
    if (typeof data !== 'object' || data === null) return null;
    const { name, private: isPrivate, keywords } = data as Record<string, unknown>;
    return {
      dir: folder,
      name: typeof name === 'string' ? name : undefined,
      private: isPrivate === true,
      keywords: Array.isArray(keywords) ? keywords.filter((keyword): keyword is string => typeof keyword === 'string') : undefined,
    };
  }
}

/** The context of one file, reading its packages afresh (the editor's single-file lints). */
export function contextIn(root: string, path: string): ContextDecision {
  return new PackageFactsReader(root).contextOf(path);
}
