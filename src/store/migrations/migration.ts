/**
 * A numbered, additive schema change. Never edit or remove one that has shipped: synced data
 * and old nodes may still carry its columns. Add a new one instead
 * (migrations.test.ts fails if a later migration drops or renames a column).
 */
export interface Migration {
  id: number;
  name: string;
  up: string;
}
