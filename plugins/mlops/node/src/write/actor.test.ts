import { mockCredentials } from '@backstage/backend-test-utils';
import { actorName, describeActor } from './actor';

describe('the actor of a write', () => {
  it('is named by the user entity ref, the service subject, or as unauthenticated', () => {
    expect(actorName(mockCredentials.user('user:default/jane'))).toBe(
      'user:default/jane',
    );
    expect(actorName(mockCredentials.service('external:ci'))).toBe(
      'service external:ci',
    );
    expect(actorName(mockCredentials.none())).toBe('an unauthenticated caller');
  });

  it('is recorded for the audit log with whom a user acted through', () => {
    expect(describeActor(mockCredentials.user('user:default/jane'))).toEqual({
      userEntityRef: 'user:default/jane',
    });
    expect(describeActor(mockCredentials.service('external:ci'))).toEqual({
      service: 'external:ci',
    });
  });
});
