import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import { boundedRead } from "@/lib/domain/bounded-read";
import type { Clause, OrderBy } from "@/lib/domain/search/filter";
import { decodePageToken, encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
import { andAll, compileNumericComparison, compileStringComparison, orderTerms, subplanProbe } from "@/lib/domain/search/sql";
import { numericExperimentIds } from "@/lib/domain/search/run-query";
import { readableExperimentIds } from "@/lib/domain/auth/authorize";
import { readTraceInfos, type TraceInfoRecord } from "./info";
import { ATTR, SEARCH_TRACES_DEFAULT_MAX_RESULTS, SEARCH_TRACES_MAX_RESULTS } from "./keys";
import { parseTraceFilter, parseTraceOrderBy } from "./search-grammar";

// search_traces as ONE parameterized query over `traces t` (docs/mlflow-compatibility.md#trace-search): attribute clauses are
// column comparisons; tag / metadata / span / assessment clauses are EXISTS probes by the
// trace's primary key (so the experiment's (experiment_id, request_time DESC) index drives the
// default order and a first page stops early); order keys on tags or metadata are scalar
// subqueries. Ties: request_time DESC, then id — stable pages. Page tokens are offsets bound
// to the query (lib/domain/search/page-token.ts).

export interface SearchTracesInput {
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

export interface TracePage {
  traces: TraceInfoRecord[];
  nextPageToken?: string;
}

const T = Prisma.sql`t`;
const col = (name: string) => Prisma.sql`${T}.${Prisma.raw(name)}`;

const NUMERIC_COLUMNS: Record<string, Prisma.Sql> = {
  timestamp_ms: col("request_time"),
  execution_time_ms: col("execution_duration"),
  end_time_ms: Prisma.sql`(${col("request_time")} + ${col("execution_duration")})`,
  total_tokens: col("total_tokens"),
};
const STRING_COLUMNS: Record<string, Prisma.Sql> = {
  request_id: col("id"),
  status: Prisma.sql`${col("state")}::text`,
  client_request_id: col("client_request_id"),
  name: col("name"),
};

/** MLflow's JSON-value comparison: `= 'yes'` matches the JSON "yes" and the literal yes/true/5. */
function jsonValueComparison(column: Prisma.Sql, comparator: Clause["comparator"], value: string): Prisma.Sql {
  if (comparator === "=" || comparator === "!=") {
    const eq = Prisma.sql`(${column} = ${value} OR ${column} = ${JSON.stringify(value)})`;
    return comparator === "=" ? eq : Prisma.sql`NOT ${eq}`;
  }
  return compileStringComparison(column, comparator, value);
}

function keyValueExists(table: "trace_tags" | "trace_metadata", c: Clause): Prisma.Sql {
  const tbl = Prisma.raw(table);
  const base = Prisma.sql`SELECT 1 FROM ${tbl} kv WHERE kv.trace_id = ${col("id")} AND kv.key = ${c.key}`;
  if (c.comparator === "IS NULL") return Prisma.sql`NOT EXISTS (${base})`;
  if (c.comparator === "IS NOT NULL") return Prisma.sql`EXISTS (${base})`;
  return Prisma.sql`EXISTS (${base} AND ${compileStringComparison(Prisma.sql`kv.value`, c.comparator, c.value as string | string[])})`;
}

function spanExists(c: Clause): Prisma.Sql {
  let cond: Prisma.Sql;
  const v = c.value as string | string[];
  if (c.key === "name") cond = compileStringComparison(Prisma.sql`s.name`, c.comparator, v);
  else if (c.key === "type") cond = compileStringComparison(Prisma.sql`s.span_type`, c.comparator, v);
  else if (c.key === "status") {
    const norm = (x: string) => x.replace(/^STATUS_CODE_/, "");
    cond = compileStringComparison(Prisma.sql`s.status::text`, c.comparator, Array.isArray(v) ? v.map(norm) : norm(v));
  } else if (c.key === "content") {
    cond = compileStringComparison(Prisma.sql`concat_ws(' ', s.name, s.inputs, s.outputs, s.attributes::text, s.events::text)`, c.comparator, v);
  } else {
    const attr = c.key.slice("attributes.".length);
    const column =
      attr === ATTR.inputs ? Prisma.sql`s.inputs` : attr === ATTR.outputs ? Prisma.sql`s.outputs` : Prisma.sql`(s.attributes->>${attr})`;
    cond = Array.isArray(v) ? compileStringComparison(column, c.comparator, [...v, ...v.map((x) => JSON.stringify(x))]) : jsonValueComparison(column, c.comparator, v);
  }
  return Prisma.sql`EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = ${col("id")} AND ${cond})`;
}

function assessmentExists(kind: "feedback" | "expectation", c: Clause): Prisma.Sql {
  const base = Prisma.sql`SELECT 1 FROM assessments a WHERE a.trace_id = ${col("id")} AND a.kind = ${kind}::assessment_kind AND a.name = ${c.key} AND a.valid`;
  if (c.comparator === "IS NULL") return Prisma.sql`NOT EXISTS (${base})`;
  if (c.comparator === "IS NOT NULL") return Prisma.sql`EXISTS (${base})`;
  return Prisma.sql`EXISTS (${base} AND ${jsonValueComparison(Prisma.sql`a.value`, c.comparator, c.value as string)})`;
}

function runIdCondition(c: Clause): Prisma.Sql {
  const v = c.value as string | string[];
  if (c.comparator === "=" || c.comparator === "IN") {
    const list = Array.isArray(v) ? v : [v];
    return Prisma.sql`(${col("source_run_id")} = ANY(${list}::text[])
      OR EXISTS (SELECT 1 FROM trace_run_links l WHERE l.trace_id = ${col("id")} AND l.run_id = ANY(${list}::text[])))`;
  }
  return compileStringComparison(col("source_run_id"), c.comparator, v);
}

function promptCondition(c: Clause): Prisma.Sql {
  const v = c.value as string;
  if (c.comparator === "=") {
    const m = /^(.+)\/(\d+)$/.exec(v);
    if (!m) throw invalidParam(`Invalid prompts filter value '${v}'. Expected format: prompt = "name/version"`);
    return Prisma.sql`EXISTS (SELECT 1 FROM trace_prompt_links pl JOIN model_versions mv ON mv.id = pl.prompt_version_id
      JOIN registered_models rm ON rm.id = mv.registered_model_id
      WHERE pl.trace_id = ${col("id")} AND rm.name = ${m[1]} AND mv.version = ${Number(m[2])}::int)`;
  }
  return Prisma.sql`EXISTS (SELECT 1 FROM trace_prompt_links pl JOIN model_versions mv ON mv.id = pl.prompt_version_id
    JOIN registered_models rm ON rm.id = mv.registered_model_id
    WHERE pl.trace_id = ${col("id")} AND ${compileStringComparison(Prisma.sql`(rm.name || '/' || mv.version::text)`, c.comparator, v)})`;
}

function compileClause(c: Clause): Prisma.Sql {
  switch (c.type) {
    case "attribute": {
      if (NUMERIC_COLUMNS[c.key]) return compileNumericComparison(NUMERIC_COLUMNS[c.key], c.comparator, c.value as number, "bigint");
      if (STRING_COLUMNS[c.key]) return compileStringComparison(STRING_COLUMNS[c.key], c.comparator, c.value as string | string[]);
      if (c.key === "run_id") return runIdCondition(c);
      if (c.key === "prompt") return promptCondition(c);
      if (c.key === "text") return spanExists({ ...c, type: "span", key: "content" });
      throw invalidParam(`Invalid search key '${c.key}'.`);
    }
    case "tag":
      return keyValueExists("trace_tags", c);
    case "metadata":
      return keyValueExists("trace_metadata", c);
    case "span":
      return spanExists(c);
    case "feedback":
    case "expectation":
      return assessmentExists(c.type, c);
    case "issue":
      throw invalidParam("Filtering traces by issue is not supported by this server.");
    default:
      throw invalidParam(`Invalid entity type '${c.type}' for trace search.`);
  }
}

const ORDER_COLUMNS: Record<string, { sql: Prisma.Sql; nullable: boolean }> = {
  timestamp_ms: { sql: col("request_time"), nullable: false },
  execution_time_ms: { sql: col("execution_duration"), nullable: true },
  end_time_ms: { sql: Prisma.sql`(${col("request_time")} + ${col("execution_duration")})`, nullable: true },
  status: { sql: Prisma.sql`${col("state")}::text`, nullable: false },
  request_id: { sql: col("id"), nullable: false },
  name: { sql: col("name"), nullable: true },
  run_id: { sql: col("source_run_id"), nullable: true },
  experiment_id: { sql: col("experiment_id"), nullable: false },
  total_tokens: { sql: col("total_tokens"), nullable: true },
};

function compileOrder(orderBys: OrderBy[]): Prisma.Sql {
  const terms: Prisma.Sql[] = [];
  let hasTime = false;
  let hasId = false;
  for (const o of orderBys) {
    if (o.type === "attribute") {
      const c = ORDER_COLUMNS[o.key];
      if (!c) throw invalidParam(`Invalid order_by key '${o.key}' for trace search.`);
      if (o.key === "timestamp_ms") hasTime = true;
      if (o.key === "request_id") hasId = true;
      terms.push(...orderTerms(c.sql, o.ascending, { nullable: c.nullable }));
    } else if (o.type === "tag" || o.type === "metadata") {
      const tbl = Prisma.raw(o.type === "tag" ? "trace_tags" : "trace_metadata");
      terms.push(...orderTerms(Prisma.sql`(SELECT kv.value FROM ${tbl} kv WHERE kv.trace_id = ${col("id")} AND kv.key = ${o.key})`, o.ascending, { nullable: true }));
    } else {
      throw invalidParam(`Trace search cannot be ordered by ${o.type} values.`);
    }
  }
  if (!hasTime) terms.push(Prisma.sql`${col("request_time")} DESC`);
  if (!hasId) terms.push(Prisma.sql`${col("id")} ASC`);
  return Prisma.join(terms, ", ");
}

export interface CompiledTraceQuery {
  where: Prisma.Sql;
  orderBy: Prisma.Sql;
}

/** The WHERE and ORDER BY over `traces t` for a filter and order (exposed for the traces table). */
export function compileTraceQuery(experimentIds: number[], filter: string | undefined, orderBy: string[] | undefined): CompiledTraceQuery {
  const clauses = parseTraceFilter(filter);
  const orders = parseTraceOrderBy(orderBy);
  let probes = 0;
  const where: Prisma.Sql[] = [
    experimentIds.length === 1 ? Prisma.sql`${col("experiment_id")} = ${experimentIds[0]}::int` : Prisma.sql`${col("experiment_id")} = ANY(${experimentIds}::int[])`,
    // Probes beyond the first few are per-row subplans, so planning stays linear in their
    // number (lib/domain/search/sql.ts subplanProbe; issue 15).
    ...clauses.map((c) => (c.type === "attribute" ? compileClause(c) : subplanProbe(compileClause(c), probes++))),
  ];
  return { where: andAll(where), orderBy: compileOrder(orders) };
}

/** The ids of one page of matching traces (+ whether more follow). */
export async function searchTraceIds(input: SearchTracesInput, tx: Tx = db): Promise<{ ids: string[]; offset: number; more: boolean }> {
  const max = input.maxResults ?? SEARCH_TRACES_DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(max) || max < 1 || max > SEARCH_TRACES_MAX_RESULTS) {
    throw invalidParam(`Invalid value ${max} for parameter 'max_results' supplied. It must be at most ${SEARCH_TRACES_MAX_RESULTS}.`);
  }
  const experimentIds = numericExperimentIds(input.experimentIds);
  const key = pageQueryKey({ e: experimentIds, f: input.filter ?? "", o: input.orderBy ?? [] });
  const offset = decodePageToken(input.pageToken, key);
  // Only the experiments the caller may read (the page token is keyed by the ids asked for).
  const readable = await readableExperimentIds(experimentIds);
  if (readable.length === 0) return { ids: [], offset, more: false };
  const q = compileTraceQuery(readable, input.filter, input.orderBy);
  const rows = await boundedRead(tx, (b) => b.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT t.id FROM traces t WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT ${max + 1}::int OFFSET ${offset}::int`));
  return { ids: rows.slice(0, max).map((r) => r.id), offset, more: rows.length > max };
}

/** SearchTracesV3 / v2 SearchTraces. */
export async function searchTraces(input: SearchTracesInput, tx: Tx = db): Promise<TracePage> {
  if (input.experimentIds.length === 0) throw invalidParam("At least one experiment (location) must be specified to search traces.");
  const page = await searchTraceIds(input, tx);
  const traces = await readTraceInfos(page.ids, tx);
  const experimentIds = numericExperimentIds(input.experimentIds);
  const key = pageQueryKey({ e: experimentIds, f: input.filter ?? "", o: input.orderBy ?? [] });
  return { traces, nextPageToken: page.more ? encodePageToken(page.offset + page.ids.length, key) : undefined };
}
