import "server-only";
import { readableRegisteredModelsSql } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import { boundedRead } from "@/lib/domain/bounded-read";
import type { SearchModelVersionsInput, SearchRegisteredModelsInput } from "@/lib/schemas/registry";
import { MODEL_VERSION_GRAMMAR, REGISTERED_MODEL_GRAMMAR, parseFilter, parseOrderBy, type Clause } from "@/lib/domain/search/filter";
import { andAll, compileNumericComparison, compileStringComparison, subplanProbe } from "@/lib/domain/search/sql";
import { decodePageToken, encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
import { IS_PROMPT_TAG_KEY } from "@/lib/domain/prompts/template";
import { loadModelVersionRecords, type ModelVersionRecord } from "@/lib/domain/registry/records";
import { loadRegisteredModelRecords, type RegisteredModelRecord } from "@/lib/domain/registry/registered-models";
import { PROMPT_TAG_COLUMNS } from "@/lib/domain/registry/prompt-columns";

// Registry search (docs/mlflow-compatibility.md#registry-search): registered-models/search and model-versions/search, each one
// parameterized SQL query over the filter grammar of lib/domain/search/filter.ts. MLflow's rule
// for prompts holds in both: they are returned only when the filter asks for them.

export const isPromptTagValue = (flag: Prisma.Sql) => Prisma.sql`(CASE WHEN ${flag} THEN 'true' ELSE 'false' END)`;

/**
 * MLflow returns prompts only when the filter asks for them (`is_prompt = 'true'` or
 * `!= 'false'`); otherwise they are excluded.
 */
export function isQueryingPrompts(clauses: Clause[]): boolean {
  const c = clauses.find((c) => c.type === "tag" && c.key === IS_PROMPT_TAG_KEY);
  if (!c || typeof c.value !== "string") return false;
  const v = c.value.toLowerCase();
  return (c.comparator === "=" && v === "true") || (c.comparator === "!=" && v === "false");
}

export function validateMaxResults(maxResults: number | undefined, def: number, limit: number): number {
  const n = maxResults ?? def;
  if (!Number.isInteger(n) || n < 1) throw invalidParam(`Invalid value for max_results. It must be a positive integer, but got ${n}`);
  if (n > limit) throw invalidParam(`Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${n}`);
  return n;
}

// ───────────────────────────── model-versions/search ─────────────────────────────

export const SEARCH_MODEL_VERSIONS_DEFAULT_MAX_RESULTS = 200_000;
export const SEARCH_MODEL_VERSIONS_MAX_RESULTS = 200_000;

/** model-versions/search. Prompt versions only when the filter asks for is_prompt = 'true'. */
export async function searchModelVersions(
  input: SearchModelVersionsInput = {},
  tx: Tx = db,
): Promise<{ modelVersions: ModelVersionRecord[]; nextPageToken?: string }> {
  const maxResults = validateMaxResults(input.maxResults, SEARCH_MODEL_VERSIONS_DEFAULT_MAX_RESULTS, SEARCH_MODEL_VERSIONS_MAX_RESULTS);
  const clauses = parseFilter(input.filter, MODEL_VERSION_GRAMMAR);
  const where: Prisma.Sql[] = [];
  let probes = 0; // tag probes beyond the first few are per-row subplans (sql.ts subplanProbe)
  for (const c of clauses) {
    if (c.type === "attribute") {
      if (c.key === "version_number") where.push(compileNumericComparison(Prisma.sql`mv.version`, c.comparator, c.value as number, "bigint"));
      else {
        const col = { name: Prisma.sql`rm.name`, run_id: Prisma.sql`mv.run_id`, source_path: Prisma.sql`mv.source` }[c.key];
        if (!col) throw invalidParam(`Invalid attribute name: ${c.key}`);
        where.push(compileStringComparison(col, c.comparator, c.value as string | string[]));
      }
    } else if (c.type === "tag") {
      if (c.key === IS_PROMPT_TAG_KEY) where.push(compileStringComparison(isPromptTagValue(Prisma.sql`rm.is_prompt`), c.comparator, c.value as string));
      else if (PROMPT_TAG_COLUMNS[c.key]) where.push(compileStringComparison(PROMPT_TAG_COLUMNS[c.key], c.comparator, c.value as string));
      else {
        const probe = Prisma.sql`EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_version_id = mv.id AND t.key = ${c.key}
          AND ${compileStringComparison(Prisma.sql`t.value`, c.comparator, c.value as string)})`;
        where.push(subplanProbe(probe, probes++));
      }
    } else {
      throw invalidParam(`Invalid token type: ${c.type}`);
    }
  }
  if (!isQueryingPrompts(clauses)) where.push(Prisma.sql`NOT rm.is_prompt`);
  where.push(await readableRegisteredModelsSql(Prisma.sql`rm.id`));

  const orderBy = input.orderBy?.length ? input.orderBy : ["last_updated_timestamp DESC", "name ASC", "version_number DESC"];
  const order: Prisma.Sql[] = [];
  const seen = new Set<string>();
  const columns: Record<string, Prisma.Sql> = {
    name: Prisma.sql`rm.name`,
    version_number: Prisma.sql`mv.version`,
    creation_timestamp: Prisma.sql`mv.creation_timestamp`,
    last_updated_timestamp: Prisma.sql`mv.last_updated_timestamp`,
  };
  for (const expr of orderBy) {
    const o = parseOrderBy(expr, MODEL_VERSION_GRAMMAR);
    const col = o.type === "attribute" ? columns[o.key] : undefined;
    if (!col) throw invalidParam(`Invalid order by key '${o.key}' specified. Valid keys are ${Object.keys(columns).join(", ")}`);
    if (seen.has(o.key)) throw invalidParam(`\`order_by\` contains duplicate fields: ${JSON.stringify(orderBy)}`);
    seen.add(o.key);
    order.push(o.ascending ? Prisma.sql`${col} ASC` : Prisma.sql`${col} DESC`);
  }
  if (!seen.has("name")) order.push(Prisma.sql`rm.name ASC`);
  if (!seen.has("version_number")) order.push(Prisma.sql`mv.version DESC`);

  const queryKey = pageQueryKey({ kind: "model-versions", filter: input.filter ?? "", orderBy });
  const offset = decodePageToken(input.pageToken, queryKey);
  const rows = await boundedRead(tx, (t) => t.$queryRaw<{ id: number }[]>`
    SELECT mv.id FROM model_versions mv
    JOIN registered_models rm ON rm.id = mv.registered_model_id
    LEFT JOIN prompt_versions pv ON pv.model_version_id = mv.id
    WHERE ${andAll(where)}
    ORDER BY ${Prisma.join(order)}
    LIMIT ${maxResults + 1} OFFSET ${offset}`);
  const ids = rows.slice(0, maxResults).map((r) => r.id);
  return {
    modelVersions: await loadModelVersionRecords(ids, tx),
    nextPageToken: rows.length > maxResults ? encodePageToken(offset + maxResults, queryKey) : undefined,
  };
}

// ───────────────────────────── registered-models/search ─────────────────────────────

export const SEARCH_REGISTERED_MODELS_DEFAULT_MAX_RESULTS = 100;
export const SEARCH_REGISTERED_MODELS_MAX_RESULTS = 1000;

/**
 * registered-models/search. Attribute `name`, tags `tags.<key>`; a missing
 * `mlflow.prompt.is_prompt` counts as 'false', and prompts are returned only when the filter
 * asks for them (MLflow's rule), so `!= 'true'` finds models and `= 'true'` finds prompts.
 */
export async function searchRegisteredModels(
  input: SearchRegisteredModelsInput = {},
  tx: Tx = db,
): Promise<{ registeredModels: RegisteredModelRecord[]; nextPageToken?: string }> {
  const maxResults = validateMaxResults(input.maxResults, SEARCH_REGISTERED_MODELS_DEFAULT_MAX_RESULTS, SEARCH_REGISTERED_MODELS_MAX_RESULTS);
  const clauses = parseFilter(input.filter, REGISTERED_MODEL_GRAMMAR);
  const where: Prisma.Sql[] = [];
  let probes = 0; // tag probes beyond the first few are per-row subplans (sql.ts subplanProbe)
  for (const c of clauses) {
    if (c.type === "attribute") {
      if (c.key !== "name") throw invalidParam(`Invalid attribute name: ${c.key}`);
      where.push(compileStringComparison(Prisma.sql`rm.name`, c.comparator, c.value as string));
    } else if (c.type === "tag") {
      if (c.key === IS_PROMPT_TAG_KEY) where.push(compileStringComparison(isPromptTagValue(Prisma.sql`rm.is_prompt`), c.comparator, c.value as string));
      else {
        const probe = Prisma.sql`EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.registered_model_id = rm.id AND t.key = ${c.key}
          AND ${compileStringComparison(Prisma.sql`t.value`, c.comparator, c.value as string)})`;
        where.push(subplanProbe(probe, probes++));
      }
    } else {
      throw invalidParam(`Invalid token type: ${c.type}`);
    }
  }
  if (!isQueryingPrompts(clauses)) where.push(Prisma.sql`NOT rm.is_prompt`);
  where.push(await readableRegisteredModelsSql(Prisma.sql`rm.id`));

  const columns: Record<string, Prisma.Sql> = {
    name: Prisma.sql`rm.name`,
    last_updated_timestamp: Prisma.sql`rm.last_updated_timestamp`,
    creation_timestamp: Prisma.sql`rm.creation_timestamp`,
  };
  const order: Prisma.Sql[] = [];
  const seen = new Set<string>();
  for (const expr of input.orderBy ?? []) {
    const o = parseOrderBy(expr, REGISTERED_MODEL_GRAMMAR);
    const col = o.type === "attribute" ? columns[o.key] : undefined;
    if (!col) throw invalidParam(`Invalid order by key '${o.key}' specified. Valid keys are 'name', 'last_updated_timestamp', 'creation_timestamp'`);
    if (seen.has(o.key)) throw invalidParam(`\`order_by\` contains duplicate fields: ${JSON.stringify(input.orderBy)}`);
    seen.add(o.key);
    order.push(o.ascending ? Prisma.sql`${col} ASC` : Prisma.sql`${col} DESC`);
  }
  if (!seen.has("name")) order.push(Prisma.sql`rm.name ASC`);

  const queryKey = pageQueryKey({ kind: "registered-models", filter: input.filter ?? "", orderBy: input.orderBy ?? [] });
  const offset = decodePageToken(input.pageToken, queryKey);
  const rows = await boundedRead(tx, (t) => t.$queryRaw<{ id: number }[]>`
    SELECT rm.id FROM registered_models rm
    WHERE ${andAll(where)}
    ORDER BY ${Prisma.join(order)}
    LIMIT ${maxResults + 1} OFFSET ${offset}`);
  return {
    registeredModels: await loadRegisteredModelRecords(rows.slice(0, maxResults).map((r) => r.id), tx),
    nextPageToken: rows.length > maxResults ? encodePageToken(offset + maxResults, queryKey) : undefined,
  };
}
