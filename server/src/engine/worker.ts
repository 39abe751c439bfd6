// Entry of the scan worker threads (bundled as dist/worker.js, loaded by tinypool). Workers only
// receive files that need a parse, as text the main thread read: the parser loads as the thread
// starts, while the main thread is still reading and prefiltering.
import { parser } from './parser-loader';
import { runParseJob } from './scan-task';

parser();

export default runParseJob;
