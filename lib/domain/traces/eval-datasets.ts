import "server-only";
import { createHash } from "node:crypto";
import { db, Prisma, type Tx } from "@/lib/db";
import { invalidParam, notFound } from "@/lib/errors";
import { parseFilter, parseOrderBy, type Grammar } from "@/lib/domain/search/filter";
import { decodePageToken, encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
import { andAll, compileNumericComparison, compileStringComparison, orderTerms } from "@/lib/domain/search/sql";
import { numericExperimentIds } from "@/lib/domain/search/run-query";
import { authenticatedUsername, readableEvalDatasetsSql, requireEvalDataset, requireExperiment, requireSignedIn } from "@/lib/domain/auth/authorize";
import { inTransaction } from "@/lib/domain/tx";
import { newDatasetId, newDatasetRecordId } from "./ids";
import { pyDumps, pyLoads, PyJsonError, type PyObject, type PyValue } from "./py-json";

// MLflow 3 evaluation datasets (mlflow.genai.datasets): a named set of records (inputs,
// expectations, outputs, tags, source) shared by experiments, upserted by inputs — the rows an
// evaluation of prompt v1 and v2 runs over. Record fields keep Python JSON (ints vs floats).
// Permissions come from the experiments a dataset is linked to (lib/domain/auth/authorize.ts):
// reads need READ, changes EDIT, deletion MANAGE; linking needs EDIT on the experiment too.

export interface EvalDatasetRecord {
  datasetId: string;
  name: string;
  tags: string | null;
  schema: string | null;
  profile: string | null;
  digest: string;
  createdTime: bigint;
  lastUpdateTime: bigint;
  createdBy: string | null;
  lastUpdatedBy: string | null;
  experimentIds?: string[];
}

const MLFLOW_USER = "mlflow.user";
const WRAPPED_OUTPUT = "mlflow_wrapped";
export const MAX_RECORDS_PER_PAGE = 1000;

const digestOf = (name: string, time: bigint) => createHash("sha256").update(`${name}:${time}`).digest("hex").slice(0, 8);
const notFoundDataset = (id: string) => notFound(`Evaluation dataset with id '${id}' not found`);

function parseJsonObject(text: string | null | undefined, what: string): PyObject | null {
  if (text === undefined || text === null || text === "") return null;
  let v: PyValue;
  try {
    v = pyLoads(text);
  } catch (e) {
    if (e instanceof PyJsonError) throw invalidParam(`'${what}' must be a JSON object: ${e.message}.`);
    throw e;
  }
  if (!(v instanceof Map)) throw invalidParam(`'${what}' must be a JSON object.`);
  return v;
}

interface DatasetRow {
  id: string;
  name: string;
  tags: string | null;
  schema: string | null;
  profile: string | null;
  digest: string;
  created_time: bigint;
  last_update_time: bigint;
  created_by: string | null;
  last_updated_by: string | null;
}

const toRecord = (r: DatasetRow): EvalDatasetRecord => ({
  datasetId: r.id,
  name: r.name,
  tags: r.tags,
  schema: r.schema,
  profile: r.profile,
  digest: r.digest,
  createdTime: r.created_time,
  lastUpdateTime: r.last_update_time,
  createdBy: r.created_by,
  lastUpdatedBy: r.last_updated_by,
});

async function getRow(datasetId: string, tx: Tx, lock = false): Promise<DatasetRow> {
  const rows = await tx.$queryRaw<DatasetRow[]>(Prisma.sql`SELECT * FROM evaluation_datasets WHERE id = ${datasetId} ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`);
  if (!rows.length) throw notFoundDataset(datasetId);
  return rows[0];
}

async function checkExperiments(tx: Tx, ids: string[]): Promise<number[]> {
  const nums = numericExperimentIds(ids);
  if (nums.length !== new Set(ids).size) throw invalidParam(`Invalid experiment ids: ${ids.join(", ")}`);
  const found = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM experiments WHERE id = ANY(${nums}::int[])`;
  const missing = nums.filter((n) => !found.some((f) => f.id === n));
  if (missing.length) throw notFound(`No Experiment with id=${missing[0]} exists`);
  return nums;
}

export interface CreateEvalDatasetInput {
  name: string;
  experimentIds: string[];
  tags?: string | null;
  createdBy?: string | null;
}

export async function createEvalDataset(input: CreateEvalDatasetInput, tx: Tx = db): Promise<EvalDatasetRecord> {
  if (!input.name.trim()) throw invalidParam("Dataset name must not be empty.");
  if (input.name.length > 255) throw invalidParam("Dataset name must be at most 255 characters.");
  const tags = parseJsonObject(input.tags, "tags");
  const user = tags?.get(MLFLOW_USER);
  if (input.experimentIds.length) for (const e of new Set(input.experimentIds)) await requireExperiment(e, "EDIT");
  else await requireSignedIn();
  // Signed in, the creator is the authenticated user (it owns a dataset linked to no experiment).
  const createdBy = (await authenticatedUsername()) ?? input.createdBy ?? (typeof user === "string" ? user : null);
  return inTransaction(tx, async (t) => {
    const exps = await checkExperiments(t, input.experimentIds);
    const id = newDatasetId();
    const now = BigInt(Date.now());
    await t.$executeRaw`
      INSERT INTO evaluation_datasets (id, name, tags, digest, created_time, last_update_time, created_by, last_updated_by)
      VALUES (${id}, ${input.name}, ${tags ? pyDumps(tags) : null}, ${digestOf(input.name, now)}, ${now}, ${now}, ${createdBy}, ${createdBy})`;
    if (exps.length) await t.$executeRaw`INSERT INTO evaluation_dataset_experiments (dataset_id, experiment_id) SELECT ${id}, unnest(${exps}::int[])`;
    return { ...toRecord(await getRow(id, t)), experimentIds: exps.map(String) };
  });
}

export async function getEvalDataset(datasetId: string, tx: Tx = db): Promise<EvalDatasetRecord> {
  await requireEvalDataset(datasetId, "READ", tx);
  return toRecord(await getRow(datasetId, tx));
}

export async function deleteEvalDataset(datasetId: string, tx: Tx = db): Promise<void> {
  await requireEvalDataset(datasetId, "MANAGE", tx);
  await tx.$executeRaw`DELETE FROM evaluation_datasets WHERE id = ${datasetId}`;
}

export async function getEvalDatasetExperimentIds(datasetId: string, tx: Tx = db): Promise<string[]> {
  await requireEvalDataset(datasetId, "READ", tx);
  await getRow(datasetId, tx);
  return experimentIdsOf(datasetId, tx);
}

async function experimentIdsOf(datasetId: string, tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ experiment_id: number }[]>`SELECT experiment_id FROM evaluation_dataset_experiments WHERE dataset_id = ${datasetId} ORDER BY experiment_id`;
  return rows.map((r) => String(r.experiment_id));
}

export async function setEvalDatasetExperiments(datasetId: string, experimentIds: string[], op: "add" | "remove", tx: Tx = db): Promise<EvalDatasetRecord> {
  await requireEvalDataset(datasetId, "EDIT", tx);
  for (const e of new Set(experimentIds)) await requireExperiment(e, "EDIT");
  return inTransaction(tx, async (t) => {
    await getRow(datasetId, t);
    const exps = await checkExperiments(t, experimentIds);
    if (op === "add") {
      await t.$executeRaw`INSERT INTO evaluation_dataset_experiments (dataset_id, experiment_id) SELECT ${datasetId}, unnest(${exps}::int[]) ON CONFLICT DO NOTHING`;
    } else {
      await t.$executeRaw`DELETE FROM evaluation_dataset_experiments WHERE dataset_id = ${datasetId} AND experiment_id = ANY(${exps}::int[])`;
    }
    return { ...toRecord(await getRow(datasetId, t)), experimentIds: await experimentIdsOf(datasetId, t) };
  });
}

/** set-tags: the JSON object of tags is merged into the dataset's tags. */
export async function setEvalDatasetTags(datasetId: string, tagsJson: string, tx: Tx = db): Promise<EvalDatasetRecord> {
  const update = parseJsonObject(tagsJson, "tags") ?? new Map();
  await requireEvalDataset(datasetId, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    const row = await getRow(datasetId, t, true);
    const tags = parseJsonObject(row.tags, "tags") ?? new Map();
    for (const [k, v] of update) tags.set(k, v);
    await t.$executeRaw`UPDATE evaluation_datasets SET tags = ${pyDumps(tags)}, last_update_time = ${BigInt(Date.now())} WHERE id = ${datasetId}`;
    return toRecord(await getRow(datasetId, t));
  });
}

export async function deleteEvalDatasetTag(datasetId: string, key: string, tx: Tx = db): Promise<void> {
  await requireEvalDataset(datasetId, "EDIT", tx);
  await inTransaction(tx, async (t) => {
    const row = await getRow(datasetId, t, true);
    const tags = parseJsonObject(row.tags, "tags") ?? new Map();
    if (!tags.delete(key)) return;
    await t.$executeRaw`UPDATE evaluation_datasets SET tags = ${tags.size ? pyDumps(tags) : null} WHERE id = ${datasetId}`;
  });
}

// ───────────────────────────── records ─────────────────────────────

const fieldType = (v: PyValue): string =>
  v === null ? "null" : typeof v === "boolean" ? "boolean" : typeof v === "bigint" ? "integer" : typeof v === "number" ? "float" : typeof v === "string" ? "string" : Array.isArray(v) ? "array" : "object";

function sortKeys(v: PyValue): PyValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v instanceof Map) return new Map([...v].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

interface RecordRow {
  id: string;
  inputs: string;
  expectations: string | null;
  outputs: string | null;
  tags: string | null;
  source: string | null;
}

const asObject = (v: PyValue | undefined): PyObject | null => (v instanceof Map ? v : null);

/** Upserts records (a JSON list) by their inputs. One read and one write statement per batch. */
export async function upsertEvalDatasetRecords(datasetId: string, recordsJson: string, tx: Tx = db): Promise<{ inserted: number; updated: number }> {
  let list: PyValue;
  try {
    list = pyLoads(recordsJson);
  } catch (e) {
    if (e instanceof PyJsonError) throw invalidParam(`'records' must be a JSON list: ${e.message}.`);
    throw e;
  }
  if (!Array.isArray(list)) throw invalidParam("'records' must be a JSON list of records.");
  if (list.length > 10_000) throw invalidParam(`At most 10000 records may be upserted per request; got ${list.length}.`);
  await requireEvalDataset(datasetId, "EDIT", tx);
  const incoming = list.map((r, i) => {
    if (!(r instanceof Map)) throw invalidParam(`records[${i}] must be an object.`);
    const inputs = asObject(r.get("inputs")) ?? new Map();
    return { r, inputs, hash: createHash("sha256").update(pyDumps(sortKeys(inputs))).digest("hex") };
  });
  return inTransaction(tx, async (t) => {
    const ds = await getRow(datasetId, t, true);
    const hashes = incoming.map((x) => x.hash);
    const existing = await t.$queryRaw<(RecordRow & { inputs_hash: string })[]>`
      SELECT id, inputs_hash, inputs, expectations, outputs, tags, source FROM evaluation_dataset_records
      WHERE dataset_id = ${datasetId} AND inputs_hash = ANY(${hashes}::text[])`;
    const byHash = new Map(existing.map((e) => [e.inputs_hash, e]));
    const now = BigInt(Date.now());
    let inserted = 0;
    let updated = 0;
    let updatedBy: string | null = null;
    const out = new Map<string, Record<string, string | null>>();
    for (const { r, inputs, hash } of incoming) {
      const tags = asObject(r.get("tags"));
      const user = tags?.get(MLFLOW_USER);
      if (typeof user === "string") updatedBy = user;
      const prev = out.get(hash) ?? (byHash.has(hash) ? { ...byHash.get(hash)!, created_by: null } as Record<string, string | null> : null);
      if (prev) {
        // MLflow's merge: outputs replaced, expectations and tags merged.
        if (r.has("outputs")) prev.outputs = r.get("outputs") === null ? null : pyDumps(new Map([[WRAPPED_OUTPUT, r.get("outputs")!]]));
        const exp = asObject(r.get("expectations"));
        if (exp?.size) prev.expectations = pyDumps(new Map([...(asObject(prev.expectations ? pyLoads(prev.expectations) : null) ?? []), ...exp]));
        if (tags?.size) prev.tags = pyDumps(new Map([...(asObject(prev.tags ? pyLoads(prev.tags) : null) ?? []), ...tags]));
        if (!out.has(hash) && byHash.has(hash)) updated++;
        out.set(hash, prev);
      } else {
        const source = r.get("source");
        const sourceObj = asObject(source);
        out.set(hash, {
          id: newDatasetRecordId(inserted, Number(now)),
          inputs: pyDumps(inputs),
          expectations: asObject(r.get("expectations")) ? pyDumps(r.get("expectations")!) : null,
          outputs: r.get("outputs") !== undefined && r.get("outputs") !== null ? pyDumps(new Map([[WRAPPED_OUTPUT, r.get("outputs")!]])) : null,
          tags: tags ? pyDumps(tags) : null,
          source: source !== undefined && source !== null ? pyDumps(source) : null,
          source_type: typeof sourceObj?.get("source_type") === "string" ? (sourceObj.get("source_type") as string) : null,
          source_id: typeof sourceObj?.get("source_id") === "string" ? (sourceObj.get("source_id") as string) : null,
          created_by: typeof user === "string" ? user : null,
        });
        inserted++;
      }
    }
    const rows = [...out].map(([hash, v]) => ({ ...v, inputs_hash: hash }));
    await t.$executeRaw`
      INSERT INTO evaluation_dataset_records (id, dataset_id, inputs_hash, inputs, expectations, outputs, tags, source, source_type, source_id,
                                              created_time, last_update_time, created_by, last_updated_by)
      SELECT r.id, ${datasetId}, r.inputs_hash, r.inputs, r.expectations, r.outputs, r.tags, r.source, r.source_type, r.source_id,
             ${now}, ${now}, r.created_by, r.created_by
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(id text, inputs_hash text, inputs text, expectations text, outputs text, tags text,
           source text, source_type text, source_id text, created_by text)
      ON CONFLICT (dataset_id, inputs_hash) DO UPDATE SET expectations = EXCLUDED.expectations, outputs = EXCLUDED.outputs, tags = EXCLUDED.tags,
        last_update_time = EXCLUDED.last_update_time, last_updated_by = COALESCE(EXCLUDED.last_updated_by, evaluation_dataset_records.last_updated_by)`;
    // Schema (field types seen, first wins) and profile, as MLflow computes them.
    const schema = (ds.schema ? asObject(pyLoads(ds.schema)) : null) ?? new Map<string, PyValue>([["inputs", new Map()], ["outputs", new Map()], ["expectations", new Map()], ["version", "1.0"]]);
    const section = (k: string) => {
      let s = schema.get(k);
      if (!(s instanceof Map)) schema.set(k, (s = new Map()));
      return s;
    };
    for (const { r, inputs } of incoming) {
      for (const [k, v] of inputs) if (!section("inputs").has(k)) section("inputs").set(k, fieldType(v));
      const o = r.get("outputs");
      if (o instanceof Map) {
        for (const [k, v] of o) if (!section("outputs").has(k)) section("outputs").set(k, fieldType(v));
      } else if (o !== undefined && o !== null && section("outputs").size === 0) {
        schema.set("outputs", fieldType(o));
      }
      const e = asObject(r.get("expectations"));
      if (e) for (const [k, v] of e) if (!section("expectations").has(k)) section("expectations").set(k, fieldType(v));
    }
    const count = await t.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM evaluation_dataset_records WHERE dataset_id = ${datasetId}`;
    await t.$executeRaw`
      UPDATE evaluation_datasets SET schema = ${pyDumps(schema)}, profile = ${pyDumps(new Map([["num_records", count[0].n]]))},
        digest = ${digestOf(ds.name, now)}, last_update_time = ${now}, last_updated_by = COALESCE(${updatedBy}, last_updated_by)
      WHERE id = ${datasetId}`;
    return { inserted, updated };
  });
}

