// Text handling shared by every adapter: decoding files robustly and turning offsets into
// LSP positions. JavaScript strings are UTF-16, so a string index already is an LSP character.
import type { OffsetRange } from '../../../rules/api';

export interface Position {
  /** Zero-based line. */
  line: number;
  /** Zero-based UTF-16 code unit within the line. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type DecodeResult = { text: string } | { binary: true };

/**
 * Decodes a file the way an editor shows it: BOM removed, UTF-16 honoured, invalid UTF-8
 * replaced rather than rejected. A NUL byte in the first 8 KB marks a binary file, unless that
 * head is valid UTF-8 with control characters rare (a source file with a NUL in a string literal).
 */
export function decodeFile(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0) && looksBinary(head)) return { binary: true };
  // TextDecoder strips a UTF-8 BOM by default, like VS Code's document model.
  return { text: new TextDecoder('utf-8').decode(bytes) };
}

/** Control characters other than whitespace and ESC: text has almost none, binary formats many. */
function isControl(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b;
}

/** Invalid UTF-8 (a sequence cut at the end of the head is fine), or more than 1 % control characters. */
function looksBinary(head: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return true;
  }
  let controls = 0;
  for (const byte of head) if (isControl(byte)) controls++;
  return controls * 100 > head.length;
}

/** A line ends at `\r\n`, `\n` or a lone `\r`, as LSP and editors count lines. */
export const LINE_BREAK = /\r\n?|\n/g;

/** Maps offsets to positions with a binary search over line starts (computed once per text). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (const lineBreak of text.matchAll(LINE_BREAK)) this.lineStarts.push(lineBreak.index + lineBreak[0].length);
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: offset - this.lineStarts[low] };
  }

  rangeOf(range: OffsetRange): Range {
    return { start: this.positionAt(range.start), end: this.positionAt(range.end) };
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.min(line, this.lineStarts.length - 1)];
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}
