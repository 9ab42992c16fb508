import { Role } from '../users/role';
import { mayAssign, refusedAssignmentFields } from './case-assignment';

describe('case assignment rights', () => {
  it('lets coordinators and admins assign, not caseworkers or researchers', () => {
    expect([Role.Admin, Role.Coordinator, Role.Caseworker, Role.Researcher].map(mayAssign)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("names the caseworker's changed assignment fields and ignores the other fields", () => {
    const changed = ['summary', 'tags', 'assigneeId', 'priority', 'coordinatorId', 'notifiedAt'];
    expect(refusedAssignmentFields(Role.Caseworker, changed)).toEqual([
      'assigneeId',
      'coordinatorId',
      'priority',
      'tags',
    ]);
    expect(refusedAssignmentFields(Role.Caseworker, ['summary'])).toEqual([]);
    expect(refusedAssignmentFields(Role.Coordinator, changed)).toEqual([]);
  });
});
