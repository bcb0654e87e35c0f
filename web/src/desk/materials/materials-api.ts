// The desk's calls for education material (routes in src/server/routes/materials.ts).
import type { Material } from '../../../../src/core/material.js';
import type { MaterialTopic } from '../../../../src/core/material-topics.js';
import type { MaterialVersion } from '../../../../src/desk/materials.js';
import { api } from '../../shared/http.js';

export type { Material, MaterialTopic, MaterialVersion };

/** A material in the desk's list (no text). */
export type MaterialRow = Omit<Material, 'markdown'> & { version: string; created_at: number };

/** What the desk sends to publish a material. */
export interface MaterialBody {
  id?: string;
  title: string;
  summary?: string;
  lang: Material['lang'];
  topics: MaterialTopic[];
  markdown: string;
  translation_of?: string;
}

export async function listMaterials(): Promise<MaterialRow[]> {
  return (await api<{ materials: MaterialRow[] }>('/api/v1/desk/materials')).materials;
}

export function getMaterial(
  id: string,
): Promise<{ id: string; versions: MaterialVersion[]; conflict: boolean }> {
  return api(`/api/v1/desk/materials/${encodeURIComponent(id)}`);
}

export function publishMaterial(
  csrf: string,
  material: MaterialBody,
  prev: string[],
): Promise<{ id: string; version: string; group: string }> {
  return api('/api/v1/desk/materials', { method: 'POST', csrf, body: { material, prev } });
}

export function withdrawMaterial(csrf: string, id: string): Promise<{ id: string; versions: number }> {
  return api(`/api/v1/desk/materials/${encodeURIComponent(id)}`, { method: 'DELETE', csrf });
}
