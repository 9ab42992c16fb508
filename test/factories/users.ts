import { randomBytes } from 'node:crypto';
import { TEST_PASSWORD } from '../helpers/test-app';

/** A valid POST /api/users body with a unique email; override only what the test is about. */
export function userPayload(overrides: Record<string, unknown> = {}) {
  return {
    email: `user-${randomBytes(5).toString('hex')}@caseline.test`,
    fullName: 'Jo Example',
    role: 'caseworker',
    password: TEST_PASSWORD,
    ...overrides,
  };
}
