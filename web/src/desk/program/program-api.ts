// The desk's program routes (docs/program.md, src/server/routes/program.ts), typed as the node
// answers them: the answers' types come from the node's own queries, imported as types only.
import type { PlankStatus, PlankText } from '../../../../src/core/program-records.js';
import type { deskProgram } from '../../../../src/program/queries.js';
import { api } from '../../shared/http.js';

export type { PlankStatus, PlankText };
export type DeskProgram = ReturnType<typeof deskProgram>;
export type InventoryDemand = DeskProgram['inventory']['demands'][number];
export type PlankView = DeskProgram['planks'][number];
export type AmendmentView = DeskProgram['amendments'][number];
export type ProgramLang = keyof PlankText;

const BASE = '/api/v1/desk/program';
const at = (path: string, id: string, rest = '') => `${BASE}/${path}/${encodeURIComponent(id)}${rest}`;

export function getProgram(): Promise<DeskProgram> {
  return api<DeskProgram>(BASE);
}

export function createPlankApi(csrf: string, body: { text: PlankText; demands: string[] }) {
  return api<{ id: string; version: string }>(`${BASE}/planks`, { method: 'POST', csrf, body });
}

export function editPlankApi(
  csrf: string,
  id: string,
  body: { prev: string[]; text?: PlankText; demands?: string[] },
) {
  return api<{ id: string; version: string }>(at('planks', id), { method: 'PATCH', csrf, body });
}

export function setStatusApi(
  csrf: string,
  id: string,
  body: { prev: string[]; status: PlankStatus; evidence?: string[] },
) {
  return api<{ id: string; version: string }>(at('planks', id, '/status'), { method: 'POST', csrf, body });
}

export function proposeAmendmentApi(
  csrf: string,
  plank: string,
  body: { lang: ProgramLang; text: string; reason: string },
) {
  return api<{ id: string }>(at('planks', plank, '/amendments'), { method: 'POST', csrf, body });
}

export function decideAmendmentApi(
  csrf: string,
  id: string,
  body: { decision: 'accept' | 'reject'; reason: string },
) {
  return api<{ id: string; status: string }>(at('amendments', id, '/decision'), {
    method: 'POST',
    csrf,
    body,
  });
}

export function publishProgramApi(csrf: string) {
  return api<{ id: string; articles: string[] }>(`${BASE}/publish`, { method: 'POST', csrf, body: {} });
}

export function setTitleApi(csrf: string, title: PlankText) {
  return api<{ id: string; version: string }>(`${BASE}/title`, { method: 'PUT', csrf, body: { title } });
}

export function endorseApi(csrf: string, body: { collective: string; public?: boolean; withdraw?: boolean }) {
  return api<{ id: string; version: string }>(`${BASE}/endorsements`, { method: 'POST', csrf, body });
}
