// Escaping of text that comes from the workspace (file names, finding messages quoting scanned
// code) before it lands in Markdown (reports, hovers) or HTML: a crafted name or string must read
// as itself, never as a link, an image, a heading or markup.

/** Line and paragraph separators a renderer would start a new block at. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;
/** Every other control character, shown as its escape so the text stays on one line and legible. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const ESCAPES: Record<string, string> = { '\r\n': '\\r\\n', '\r': '\\r', '\n': '\\n' };
const visibleControl = (character: string) => ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Markdown inline text: characters with an inline meaning escaped (emphasis, code, links, raw
 * HTML, entities, tables, strikethrough), bare URLs (`https://`, `www.`) kept from autolinking,
 * line breaks turned into spaces so the text cannot open a block of its own.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROLS, visibleControl)
    .replace(/[\\`*_[\]<>|&~!#]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.');
}

/**
 * A Markdown code span holding `text` verbatim: the fence is one backtick longer than the longest
 * run inside, and line breaks become `\n` (a code span cannot span blocks safely). Not for GFM
 * table cells, where a `|` still ends the cell inside a code span.
 */
export function markdownCode(text: string): string {
  const inline = text.replace(LINE_BREAKS, visibleControl).replace(CONTROLS, visibleControl);
  const longestRun = Math.max(0, ...(inline.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space on each side when both are there: pad when the text touches a backtick or a space.
  const padded = /^[` ]|[` ]$/.test(inline) ? ` ${inline} ` : inline;
  return `${fence}${padded}${fence}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * A relative path as a URI reference: each segment percent-encoded, so `#`, `?`, `%` and `:` stay
 * part of the name. `separator`: the path's own (a file name may hold a `\` on POSIX systems).
 */
export function uriPath(path: string, separator = '/'): string {
  return path.split(separator).map(encodeURIComponent).join('/');
}
