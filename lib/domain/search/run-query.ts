// runs/search as ONE parameterized SQL query (docs/mlflow-compatibility.md#runs, #search-filters), shared by the REST API and the
// runs table. Filters on the first few keys become joins on (run_id, key) — a run lacking a key
// never matches —, filters on more keys read them with one lateral per entity kind (so a filter
// naming hundreds of keys plans in milliseconds, see DIRECT_KEY_PROBES in sql.ts), plus EXISTS
// subqueries for datasets; order_by keys get LEFT JOINs with MLflow's null
// ordering (missing values last in both directions, NaN just before them); ties are broken by
// start_time DESC, then run id, so paging is stable.
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import { boundedRead } from "@/lib/domain/bounded-read";
import { parseFilter, parseOrderByList, RUN_GRAMMAR, type Clause, type OrderBy } from "./filter";
import { decodePageToken, encodePageToken, pageQueryKey } from "./page-token";
import { andAll, compileNumericComparison, compileStringComparison, DIRECT_KEY_PROBES, KeyValueLateral, numericComparisonExcludesNaN, orderTerms, subplanProbe } from "./sql";

export type RunViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

export interface SearchRunIdsOptions {
  experimentIds: string[];
  filter?: string;
  runViewType?: RunViewType;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

export const SEARCH_RUNS_DEFAULT_MAX_RESULTS = 1000;
export const SEARCH_RUNS_MAX_RESULTS = 50_000;

const INT4_MAX = 2_147_483_647;

/** Attribute → column expression on `runs r`. */
const RUN_COLUMNS: Record<string, { sql: Prisma.Sql; kind: "string" | "number"; nullable: boolean }> = {
  run_id: { sql: Prisma.sql`r.id`, kind: "string", nullable: false },
  run_name: { sql: Prisma.sql`r.name`, kind: "string", nullable: false },
  status: { sql: Prisma.sql`r.status::text`, kind: "string", nullable: false },
  user_id: { sql: Prisma.sql`r.user_id`, kind: "string", nullable: false },
  artifact_uri: { sql: Prisma.sql`r.artifact_uri`, kind: "string", nullable: false },
  start_time: { sql: Prisma.sql`r.start_time`, kind: "number", nullable: false },
  end_time: { sql: Prisma.sql`r.end_time`, kind: "number", nullable: true },
  experiment_id: { sql: Prisma.sql`r.experiment_id`, kind: "number", nullable: false },
};

const DATASET_CONTEXT_TAG = "mlflow.data.context";

export interface CompiledRunQuery {
  /** `runs r` plus the joins the filter and order need. */
  from: Prisma.Sql;
  /** The full WHERE condition (experiments, lifecycle, filter). */
  where: Prisma.Sql;
  /** The full ORDER BY list including tie-breakers. */
  orderBy: Prisma.Sql;
  /** FROM/WHERE without the order-only joins, for counting. */
  countFrom: Prisma.Sql;
}

interface KeyJoin {
  alias: Prisma.Sql;
  table: "latest_metrics" | "params" | "run_tags";
  key: string;
  /** Filtered on: an inner join (the run must have the key). */
  inner: boolean;
  /** Some filter on this metric already rules out NaN. */
  nanExcluded: boolean;
}

/** Numeric ids only: anything else (or out of int4 range) matches no experiment. */
export function numericExperimentIds(ids: readonly string[]): number[] {
  const out = new Set<number>();
  for (const id of ids) {
    const s = String(id).trim();
    if (/^\d{1,10}$/.test(s) && Number(s) <= INT4_MAX) out.add(Number(s));
  }
  return [...out];
}

/**
 * Compiles parsed clauses and order_by entries for runs of the given experiments into SQL
 * fragments over `runs r`. Exposed for callers that need a custom SELECT list.
 */
export function compileRunQuery(
  clauses: readonly Clause[],
  orderBys: readonly OrderBy[],
  experimentIds: readonly number[],
  runViewType: RunViewType = "ACTIVE_ONLY",
): CompiledRunQuery {
  const joins = new Map<string, KeyJoin>();
  const joinFor = (type: "metric" | "param" | "tag", key: string): KeyJoin => {
    const id = `${type}\u0000${key}`;
    let j = joins.get(id);
    if (!j) {
      const n = joins.size;
      const table = type === "metric" ? "latest_metrics" : type === "param" ? "params" : "run_tags";
      j = { alias: Prisma.raw(`${type[0]}${n}`), table, key, inner: false, nanExcluded: false };
      joins.set(id, j);
    }
    return j;
  };
  // Filter keys beyond the first DIRECT_KEY_PROBES: one lateral per entity kind (sql.ts).
  const laterals = {
    metric: new KeyValueLateral("lm_all", "latest_metrics", "run_id", Prisma.sql`r.id`, "float8"),
    param: new KeyValueLateral("p_all", "params", "run_id", Prisma.sql`r.id`, "text"),
    tag: new KeyValueLateral("t_all", "run_tags", "run_id", Prisma.sql`r.id`, "text"),
  };
  const lateralNanExcluded = new Set<string>();
  /** The filtered value of a metric/param/tag key: a join for the first keys, a lateral's slot after. */
  const filterValue = (type: "metric" | "param" | "tag", key: string): { expr: Prisma.Sql; excludeNaN: () => void } => {
    const id = `${type}\u0000${key}`;
    if (joins.has(id) || (joins.size < DIRECT_KEY_PROBES && !laterals[type].has(key))) {
      const j = joinFor(type, key);
      j.inner = true;
      return { expr: Prisma.sql`${j.alias}.value`, excludeNaN: () => (j.nanExcluded = true) };
    }
    return { expr: laterals[type].value(key), excludeNaN: () => lateralNanExcluded.add(key) };
  };

  const where: Prisma.Sql[] = [];
  if (experimentIds.length === 1) where.push(Prisma.sql`r.experiment_id = ${experimentIds[0]}::int`);
  else where.push(Prisma.sql`r.experiment_id IN (${Prisma.join(experimentIds.map((e) => Prisma.sql`${e}::int`))})`);
  if (runViewType === "ACTIVE_ONLY") where.push(Prisma.sql`r.lifecycle_stage = 'active'`);
  else if (runViewType === "DELETED_ONLY") where.push(Prisma.sql`r.lifecycle_stage = 'deleted'`);

  let datasetProbes = 0;
  for (const c of clauses) {
    if (c.type === "metric" || c.type === "param" || c.type === "tag") {
      const v = filterValue(c.type, c.key);
      if (c.type === "metric") {
        where.push(compileNumericComparison(v.expr, c.comparator, c.value as number));
        if (numericComparisonExcludesNaN(c.comparator)) v.excludeNaN();
      } else {
        where.push(compileStringComparison(v.expr, c.comparator, c.value as string | string[]));
      }
    } else if (c.type === "attribute") {
      const col = RUN_COLUMNS[c.key];
      if (!col) throw invalidParam(`Invalid attribute key '${c.key}' specified.`);
      where.push(
        col.kind === "number"
          ? compileNumericComparison(col.sql, c.comparator, c.value as number, "bigint")
          : compileStringComparison(col.sql, c.comparator, c.value as string | string[]),
      );
    } else {
      // dataset: any of the run's dataset inputs matches (MLflow's semantics).
      const value = c.value as string | string[];
      if (c.key === "context") {
        const cmp = compileStringComparison(Prisma.sql`t.tag->>'value'`, c.comparator, value);
        where.push(subplanProbe(Prisma.sql`EXISTS (SELECT 1 FROM dataset_inputs di
          CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(di.tags) = 'array' THEN di.tags ELSE '[]'::jsonb END) AS t(tag)
          WHERE di.run_id = r.id AND t.tag->>'key' = ${DATASET_CONTEXT_TAG} AND ${cmp})`, datasetProbes++));
      } else {
        const column = c.key === "name" ? Prisma.sql`d.name` : Prisma.sql`d.digest`;
        const cmp = compileStringComparison(column, c.comparator, value);
        where.push(subplanProbe(Prisma.sql`EXISTS (SELECT 1 FROM dataset_inputs di JOIN datasets d ON d.id = di.dataset_id
          WHERE di.run_id = r.id AND ${cmp})`, datasetProbes++));
      }
    }
  }
  const filterJoinIds = new Set(joins.keys());

  const order: Prisma.Sql[] = [];
  const seen = new Set<string>();
  let startTimeOrdered = false;
  for (const o of orderBys) {
    const id = `${o.type}\u0000${o.key}`;
    if (seen.has(id)) throw invalidParam(`\`order_by\` contains duplicate fields: ${o.type}.${o.key}`);
    seen.add(id);
    if (o.type === "attribute") {
      const col = RUN_COLUMNS[o.key];
      if (!col) throw invalidParam(`Invalid order by key '${o.key}' specified.`);
      if (o.key === "start_time") startTimeOrdered = true;
      order.push(...orderTerms(col.sql, o.ascending, { nullable: col.nullable }));
    } else if ((o.type === "metric" || o.type === "param" || o.type === "tag") && laterals[o.type].has(o.key)) {
      // Filtered on (so present): sort by the lateral's slot.
      const nan = o.type === "metric" && !lateralNanExcluded.has(o.key);
      order.push(...orderTerms(laterals[o.type].value(o.key), o.ascending, { nullable: false, nan }));
    } else if (o.type === "metric" || o.type === "param" || o.type === "tag") {
      const j = joinFor(o.type, o.key);
      const expr = Prisma.sql`${j.alias}.value`;
      order.push(...orderTerms(expr, o.ascending, { nullable: !j.inner, nan: o.type === "metric" && !j.nanExcluded }));
    } else {
      throw invalidParam(`Invalid order_by entity type '${o.type}'`);
    }
  }
  if (!startTimeOrdered) order.push(Prisma.sql`r.start_time DESC`);
  order.push(Prisma.sql`r.id ASC`);

  const expFilter = (alias: Prisma.Sql) =>
    experimentIds.length === 1
      ? Prisma.sql`${alias}.experiment_id = r.experiment_id`
      : Prisma.sql`${alias}.experiment_id = r.experiment_id AND ${alias}.experiment_id IN (${Prisma.join(experimentIds.map((e) => Prisma.sql`${e}::int`))})`;
  const joinSql = (j: KeyJoin): Prisma.Sql => {
    const table = Prisma.raw(j.table);
    const on =
      j.table === "latest_metrics"
        ? Prisma.sql`${j.alias}.run_id = r.id AND ${j.alias}.key = ${j.key} AND ${expFilter(j.alias)}`
        : Prisma.sql`${j.alias}.run_id = r.id AND ${j.alias}.key = ${j.key}`;
    return j.inner ? Prisma.sql` JOIN ${table} ${j.alias} ON ${on}` : Prisma.sql` LEFT JOIN ${table} ${j.alias} ON ${on}`;
  };
  const lateralJoins = [laterals.metric.join(), laterals.param.join(), laterals.tag.join()];
  const allJoins = [...[...joins.values()].map(joinSql), ...lateralJoins];
  const filterJoins = [...[...joins.entries()].filter(([id]) => filterJoinIds.has(id)).map(([, j]) => joinSql(j)), ...lateralJoins];

  return {
    from: Prisma.sql`runs r${allJoins.length ? Prisma.join(allJoins, "") : Prisma.empty}`,
    countFrom: Prisma.sql`runs r${filterJoins.length ? Prisma.join(filterJoins, "") : Prisma.empty}`,
    where: andAll(where),
    orderBy: Prisma.join(order, ", "),
  };
}

function validateMaxResults(maxResults: number | undefined): number {
  if (maxResults === undefined || maxResults === null) return SEARCH_RUNS_DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw invalidParam(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer.`);
  }
  if (maxResults > SEARCH_RUNS_MAX_RESULTS) {
    throw invalidParam(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most ${SEARCH_RUNS_MAX_RESULTS}, but got value ${maxResults}`,
    );
  }
  return maxResults;
}

