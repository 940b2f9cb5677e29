import "server-only";
import { Prisma, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import { parseLinkedPrompts, resolvePromptVersionIds } from "@/lib/domain/prompts/links";
import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, META, TAG } from "./keys";
import { tryPyLoads } from "./py-json";

// Statements shared by the trace writers (start, end, span ingest, tags). Each takes many
// rows at once: one statement per kind of row, whatever the count.

export type Pairs = readonly (readonly [string, string])[];

export function checkTagPairs(pairs: Pairs, what = "tag"): void {
  for (const [k, v] of pairs) {
    if (!k) throw invalidParam(`A trace ${what} key must not be empty.`);
    if (k.length > MAX_TAG_KEY_LENGTH) throw invalidParam(`Trace ${what} key '${k.slice(0, 50)}…' exceeds the maximum length of ${MAX_TAG_KEY_LENGTH} characters.`);
    if (v.length > MAX_TAG_VALUE_LENGTH) throw invalidParam(`Trace ${what} '${k}' has a value longer than ${MAX_TAG_VALUE_LENGTH} characters.`);
  }
}

/** Upserts (trace, key, value) rows into trace_tags or trace_metadata. */
export async function upsertPairs(tx: Tx, table: "trace_tags" | "trace_metadata", traceId: string, pairs: Pairs, onConflict: "update" | "ignore" = "update"): Promise<void> {
  if (!pairs.length) return;
  const dedup = new Map(pairs);
  const keys = [...dedup.keys()];
  const values = [...dedup.values()];
  const conflict = onConflict === "update" ? Prisma.sql`DO UPDATE SET value = EXCLUDED.value` : Prisma.sql`DO NOTHING`;
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO ${Prisma.raw(table)} (trace_id, key, value)
    SELECT ${traceId}, k, v FROM unnest(${keys}::text[], ${values}::text[]) AS x(k, v)
    ON CONFLICT (trace_id, key) ${conflict}`);
}

/** Token counts from the metadata mlflow.trace.tokenUsage (absent or malformed → nulls). */
export function tokenUsage(value: string | undefined): { input: bigint | null; output: bigint | null; total: bigint | null } {
  const none = { input: null, output: null, total: null };
  if (!value) return none;
  const v = tryPyLoads(value);
  if (!(v instanceof Map)) return none;
  const n = (k: string) => {
    const x = v.get(k);
    return typeof x === "bigint" ? x : typeof x === "number" && Number.isFinite(x) ? BigInt(Math.trunc(x)) : null;
  };
  const input = n("input_tokens");
  const output = n("output_tokens");
  return { input, output, total: n("total_tokens") ?? (input !== null || output !== null ? (input ?? 0n) + (output ?? 0n) : null) };
}

/** Links the trace to its source run (metadata mlflow.sourceRun) when that run exists here. */
export async function linkSourceRun(tx: Tx, traceId: string, runId: string | undefined): Promise<void> {
  if (!runId) return;
  await tx.$executeRaw`INSERT INTO trace_run_links (trace_id, run_id) SELECT ${traceId}, id FROM runs WHERE id = ${runId} ON CONFLICT DO NOTHING`;
}

/** Links prompt versions to the trace (link-prompts adds; the tag replaces — see syncTracePromptLinks). */
export async function addTracePromptLinks(tx: Tx, traceId: string, refs: { name: string; version: string }[]): Promise<void> {
  const ids = await resolvePromptVersionIds(tx, refs);
  if (!ids.length) return;
  await tx.$executeRaw`INSERT INTO trace_prompt_links (trace_id, prompt_version_id) SELECT ${traceId}, unnest(${ids}::int[]) ON CONFLICT DO NOTHING`;
}

/** The trace's prompt links become those named by its mlflow.linkedPrompts tag (null: none). */
export async function syncTracePromptLinks(tx: Tx, traceId: string, tagValue: string | null): Promise<void> {
  const ids = await resolvePromptVersionIds(tx, parseLinkedPrompts(tagValue));
  await tx.$executeRaw`DELETE FROM trace_prompt_links WHERE trace_id = ${traceId} AND NOT (prompt_version_id = ANY(${ids}::int[]))`;
  if (ids.length) {
    await tx.$executeRaw`INSERT INTO trace_prompt_links (trace_id, prompt_version_id) SELECT ${traceId}, unnest(${ids}::int[]) ON CONFLICT DO NOTHING`;
  }
}

/** Mirrors of tags/metadata kept as trace columns (name, source run, token counts). */
export function mirroredColumns(tags: Map<string, string>, metadata: Map<string, string>) {
  const t = tokenUsage(metadata.get(META.tokenUsage));
  return {
    name: tags.get(TAG.traceName) ?? null,
    sourceRunId: metadata.get(META.sourceRun)?.slice(0, 64) ?? null,
    inputTokens: t.input,
    outputTokens: t.output,
    totalTokens: t.total,
  };
}
