import "server-only";
import { readableExperimentIds } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import { boundedRead } from "@/lib/domain/bounded-read";
import { parseExperimentId } from "@/lib/domain/experiments";
import { LOGGED_MODEL_GRAMMAR, MAX_ORDER_BY, parseFilter, parseOrderBy, type Clause } from "@/lib/domain/search/filter";
import { decodePageToken, encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
import { andAll, compileNumericComparison, compileStringComparison, orderTerms, subplanProbe } from "@/lib/domain/search/sql";
import { loadLoggedModels, type LoggedModelRecord } from "@/lib/domain/logged-models/records";

// POST logged-models/search: the filter grammar (attributes, params, tags, metrics — latest
// value per dataset), dataset restrictions and metric ordering, as one parameterized query.

export interface LoggedModelOrderBy {
  fieldName: string;
  ascending?: boolean;
  datasetName?: string;
  datasetDigest?: string;
}

export interface SearchLoggedModelsInput {
  experimentIds: string[];
  filter?: string;
  datasets?: { datasetName?: string; datasetDigest?: string }[];
  maxResults?: number;
  orderBy?: LoggedModelOrderBy[];
  pageToken?: string;
}

export const SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS = 50;
export const SEARCH_LOGGED_MODELS_MAX_RESULTS = 50_000;

const STATUSES = ["LOGGED_MODEL_STATUS_UNSPECIFIED", "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED"];
/** `READY` and `ready` also name `LOGGED_MODEL_READY`. */
function normalizeStatus(v: string): string {
  const u = v.toUpperCase();
  if (STATUSES.includes(u)) return u;
  return STATUSES.includes(`LOGGED_MODEL_${u}`) ? `LOGGED_MODEL_${u}` : v;
}

const ATTRIBUTE_COLUMNS: Record<string, { sql: Prisma.Sql; kind: "string" | "number"; nullable: boolean }> = {
  name: { sql: Prisma.sql`m.name`, kind: "string", nullable: false },
  model_id: { sql: Prisma.sql`m.id`, kind: "string", nullable: false },
  model_type: { sql: Prisma.sql`m.model_type`, kind: "string", nullable: true },
  status: { sql: Prisma.sql`m.status::text`, kind: "string", nullable: false },
  source_run_id: { sql: Prisma.sql`m.source_run_id`, kind: "string", nullable: true },
  creation_timestamp: { sql: Prisma.sql`m.creation_timestamp_ms`, kind: "number", nullable: false },
  last_updated_timestamp: { sql: Prisma.sql`m.last_updated_timestamp_ms`, kind: "number", nullable: false },
};

type DatasetFilter = { name: string; digest?: string };

function datasetCondition(alias: Prisma.Sql, datasets: DatasetFilter[]): Prisma.Sql | null {
  if (datasets.length === 0) return null;
  const ors = datasets.map((d) =>
    d.digest !== undefined
      ? Prisma.sql`(${alias}.dataset_name = ${d.name} AND ${alias}.dataset_digest = ${d.digest})`
      : Prisma.sql`${alias}.dataset_name = ${d.name}`,
  );
  return Prisma.sql`(${Prisma.join(ors, " OR ")})`;
}

function compileClause(c: Clause, datasets: DatasetFilter[]): Prisma.Sql {
  switch (c.type) {
    case "attribute": {
      const col = ATTRIBUTE_COLUMNS[c.key];
      if (!col) throw invalidParam(`Invalid attribute key '${c.key}' for a logged model search.`);
      if (col.kind === "number") return compileNumericComparison(col.sql, c.comparator, c.value as number, "bigint");
      const value = c.key === "status" ? (Array.isArray(c.value) ? c.value.map(normalizeStatus) : normalizeStatus(c.value as string)) : (c.value as string | string[]);
      return compileStringComparison(col.sql, c.comparator, value);
    }
    case "param":
      return Prisma.sql`EXISTS (SELECT 1 FROM logged_model_params p WHERE p.model_id = m.id AND p.key = ${c.key}
        AND ${compileStringComparison(Prisma.sql`p.value`, c.comparator, c.value as string)})`;
    case "tag":
      return Prisma.sql`EXISTS (SELECT 1 FROM logged_model_tags t WHERE t.model_id = m.id AND t.key = ${c.key}
        AND ${compileStringComparison(Prisma.sql`t.value`, c.comparator, c.value as string)})`;
    case "metric": {
      // The latest value of the metric per dataset (restricted to `datasets` when given).
      const ds = datasetCondition(Prisma.sql`x`, datasets);
      return Prisma.sql`EXISTS (
        SELECT 1 FROM (
          SELECT DISTINCT ON (x.dataset_name, x.dataset_digest) x.value FROM logged_model_metrics x
          WHERE x.model_id = m.id AND x.key = ${c.key} ${ds ? Prisma.sql`AND ${ds}` : Prisma.empty}
          ORDER BY x.dataset_name, x.dataset_digest, x.step DESC, x.timestamp DESC, x.value DESC
        ) lm WHERE ${compileNumericComparison(Prisma.sql`lm.value`, c.comparator, c.value as number)})`;
    }
    default:
      throw invalidParam(`Invalid filter on '${c.type}.${c.key}' for a logged model search.`);
  }
}

/** POST logged-models/search. */
export async function searchLoggedModels(
  input: SearchLoggedModelsInput,
  tx: Tx = db,
): Promise<{ models: LoggedModelRecord[]; nextPageToken?: string }> {
  const datasets: DatasetFilter[] = (input.datasets ?? []).map((d) => {
    if (!d.datasetName) throw invalidParam("`dataset_name` in the `datasets` clause must be specified.");
    return { name: d.datasetName, digest: d.datasetDigest || undefined };
  });
  const maxResults = input.maxResults || SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS;
  if (maxResults < 1 || maxResults > SEARCH_LOGGED_MODELS_MAX_RESULTS) {
    throw invalidParam(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer at most ${SEARCH_LOGGED_MODELS_MAX_RESULTS}.`,
    );
  }
  const clauses = parseFilter(input.filter, LOGGED_MODEL_GRAMMAR);
  const orderBy = input.orderBy ?? [];
  if (orderBy.length > MAX_ORDER_BY) throw invalidParam(`Invalid order_by: at most ${MAX_ORDER_BY} order_by clauses are allowed, got ${orderBy.length}`);

  const joins: Prisma.Sql[] = [];
  const order: Prisma.Sql[] = [];
  let hasCreation = false;
  orderBy.forEach((ob, i) => {
    if (!ob.fieldName) throw invalidParam(`Missing value for required parameter 'order_by[${i}].field_name'.`);
    const parsed = parseOrderBy(ob.fieldName, LOGGED_MODEL_GRAMMAR);
    const ascending = ob.ascending ?? true;
    if (parsed.type === "attribute") {
      const col = ATTRIBUTE_COLUMNS[parsed.key];
      if (!col) throw invalidParam(`Invalid order by field name: ${ob.fieldName}`);
      if (parsed.key === "creation_timestamp") hasCreation = true;
      order.push(...orderTerms(col.sql, ascending, { nullable: col.nullable }));
    } else if (parsed.type === "metric") {
      const alias = Prisma.raw(`o${i}`);
      const conds = [Prisma.sql`x.model_id = m.id`, Prisma.sql`x.key = ${parsed.key}`];
      if (ob.datasetName) conds.push(Prisma.sql`x.dataset_name = ${ob.datasetName}`);
      if (ob.datasetDigest) conds.push(Prisma.sql`x.dataset_digest = ${ob.datasetDigest}`);
      joins.push(Prisma.sql`LEFT JOIN LATERAL (SELECT x.value FROM logged_model_metrics x WHERE ${andAll(conds)}
        ORDER BY x.step DESC, x.timestamp DESC, x.value DESC LIMIT 1) ${alias} ON TRUE`);
      order.push(...orderTerms(Prisma.sql`${alias}.value`, ascending, { nullable: true, nan: true }));
    } else {
      throw invalidParam(`Invalid order by field name: ${ob.fieldName}. Only attributes and metrics are supported.`);
    }
  });
  if (!hasCreation) order.push(Prisma.sql`m.creation_timestamp_ms DESC`);
  order.push(Prisma.sql`m.id ASC`);

  const experimentIds = (await readableExperimentIds(input.experimentIds.map(parseExperimentId).filter((x): x is number => x !== null)));
  const where: Prisma.Sql[] = [Prisma.sql`m.experiment_id = ANY(${experimentIds}::int[])`, Prisma.sql`m.lifecycle_stage = 'active'`];
  // Probes (params, tags, metrics) beyond the first few are per-row subplans (sql.ts subplanProbe).
  let probes = 0;
  for (const c of clauses) where.push(c.type === "attribute" ? compileClause(c, datasets) : subplanProbe(compileClause(c, datasets), probes++));
  if (datasets.length && !clauses.some((c) => c.type === "metric")) {
    // Datasets without a metric filter: models with any metric on those datasets.
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = m.id AND ${datasetCondition(Prisma.sql`x`, datasets)!})`);
  }

  const queryKey = pageQueryKey({ experimentIds: input.experimentIds, filter: input.filter ?? "", datasets, orderBy });
  const offset = decodePageToken(input.pageToken, queryKey);
  if (experimentIds.length === 0) return { models: [] };
  const rows = await boundedRead(tx, (t) => t.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM logged_models m ${joins.length ? Prisma.join(joins, " ") : Prisma.empty}
    WHERE ${andAll(where)}
    ORDER BY ${Prisma.join(order, ", ")}
    OFFSET ${offset} LIMIT ${maxResults + 1}`);
  const ids = rows.slice(0, maxResults).map((r) => r.id);
  const models = await loadLoggedModels(ids, tx);
  return rows.length > maxResults ? { models, nextPageToken: encodePageToken(offset + maxResults, queryKey) } : { models };
}
