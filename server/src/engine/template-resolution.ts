// Template include resolution for the project step: which workspace file `{% include x %}`,
// `{{ partial "x" . }}` or `{{> x}}` names. Static-site generators and view engines look templates
// up in conventional folders (Jekyll and Eleventy `_includes/`, Hugo `layouts/partials/` of the
// site or of a theme under `themes/<t>/`, Handlebars `partials/`, Nunjucks search paths): the
// resolver takes the files whose path ends with such a folder and the name, nearest to the
// including file. Pure: no I/O.
import type { TemplateSyntax } from '../../../rules/api';
import { dirname, join, normalize } from './module-resolution';

/** Folders a name is looked up in, by syntax ('' = the name as a path from a search root). */
const FOLDERS: Record<TemplateSyntax, string[]> = {
  liquid: ['_includes/', 'includes/', '_partials/', 'partials/', 'snippets/', 'templates/', 'views/'],
  go: ['layouts/partials/', 'layouts/_partials/', 'layouts/'],
  handlebars: ['partials/', '_partials/'],
  ejs: [''],
};

/** Extensions a name may leave out, by syntax. */
const EXTENSIONS: Record<TemplateSyntax, string[]> = {
  liquid: ['', '.liquid', '.html', '.njk'],
  go: ['', '.html'],
  handlebars: ['', '.hbs', '.handlebars', '.html'],
  ejs: ['', '.ejs', '.html'],
};

export class TemplateResolver {
  /** File name → workspace paths with that name. */
  private readonly byName = new Map<string, string[]>();
  private readonly resolved = new Map<string, string[]>();

  constructor(files: Iterable<string>) {
    for (const file of files) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      const list = this.byName.get(name);
      if (list) list.push(file);
      else this.byName.set(name, [file]);
    }
  }

  /** The files `template` may name from `from` (ties kept: two equally near copies are both included). */
  resolve(from: string, template: string, syntax: TemplateSyntax): string[] {
    const key = `${dirname(from)}\u0000${syntax}\u0000${template}`;
    let found = this.resolved.get(key);
    if (!found) {
      found = this.resolveUncached(from, template, syntax);
      this.resolved.set(key, found);
    }
    return found;
  }

  private resolveUncached(from: string, template: string, syntax: TemplateSyntax): string[] {
    // Hugo's `template "partials/x.html"` and Jekyll's `include_relative`/EJS's `./x` paths.
    const path = normalize(template);
    const name = syntax === 'go' ? path.replace(/^_?partials\//, '') : path;
    if (!name || name.startsWith('..')) return [];
    const relative = syntax === 'ejs' || template.startsWith('.') ? EXTENSIONS[syntax].map((extension) => join(dirname(from), `${template}${extension}`)).find((path) => this.has(path)) : undefined;
    if (relative) return [relative];
    /** Candidate file → the folder its site starts in (what precedes the conventional folder). */
    const candidates = new Map<string, string>();
    for (const extension of EXTENSIONS[syntax]) {
      const path = `${name}${extension}`;
      const base = path.slice(path.lastIndexOf('/') + 1);
      for (const file of this.byName.get(base) ?? []) {
        const folder = FOLDERS[syntax].find((each) => file === `${each}${path}` || file.endsWith(`/${each}${path}`));
        if (file !== from && folder !== undefined && !candidates.has(file)) candidates.set(file, file.slice(0, file.length - folder.length - path.length));
      }
    }
    // The site holding the including file, the innermost one (a theme's partial from the theme's
    // templates); a file outside every candidate's site (a docs folder using the theme at the root) sees them all.
    const enclosing = [...candidates].filter(([, site]) => from.startsWith(site));
    if (enclosing.length === 0) return [...candidates.keys()];
    const deepest = Math.max(...enclosing.map(([, site]) => site.length));
    return enclosing.filter(([, site]) => site.length === deepest).map(([file]) => file);
  }

  private has(path: string): boolean {
    return this.byName.get(path.slice(path.lastIndexOf('/') + 1))?.includes(path) ?? false;
  }
}