interface StoredRecord extends RecordRow {
  source_type: string | null;
  source_id: string | null;
  created_time: bigint;
  last_update_time: bigint;
  created_by: string | null;
  last_updated_by: string | null;
}

/** One page of records as MLflow's JSON list text (the wire `records` field is a string). */
export async function getEvalDatasetRecords(datasetId: string, maxResults = MAX_RECORDS_PER_PAGE, pageToken?: string, tx: Tx = db): Promise<{ records: string; nextPageToken?: string }> {
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RECORDS_PER_PAGE) throw invalidParam(`max_results must be between 1 and ${MAX_RECORDS_PER_PAGE}.`);
  await requireEvalDataset(datasetId, "READ", tx);
  await getRow(datasetId, tx);
  const key = pageQueryKey({ d: datasetId });
  const offset = decodePageToken(pageToken, key);
  const rows = await tx.$queryRaw<StoredRecord[]>`
    SELECT id, inputs, expectations, outputs, tags, source, source_type, source_id, created_time, last_update_time, created_by, last_updated_by
    FROM evaluation_dataset_records WHERE dataset_id = ${datasetId} ORDER BY created_time, id LIMIT ${maxResults + 1}::int OFFSET ${offset}::int`;
  const page = rows.slice(0, maxResults).map((r) => {
    const m = new Map<string, PyValue>([
      ["dataset_record_id", r.id],
      ["dataset_id", datasetId],
      ["inputs", pyLoads(r.inputs)],
    ]);
    if (r.expectations) m.set("expectations", pyLoads(r.expectations));
    if (r.tags) m.set("tags", pyLoads(r.tags));
    if (r.source) m.set("source", pyLoads(r.source));
    if (r.source_id) m.set("source_id", r.source_id);
    if (r.source_type) m.set("source_type", r.source_type);
    m.set("created_time", r.created_time);
    m.set("last_update_time", r.last_update_time);
    if (r.created_by) m.set("created_by", r.created_by);
    if (r.last_updated_by) m.set("last_updated_by", r.last_updated_by);
    const wrapped = r.outputs ? asObject(pyLoads(r.outputs))?.get(WRAPPED_OUTPUT) : undefined;
    m.set("outputs", wrapped === undefined ? new Map() : wrapped);
    return m;
  });
  return { records: pyDumps(page), nextPageToken: rows.length > maxResults ? encodePageToken(offset + maxResults, key) : undefined };
}

