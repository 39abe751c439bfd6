// The consent family: trackers, cookies and Consent Mode before the visitor's choice.
import type { Rule } from '../api';
import { consentDefaultGranted } from './consent-default-granted';
import { cookieBeforeConsent } from './cookie-before-consent';
import { refusalNotHonored } from './refusal-not-honored';
import { trackerBeforeConsent } from './tracker-before-consent';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const consentRules: Rule<any>[] = [trackerBeforeConsent, consentDefaultGranted, cookieBeforeConsent, refusalNotHonored];
