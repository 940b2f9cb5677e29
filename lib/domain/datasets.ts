import "server-only";
import { randomUUID } from "node:crypto";
import { db, Prisma, type Tx } from "@/lib/db";
import { readableExperimentIds } from "@/lib/domain/auth/authorize";
import { invalidParam } from "@/lib/errors";
import {
  MAX_DATASETS_PER_BATCH,
  MAX_DATASET_DIGEST_SIZE,
  MAX_DATASET_NAME_SIZE,
  MAX_DATASET_PROFILE_SIZE,
  MAX_DATASET_SCHEMA_SIZE,
  MAX_DATASET_SOURCE_SIZE,
  MAX_DATASET_SOURCE_TYPE_SIZE,
  MAX_INPUT_TAG_KEY_SIZE,
  MAX_INPUT_TAG_VALUE_SIZE,
  join,
  validateLength,
} from "@/lib/domain/validation";
import type { DatasetInputInput } from "@/lib/schemas/run";

// Datasets used as run inputs (runs/log-inputs, docs/mlflow-compatibility.md#datasets-and-inputs, #runs). A dataset is stored once per
// experiment and (name, digest); each run links to it with its own input tags
// (e.g. mlflow.data.context = "training").

export const DATASET_CONTEXT_TAG = "mlflow.data.context";