export async function deleteEvalDatasetRecords(datasetId: string, recordIds: string[], tx: Tx = db): Promise<number> {
  await requireEvalDataset(datasetId, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    await getRow(datasetId, t, true);
    const n = await t.$executeRaw`DELETE FROM evaluation_dataset_records WHERE dataset_id = ${datasetId} AND id = ANY(${recordIds}::text[])`;
    if (n > 0) {
      await t.$executeRaw`UPDATE evaluation_datasets SET profile = (SELECT CASE WHEN count(*) > 0 THEN format('{"num_records": %s}', count(*)) END
        FROM evaluation_dataset_records WHERE dataset_id = ${datasetId}) WHERE id = ${datasetId}`;
    }
    return n;
  });
}

// ───────────────────────────── search ─────────────────────────────

export const DATASET_GRAMMAR: Grammar = {
  subject: "evaluation dataset",
  prefixes: { attribute: "attribute", attributes: "attribute", tag: "tag", tags: "tag" },
  entities: { tag: { kind: "string", comparators: ["=", "!=", "LIKE", "ILIKE"], orderable: false } },
  attributes: {
    name: { kind: "string", comparators: ["=", "!=", "LIKE", "ILIKE"], orderable: true },
    dataset_id: { kind: "string", comparators: ["=", "!=", "IN", "NOT IN"], orderable: false },
    created_by: { kind: "string", comparators: ["=", "!=", "LIKE", "ILIKE"], orderable: false },
    last_updated_by: { kind: "string", comparators: ["=", "!=", "LIKE", "ILIKE"], orderable: false },
    created_time: { kind: "number", comparators: [">", ">=", "=", "!=", "<", "<="], orderable: true },
    last_update_time: { kind: "number", comparators: [">", ">=", "=", "!=", "<", "<="], orderable: true },
  },
  attributeAliases: {},
};

