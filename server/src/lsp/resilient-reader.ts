// LSP over stdio frames each message with a `Content-Length` header. vscode-jsonrpc's reader
// stops understanding the stream for good after one wrong, zero or missing length (the rest of
// the body is read as the next header). This reader logs the bad frame and recovers:
//  - a body that is not JSON at its stated length, or a header without a usable length, is
//    re-read as the text up to the next header, when that text is a complete JSON message (a
//    too-long length shows when the next header or the end of a complete message arrives first;
//    a header block with no Content-Length line at all is only recognised once the next message
//    arrives, so a request framed so waits for it);
//  - anything else before the next header is dropped, with a log line.
// A header line ends with a raw CR LF, which cannot occur inside a JSON string and makes invalid
// JSON outside one: the next header is a safe place to resynchronise.
import {
  AbstractMessageReader,
  createConnection,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  ProposedFeatures,
  StreamMessageWriter,
} from 'vscode-languageserver/node';

/**
 * The server's connection: over `--stdio` it reads through ResilientMessageReader; otherwise (IPC,
 * as VS Code starts it) vscode-languageserver sets it up from the command line as usual.
 */
export function openConnection() {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new ResilientMessageReader(process.stdin);
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  reader.log = (message) => connection.console.warn(message);
  // What vscode-languageserver does for the stdio streams it opens itself: end with the client,
  // and keep stray console output off the protocol stream.
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  process.stdin.on('end', () => process.exit(shutdown ? 0 : 1));
  console.log = console.info = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  return connection;
}

const HEADER_LINE = /Content-Length:[ \t]*(?:(\d+)[ \t]*)?\r\n/gi;
/** What may come before Content-Length: blank lines and other header lines (Content-Type). */
const HEADER_PREFIX = /^(?:[ \t\r\n]|[\w-]+:[^\r\n]*\r\n)*$/;
const HEADER_END = '\r\n\r\n';
/** Larger bodies are refused (a 5 GB length would otherwise buffer forever). */
const MAX_BODY = 256 * 1024 * 1024;
/** A header block longer than this is garbage. */
const MAX_HEADER = 8 * 1024;

type Frame = { message: Message; next: number; note?: string } | { skip: number; note: string } | undefined;

export class ResilientMessageReader extends AbstractMessageReader implements MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private callback: DataCallback | undefined;
  /** Where log lines go once the connection exists. */
  log: (message: string) => void = () => undefined;

  constructor(private readonly readable: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    this.readable.on('end', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('close', onClose);
        this.readable.off('end', onClose);
      },
    };
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = this.nextFrame();
      if (!frame) return;
      if (frame.note) this.log(`LSP stream: ${frame.note}`);
      if ('skip' in frame) {
        this.buffer = this.buffer.subarray(frame.skip);
        continue;
      }
      this.buffer = this.buffer.subarray(frame.next);
      // A message the connection chokes on (`$/cancelRequest` without an id) must not stop the
      // messages after it in this chunk from being read.
      try {
        this.callback?.(frame.message);
      } catch (error) {
        this.log(`LSP stream: a message could not be handled (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }

  /** The next message or stretch to skip, or undefined while more data is needed. */
  private nextFrame(): Frame {
    const text = this.buffer.toString('latin1');
    const header = findHeader(text, 0);
    if (!header) {
      // Keep a tail that may be the beginning of a header split across chunks.
      const drop = text.length - MAX_HEADER;
      return drop > 0 ? { skip: drop, note: `dropped ${drop} bytes that are not a message` } : undefined;
    }
    const prefix = text.slice(0, header.start);
    if (!HEADER_PREFIX.test(prefix)) {
      // A header block without Content-Length: its body runs up to this header.
      const blockEnd = prefix.indexOf(HEADER_END);
      const message = blockEnd === -1 ? undefined : parse(this.buffer.subarray(blockEnd + HEADER_END.length, header.start));
      if (message) return { message, next: header.start, note: 'read a message without a Content-Length header, up to the next header' };
      return { skip: header.start, note: `dropped ${header.start} bytes that are not a message` };
    }
    const headerEnd = text.indexOf(HEADER_END, header.start);
    if (headerEnd === -1) return text.length - header.start > MAX_HEADER ? { skip: header.start + 1, note: 'dropped an unterminated header' } : undefined;
    const bodyStart = headerEnd + HEADER_END.length;
    const length = header.stated === '' ? NaN : Number(header.stated);
    if (length > 0 && length <= MAX_BODY) {
      if (this.buffer.length >= bodyStart + length) {
        const message = parse(this.buffer.subarray(bodyStart, bodyStart + length));
        if (message) return { message, next: bodyStart + length };
      } else if (!findHeader(text, bodyStart)) {
        // Still arriving, unless what came is already a whole message (the length was too long).
        if (!text.trimEnd().endsWith('}')) return undefined;
        const message = parse(this.buffer.subarray(bodyStart));
        return message ? { message, next: this.buffer.length, note: `read a message shorter than its Content-Length ${header.stated}` } : undefined;
      }
    }
    return this.untilNextHeader(text, bodyStart, header.stated);
  }

  /** The body taken as the text before the next header, when the stated length cannot be right. */
  private untilNextHeader(text: string, bodyStart: number, stated: string): Frame {
    const end = findHeader(text, bodyStart)?.start ?? text.length;
    const message = parse(this.buffer.subarray(bodyStart, end));
    const problem = stated === '' ? 'no Content-Length value' : `Content-Length ${stated}, which does not frame a JSON message`;
    if (message) return { message, next: end, note: `read a message with ${problem}, up to the next header` };
    if (end === text.length) return undefined; // a complete message may still arrive
    return { skip: end, note: `dropped a message with ${problem}` };
  }
}

function findHeader(text: string, from: number): { start: number; stated: string } | undefined {
  HEADER_LINE.lastIndex = from;
  const match = HEADER_LINE.exec(text);
  return match ? { start: match.index, stated: match[1] ?? '' } : undefined;
}

function parse(body: Buffer): Message | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Message) : undefined;
  } catch {
    return undefined;
  }
}
