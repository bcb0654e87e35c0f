// The organizing routes of the node (docs/organize.md), typed as the node answers them: the
// answers' types come from the node's own queries, imported as types only.
import type {
  AddAssessmentInput,
  AddPersonInput,
  AddStructureTestInput,
  AddTaskInput,
  CreateCollectiveInput,
  EditCollectiveInput,
  EditPersonInput,
  EditTaskInput,
  JoinStatusInput,
  JoinToPersonInput,
  LogConversationInput,
} from '../../../../src/core/organize-requests.js';
import type { getJoin, JoinPage } from '../../../../src/organize/joins.js';
import type {
  getCollectiveChart,
  getPerson,
  listCollectives,
  organizeStats,
  searchEvents,
} from '../../../../src/organize/queries.js';
import { api } from '../../shared/http.js';

export type CollectiveView = ReturnType<typeof getCollectiveChart>;
export type CollectiveSummary = ReturnType<typeof listCollectives>['collectives'][number];
export type OrganizeStats = ReturnType<typeof organizeStats>;
export type PersonView = CollectiveView['people'][number];
export type Coverage = CollectiveView['coverage'][number];
export type TestView = CollectiveView['tests'][number];
export type TaskView = CollectiveView['tasks'][number];
export type PersonDetail = ReturnType<typeof getPerson>;
export type EventSummary = ReturnType<typeof searchEvents>['events'][number];

const BASE = '/api/v1/desk/collectives';
const at = (id: string, rest = '') => `${BASE}/${encodeURIComponent(id)}${rest}`;

export async function listCollectivesApi(): Promise<CollectiveSummary[]> {
  return (await api<{ collectives: CollectiveSummary[] }>(BASE)).collectives;
}

export function getStats(): Promise<OrganizeStats> {
  return api<OrganizeStats>(`${BASE}/stats`);
}

export function getCollectiveApi(id: string): Promise<CollectiveView> {
  return api<CollectiveView>(at(id, '?view=chart'));
}

export function createCollectiveApi(csrf: string, body: CreateCollectiveInput): Promise<{ id: string }> {
  return api<{ id: string }>(BASE, { method: 'POST', csrf, body });
}

export function editCollectiveApi(csrf: string, id: string, body: EditCollectiveInput): Promise<unknown> {
  return api(at(id), { method: 'PATCH', csrf, body });
}

export function addPersonApi(csrf: string, id: string, body: AddPersonInput): Promise<{ id: string }> {
  return api<{ id: string }>(at(id, '/people'), { method: 'POST', csrf, body });
}

export function editPersonApi(
  csrf: string,
  id: string,
  person: string,
  body: EditPersonInput,
): Promise<unknown> {
  return api(at(id, `/people/${encodeURIComponent(person)}`), { method: 'PATCH', csrf, body });
}

/** A person whole (contact, responsible, versions): only for who works on the collective. */
export function getPersonApi(id: string, person: string): Promise<PersonDetail> {
  return api<PersonDetail>(at(id, `/people/${encodeURIComponent(person)}`));
}

export function editTaskApi(csrf: string, id: string, task: string, body: EditTaskInput): Promise<unknown> {
  return api(at(id, `/tasks/${encodeURIComponent(task)}`), { method: 'PATCH', csrf, body });
}

/** The desk's published coded events holding every word of `q` (newest day first). */
export async function searchEventsApi(q: string): Promise<EventSummary[]> {
  const query = new URLSearchParams({ q, limit: '10' });
  return (await api<{ events: EventSummary[] }>(`${BASE}/event-search?${query}`)).events;
}

export function assessApi(csrf: string, id: string, body: AddAssessmentInput): Promise<{ id: string }> {
  return api<{ id: string }>(at(id, '/assessments'), { method: 'POST', csrf, body });
}

export function logConversationApi(
  csrf: string,
  id: string,
  body: LogConversationInput,
): Promise<{ id: string }> {
  return api<{ id: string }>(at(id, '/conversations'), { method: 'POST', csrf, body });
}

export function addTestApi(csrf: string, id: string, body: AddStructureTestInput): Promise<{ id: string }> {
  return api<{ id: string }>(at(id, '/tests'), { method: 'POST', csrf, body });
}

export function addTaskApi(csrf: string, id: string, body: AddTaskInput): Promise<{ id: string }> {
  return api<{ id: string }>(at(id, '/tasks'), { method: 'POST', csrf, body });
}

export function assignApi(csrf: string, id: string, organizers: string[]): Promise<unknown> {
  return api(at(id, '/organizers'), { method: 'PUT', csrf, body: { organizers } });
}

/** Today in UTC as the node dates records (YYYY-MM-DD), `days` later. */
export function dayFromToday(days = 0, now = Date.now()): string {
  return new Date(now + days * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- join requests (/join)

export type JoinView = ReturnType<typeof getJoin>;
export type JoinStatusValue = JoinView['status'];
const JOINS = '/api/v1/desk/joins';
const join = (id: string, rest = '') => `${JOINS}/${encodeURIComponent(id)}${rest}`;

export type { JoinPage };

/** One page of join requests (the node's own page size); `cursor`: the `next` of the page before. */
export function listJoinsApi(status: JoinStatusValue | '', cursor: string | null = null): Promise<JoinPage> {
  const query = new URLSearchParams({
    ...(status ? { status } : {}),
    ...(cursor ? { cursor } : {}),
  }).toString();
  return api<JoinPage>(query ? `${JOINS}?${query}` : JOINS);
}

export function joinStatusApi(csrf: string, id: string, body: JoinStatusInput): Promise<JoinView> {
  return api<JoinView>(join(id, '/status'), { method: 'POST', csrf, body });
}

export function joinToPersonApi(csrf: string, id: string, body: JoinToPersonInput): Promise<unknown> {
  return api(join(id, '/to-person'), { method: 'POST', csrf, body });
}

export function joinReplyApi(csrf: string, id: string, text: string): Promise<unknown> {
  return api(join(id, '/reply'), { method: 'POST', csrf, body: { text } });
}
