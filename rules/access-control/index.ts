// The access-control family: documents and files served without checking who asks.
import type { Rule } from '../api';
import { downloadWithoutAuth } from './download-without-auth';
import { downloadWithoutOwnershipCheck } from './download-without-ownership-check';
import { publicUploadDirectory } from './public-upload-directory';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const accessControlRules: Rule<any>[] = [downloadWithoutAuth, downloadWithoutOwnershipCheck, publicUploadDirectory];
