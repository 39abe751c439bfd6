// Digests that tell whether content changed (the scan cache, the listing): not a security
// boundary, and a scan computes thousands of them, so SHA-1 in one call where Node has it (20.12+).
import * as crypto from 'node:crypto';

const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function digest(data: string | Uint8Array): string {
  return oneShotHash ? oneShotHash('sha1', data, 'base64url') : crypto.createHash('sha1').update(data).digest('base64url');
}