/** Parses and compiles a runs/search request (no database access). Throws INVALID_PARAMETER_VALUE. */
export function prepareRunSearch(opts: SearchRunIdsOptions) {
  const maxResults = validateMaxResults(opts.maxResults);
  const runViewType = opts.runViewType ?? "ACTIVE_ONLY";
  const clauses = parseFilter(opts.filter, RUN_GRAMMAR);
  const orderBys = parseOrderByList(opts.orderBy, RUN_GRAMMAR);
  const experimentIds = numericExperimentIds(opts.experimentIds);
  const queryKey = pageQueryKey({
    kind: "runs",
    experimentIds: opts.experimentIds.map(String),
    filter: opts.filter ?? "",
    runViewType,
    orderBy: opts.orderBy ?? [],
  });
  const offset = decodePageToken(opts.pageToken, queryKey);
  const compiled = experimentIds.length ? compileRunQuery(clauses, orderBys, experimentIds, runViewType) : null;
  return { maxResults, offset, queryKey, compiled };
}

/** `SELECT r.id … ORDER BY … LIMIT … OFFSET …` for a compiled search (what searchRunIds runs). */
export function runPageSql(compiled: CompiledRunQuery, limit: number, offset: number): Prisma.Sql {
  return Prisma.sql`SELECT r.id FROM ${compiled.from} WHERE ${compiled.where} ORDER BY ${compiled.orderBy} LIMIT ${limit} OFFSET ${offset}`;
}

