// HCL line scanner: the block shapes Terraform code is written in.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../server/src/engine/config-adapter';

describe('HCL pairs', () => {
  it('reads an attribute of a one-line block with its path and value offsets', () => {
    const text = 'resource "aws_cognito_user_pool" "p" {\n  password_policy { minimum_length = 6 }\n  name = "x"\n}\n';
    const pairs = parseConfig(text, 'hcl');
    const minimum = pairs.find((pair) => pair.key === 'minimum_length');
    expect(minimum).toMatchObject({ path: ['resource', 'aws_cognito_user_pool', 'p', 'password_policy', 'minimum_length'], value: 6 });
    expect(text.slice(minimum?.valueRange.start, minimum?.valueRange.end)).toBe('6');
    expect(text.slice(minimum?.keyRange.start, minimum?.keyRange.end)).toBe('minimum_length');
    // The one-line block closed itself: the next attribute is back in the resource.
    expect(pairs.find((pair) => pair.key === 'name')?.path).toEqual(['resource', 'aws_cognito_user_pool', 'p', 'name']);
  });

  it('reads quoted values of one-line blocks and leaves empty blocks and object values alone', () => {
    const text = 'tags { env = "prod" }\nlifecycle {}\nlocals {\n  policy = { minimum_length = 6 }\n}\n';
    const pairs = parseConfig(text, 'hcl');
    const env = pairs.find((pair) => pair.key === 'env');
    expect(env).toMatchObject({ path: ['tags', 'env'], value: 'prod' });
    expect(text.slice(env?.valueRange.start, env?.valueRange.end)).toBe('prod');
    expect(pairs.find((pair) => pair.key === 'policy')?.path).toEqual(['locals', 'policy']);
    expect(pairs.some((pair) => pair.key === 'minimum_length')).toBe(false);
  });
});
