// The password family: policy strength, storage, and passwords sent in clear.
import type { Rule } from '../api';
import { passwordSentInClear } from './password-sent-in-clear';
import { weakPasswordHash } from './weak-password-hash';
import { weakPasswordPolicy } from './weak-password-policy';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const passwordRules: Rule<any>[] = [weakPasswordPolicy, weakPasswordHash, passwordSentInClear];
