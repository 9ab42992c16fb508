import { Agent } from '../helpers/test-app';
import { reminderBody } from './reminders';

/** A pending appeal on the case, through the API; fails the test unless 201. */
export async function newAppeal(agent: Agent, caseId: string): Promise<{ id: string; version: number }> {
  const res = await agent
    .post(`/api/cases/${caseId}/appeals`)
    .send({ lodgedAt: '2019-03-20', body: 'National Constitutional Committee' })
    .expect(201);
  return res.body;
}

/** A scheduled reminder on the case due in an hour, through the API; fails the test unless 201. */
export async function newReminder(agent: Agent, caseId: string): Promise<{ id: string }> {
  const res = await agent.post(`/api/cases/${caseId}/reminders`).send(reminderBody(3600_000)).expect(201);
  return res.body;
}