export interface DatasetRecord {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

export interface DatasetInputRecord {
  dataset: DatasetRecord;
  tags: { key: string; value: string }[];
}

/** MLflow's dataset-input limits (docs/mlflow-compatibility.md#datasets-and-inputs), with the field path in the message. */
export function validateDatasetInputs(inputs: DatasetInputInput[], path = "datasets"): void {
  if (inputs.length > MAX_DATASETS_PER_BATCH) {
    throw invalidParam(
      `A batch logging request can contain at most ${MAX_DATASETS_PER_BATCH} datasets. Got ${inputs.length} datasets. Please split up datasets across multiple requests and try again.`,
    );
  }
  inputs.forEach((input, i) => {
    const p = `${path}[${i}]`;
    const d = input.dataset;
    validateLength(join(p, "dataset.name"), d.name, MAX_DATASET_NAME_SIZE);
    validateLength(join(p, "dataset.digest"), d.digest, MAX_DATASET_DIGEST_SIZE);
    validateLength(join(p, "dataset.source_type"), d.sourceType, MAX_DATASET_SOURCE_TYPE_SIZE);
    validateLength(join(p, "dataset.source"), d.source, MAX_DATASET_SOURCE_SIZE);
    validateLength(join(p, "dataset.schema"), d.schema, MAX_DATASET_SCHEMA_SIZE);
    validateLength(join(p, "dataset.profile"), d.profile, MAX_DATASET_PROFILE_SIZE);
    (input.tags ?? []).forEach((t, j) => {
      validateLength(join(p, `tags[${j}].key`), t.key, MAX_INPUT_TAG_KEY_SIZE);
      validateLength(join(p, `tags[${j}].value`), t.value, MAX_INPUT_TAG_VALUE_SIZE);
    });
  });
}

/**
 * Links datasets to a run (already validated, run already checked). Datasets are de-duplicated
 * by (name, digest): the first occurrence in the request wins, an existing dataset of the
 * experiment is reused, and a run keeps the first input it got for a dataset.
 */
export async function logDatasetInputs(tx: Tx, run: { runId: string; experimentId: number }, inputs: DatasetInputInput[]): Promise<void> {
  const unique = new Map<string, DatasetInputInput>();
  for (const input of inputs) {
    const k = `${input.dataset.name}\u0000${input.dataset.digest}`;
    if (!unique.has(k)) unique.set(k, input);
  }
  if (!unique.size) return;
  const list = [...unique.values()];
  const col = <T>(f: (d: DatasetInputInput) => T) => list.map(f);
  await tx.$executeRaw`
    INSERT INTO datasets (id, experiment_id, name, digest, source_type, source, schema, profile)
    SELECT i, ${run.experimentId}, n, d, st, s, sc, pr
    FROM unnest(${col(() => randomUUID().replaceAll("-", ""))}::text[], ${col((d) => d.dataset.name)}::text[],
                ${col((d) => d.dataset.digest)}::text[], ${col((d) => d.dataset.sourceType)}::text[],
                ${col((d) => d.dataset.source)}::text[], ${col((d) => d.dataset.schema ?? null)}::text[],
                ${col((d) => d.dataset.profile ?? null)}::text[]) AS x(i, n, d, st, s, sc, pr)
    ON CONFLICT (experiment_id, name, digest) DO NOTHING`;
  await tx.$executeRaw`
    INSERT INTO dataset_inputs (run_id, dataset_id, tags)
    SELECT ${run.runId}, ds.id, x.t::jsonb
    FROM unnest(${col((d) => d.dataset.name)}::text[], ${col((d) => d.dataset.digest)}::text[],
                ${col((d) => JSON.stringify((d.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? "" }))))}::text[]) AS x(n, d, t)
    JOIN datasets ds ON ds.experiment_id = ${run.experimentId} AND ds.name = x.n AND ds.digest = x.d
    ON CONFLICT (run_id, dataset_id) DO NOTHING`;
}

interface DatasetInputRow {
  run_id: string;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
  tags: unknown;
}

/** Dataset inputs of each run (runs without inputs are absent from the map). */
export async function loadDatasetInputs(runIds: string[], tx: Tx = db): Promise<Map<string, DatasetInputRecord[]>> {
  const out = new Map<string, DatasetInputRecord[]>();
  if (!runIds.length) return out;
  const rows = await tx.$queryRaw<DatasetInputRow[]>(Prisma.sql`
    SELECT di.run_id, ds.name, ds.digest, ds.source_type, ds.source, ds.schema, ds.profile, di.tags
    FROM dataset_inputs di JOIN datasets ds ON ds.id = di.dataset_id
    WHERE di.run_id = ANY(${runIds}::text[])
    ORDER BY di.run_id, ds.name, ds.digest`);
  for (const r of rows) {
    const tags = Array.isArray(r.tags) ? (r.tags as { key: string; value: string }[]) : [];
    const list = out.get(r.run_id) ?? [];
    list.push({
      dataset: { name: r.name, digest: r.digest, sourceType: r.source_type, source: r.source, schema: r.schema, profile: r.profile },
      tags: tags.map((t) => ({ key: String(t.key), value: String(t.value ?? "") })),
    });
    out.set(r.run_id, list);
  }
  return out;
}

export interface DatasetSummary {
  experimentId: string;
  name: string;
  digest: string;
  context: string | null;
}

export const MAX_SEARCH_DATASETS_EXPERIMENTS = 20;

/**
 * experiments/search-datasets (the MLflow UI's dataset dropdown): the distinct (experiment,
 * name, digest, context) of datasets that runs of the experiments used, newest first.
 */
export async function searchDatasetSummaries(experimentIds: string[], tx: Tx = db): Promise<DatasetSummary[]> {
  if (!experimentIds.length) throw invalidParam("SearchDatasets request must specify at least one experiment_id.");
  if (experimentIds.length > MAX_SEARCH_DATASETS_EXPERIMENTS) {
    throw invalidParam(`SearchDatasets request cannot specify more than ${MAX_SEARCH_DATASETS_EXPERIMENTS} experiment_ids. Received ${experimentIds.length} experiment_ids.`);
  }
  const readable = await readableExperimentIds(experimentIds);
  const ids = readable.filter((e) => /^\d{1,10}$/.test(e)).map(Number).filter((n) => n <= 2147483647);
  const rows = await tx.$queryRaw<{ experiment_id: number; name: string; digest: string; context: string | null }[]>(Prisma.sql`
    SELECT DISTINCT d.experiment_id, d.name, d.digest,
      (SELECT t->>'value' FROM json_array_elements(di.tags::json) t WHERE t->>'key' = ${DATASET_CONTEXT_TAG} LIMIT 1) AS context
    FROM datasets d JOIN dataset_inputs di ON di.dataset_id = d.id
    WHERE d.experiment_id = ANY(${ids}::int[])
    ORDER BY d.experiment_id, d.name, d.digest LIMIT 1000`);
  return rows.map((r) => ({ experimentId: String(r.experiment_id), name: r.name, digest: r.digest, context: r.context }));
}
