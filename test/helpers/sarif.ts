// The official SARIF 2.1.0 schema (shipped in @microsoft/jest-sarif) as an ajv validator. It is a
// draft-04 schema that uses no draft-04-only keyword, so ajv reads it once its header is dropped.
import Ajv from 'ajv';
import SARIF_SCHEMA from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

const { $schema: _draft, id: _id, ...schema } = SARIF_SCHEMA as Record<string, unknown>;
export const validateSarif = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(schema);
