// Entry of the scan worker threads (bundled as dist/worker.js, loaded by tinypool).
import { runScanTask } from './scan-task';

export default runScanTask;