/**
 * The ids of one page of runs matching a runs/search request, in order. `nextPageToken` is set
 * only when more runs exist.
 */
export async function searchRunIds(opts: SearchRunIdsOptions, tx: Tx = db): Promise<{ runIds: string[]; nextPageToken?: string }> {
  const { maxResults, offset, queryKey, compiled } = prepareRunSearch(opts);
  if (!compiled) return { runIds: [] };
  const rows = await boundedRead(tx, (t) => t.$queryRaw<{ id: string }[]>(runPageSql(compiled, maxResults + 1, offset)));
  const more = rows.length > maxResults;
  const runIds = (more ? rows.slice(0, maxResults) : rows).map((r) => r.id);
  return more ? { runIds, nextPageToken: encodePageToken(offset + maxResults, queryKey) } : { runIds };
}

/** How many runs match (same experiments, view type and filter as searchRunIds; paging ignored). */
export async function countRuns(
  opts: Pick<SearchRunIdsOptions, "experimentIds" | "filter" | "runViewType">,
  tx: Tx = db,
): Promise<number> {
  const clauses = parseFilter(opts.filter, RUN_GRAMMAR);
  const experimentIds = numericExperimentIds(opts.experimentIds);
  if (!experimentIds.length) return 0;
  const compiled = compileRunQuery(clauses, [], experimentIds, opts.runViewType ?? "ACTIVE_ONLY");
  const rows = await boundedRead(tx, (t) => t.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM ${compiled.countFrom} WHERE ${compiled.where}`));
  return rows[0]?.n ?? 0;
}
