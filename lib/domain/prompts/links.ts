import "server-only";
import { Prisma, type Tx } from "@/lib/db";

// First-class links between prompt versions and runs / logged models / model versions, kept in
// step with the `mlflow.linkedPrompts` tag the MLflow client writes (docs/mlflow-compatibility.md#prompt-links).
// Writing the tag replaces the links; a malformed value links nothing (the tag itself is kept,
// as MLflow keeps it). References to prompt versions that do not exist are skipped.

export const LINKED_PROMPTS_TAG = "mlflow.linkedPrompts";

export interface PromptRef {
  name: string;
  version: string;
}

/** Parses the tag value: a JSON array of {name, version}; version may be a number or string. */
export function parseLinkedPrompts(value: string | null | undefined): PromptRef[] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: PromptRef[] = [];
  const seen = new Set<string>();
  for (const item of parsed) {
    if (typeof item !== "object" || item === null) continue;
    const { name, version } = item as { name?: unknown; version?: unknown };
    if (typeof name !== "string" || (typeof version !== "string" && typeof version !== "number")) continue;
    const v = String(version);
    if (!/^\d+$/.test(v)) continue;
    const k = `${name}\u0000${v}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ name, version: v });
  }
  return out;
}

/** Prompt-version row ids (prompt_versions.model_version_id) for the given references. */
export async function resolvePromptVersionIds(tx: Tx, refs: PromptRef[]): Promise<number[]> {
  if (refs.length === 0) return [];
  const names = refs.map((r) => r.name);
  const versions = refs.map((r) => Number(r.version));
  const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`
    SELECT pv.model_version_id AS id
    FROM unnest(${names}::text[], ${versions}::int[]) AS ref(name, version)
    JOIN registered_models rm ON rm.name = ref.name AND rm.is_prompt
    JOIN model_versions mv ON mv.registered_model_id = rm.id AND mv.version = ref.version
    JOIN prompt_versions pv ON pv.model_version_id = mv.id`);
  return rows.map((r) => r.id);
}

/** Replaces the run's prompt links with those named by the tag value (null: remove all). */
export async function syncRunPromptLinks(tx: Tx, runId: string, tagValue: string | null): Promise<void> {
  const ids = await resolvePromptVersionIds(tx, parseLinkedPrompts(tagValue));
  await tx.$executeRaw`DELETE FROM prompt_run_links WHERE run_id = ${runId} AND NOT (prompt_version_id = ANY(${ids}::int[]))`;
  if (ids.length) {
    await tx.$executeRaw`INSERT INTO prompt_run_links (prompt_version_id, run_id)
      SELECT unnest(${ids}::int[]), ${runId} ON CONFLICT DO NOTHING`;
  }
}

/** Replaces the logged model's prompt links; model versions registered from it follow. */
export async function syncLoggedModelPromptLinks(tx: Tx, modelId: string, tagValue: string | null): Promise<void> {
  const ids = await resolvePromptVersionIds(tx, parseLinkedPrompts(tagValue));
  await tx.$executeRaw`DELETE FROM prompt_logged_model_links WHERE model_id = ${modelId} AND NOT (prompt_version_id = ANY(${ids}::int[]))`;
  if (ids.length) {
    await tx.$executeRaw`INSERT INTO prompt_logged_model_links (prompt_version_id, model_id)
      SELECT unnest(${ids}::int[]), ${modelId} ON CONFLICT DO NOTHING`;
  }
  // Registered model versions built from this logged model use the same prompts.
  const versions = await tx.modelVersion.findMany({ where: { modelId }, select: { id: true } });
  for (const v of versions) await syncModelVersionPromptLinks(tx, v.id);
}

/** A model version uses the prompts its logged model (model_id) links to. */
export async function syncModelVersionPromptLinks(tx: Tx, modelVersionId: number): Promise<void> {
  await tx.$executeRaw`DELETE FROM prompt_model_version_links WHERE model_version_id = ${modelVersionId}`;
  await tx.$executeRaw`INSERT INTO prompt_model_version_links (prompt_version_id, model_version_id)
    SELECT l.prompt_version_id, mv.id FROM model_versions mv
    JOIN prompt_logged_model_links l ON l.model_id = mv.model_id
    WHERE mv.id = ${modelVersionId}
    ON CONFLICT DO NOTHING`;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => "\\" + c);

/**
 * Re-syncs the runs and logged models whose `mlflow.linkedPrompts` tag names `promptName`, so a
 * prompt version created after a run or model already referenced it gets its links. The LIKE
 * only narrows the candidates (tags mentioning the JSON string of the name); each value is then
 * parsed properly by the sync functions.
 */
export async function backfillPromptVersionLinks(tx: Tx, promptName: string): Promise<void> {
  const pattern = `%${likeEscape(JSON.stringify(promptName))}%`;
  const mentions = (value: string) => parseLinkedPrompts(value).some((p) => p.name === promptName);
  const runs = await tx.$queryRaw<{ run_id: string; value: string }[]>`
    SELECT run_id, value FROM run_tags WHERE key = ${LINKED_PROMPTS_TAG} AND value LIKE ${pattern}`;
  for (const r of runs) if (mentions(r.value)) await syncRunPromptLinks(tx, r.run_id, r.value);
  const models = await tx.$queryRaw<{ model_id: string; value: string }[]>`
    SELECT model_id, value FROM logged_model_tags WHERE key = ${LINKED_PROMPTS_TAG} AND value LIKE ${pattern}`;
  for (const m of models) if (mentions(m.value)) await syncLoggedModelPromptLinks(tx, m.model_id, m.value);
}