const DS_COLUMNS: Record<string, Prisma.Sql> = {
  name: Prisma.sql`d.name`,
  dataset_id: Prisma.sql`d.id`,
  created_by: Prisma.sql`d.created_by`,
  last_updated_by: Prisma.sql`d.last_updated_by`,
  created_time: Prisma.sql`d.created_time`,
  last_update_time: Prisma.sql`d.last_update_time`,
};

export interface SearchEvalDatasetsInput {
  experimentIds: string[];
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export async function searchEvalDatasets(input: SearchEvalDatasetsInput, tx: Tx = db): Promise<{ datasets: EvalDatasetRecord[]; nextPageToken?: string }> {
  const max = input.maxResults ?? 1000;
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw invalidParam("max_results must be between 1 and 1000.");
  const where: Prisma.Sql[] = [await readableEvalDatasetsSql("d")];
  const exps = numericExperimentIds(input.experimentIds);
  if (input.experimentIds.length) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM evaluation_dataset_experiments x WHERE x.dataset_id = d.id AND x.experiment_id = ANY(${exps}::int[]))`);
  }
  for (const c of parseFilter(input.filter, DATASET_GRAMMAR)) {
    if (c.type === "tag") where.push(compileStringComparison(Prisma.sql`(d.tags::json->>${c.key})`, c.comparator, c.value as string));
    else if (typeof c.value === "number") where.push(compileNumericComparison(DS_COLUMNS[c.key], c.comparator, c.value, "bigint"));
    else where.push(compileStringComparison(DS_COLUMNS[c.key], c.comparator, c.value));
  }
  const orders = (input.orderBy ?? []).filter((o) => o.trim()).map((o) => parseOrderBy(o, DATASET_GRAMMAR));
  const terms = orders.flatMap((o) => orderTerms(DS_COLUMNS[o.key], o.ascending));
  if (!orders.some((o) => o.key === "created_time")) terms.push(Prisma.sql`d.created_time DESC`);
  terms.push(Prisma.sql`d.id ASC`);
  const key = pageQueryKey({ e: exps, f: input.filter ?? "", o: input.orderBy ?? [] });
  const offset = decodePageToken(input.pageToken, key);
  const rows = await tx.$queryRaw<DatasetRow[]>(Prisma.sql`
    SELECT d.* FROM evaluation_datasets d WHERE ${andAll(where)} ORDER BY ${Prisma.join(terms, ", ")} LIMIT ${max + 1}::int OFFSET ${offset}::int`);
  return { datasets: rows.slice(0, max).map(toRecord), nextPageToken: rows.length > max ? encodePageToken(offset + max, key) : undefined };
}
