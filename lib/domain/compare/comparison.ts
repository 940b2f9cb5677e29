import "server-only";
import { requireRuns } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { listArtifacts } from "@/lib/domain/artifacts/files";
import { mapLimit } from "@/lib/domain/map-limit";
import { getRunTraceStats } from "@/lib/domain/traces/views";
import { DIRECTION_TAG_PREFIX, directionsFromTags } from "@/lib/metric-direction";
import { EMPTY_DETAILS, readModelDetails } from "@/lib/domain/compare/model-details";
import type {
  CompareArtifact,
  CompareData,
  CompareExperiment,
  CompareModel,
  ComparePrompt,
  CompareRunInfo,
  MetricCell,
} from "@/lib/schemas/compare";

// The run comparison read model: everything the compare page shows for N runs (across
// experiments), loaded with a fixed number of batched queries whatever N is (no per-run query),
// plus file reads for artifact listings and logged-model details. Shapes are plain and
// serialisable; rows are key → one value per run (in the order of `runs`), so the client can
// render and diff them without reshaping. Metric histories are not part of it: the client loads
// them lazily with `loadMetricHistories`.

/** Tags shown elsewhere on the page (run name, linked prompts) or too noisy to compare. */
const HIDDEN_TAGS = new Set(["mlflow.runName", "mlflow.linkedPrompts", "mlflow.log-model.history"]);

export const MAX_ARTIFACTS_PER_RUN = 500;
const MAX_ARTIFACT_DEPTH = 8;

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function toRows<T>(keys: Iterable<string>, cells: Map<string, T[]>, runCount: number): { key: string; values: (T | null)[] }[] {
  return [...keys]
    .map((key) => {
      const got = cells.get(key)!;
      const values: (T | null)[] = new Array(runCount);
      for (let i = 0; i < runCount; i++) values[i] = got[i] ?? null;
      return { key, values };
    })
    .sort(byKey);
}

function pivot<R extends { run_id: string; key: string }, T>(rows: R[], index: Map<string, number>, value: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const i = index.get(r.run_id);
    if (i === undefined) continue;
    let arr = out.get(r.key);
    if (!arr) out.set(r.key, (arr = []));
    arr[i] = value(r);
  }
  return out;
}

/** Loads everything the compare page shows for `runIds` (kept in the given order). */
export async function loadComparison(runIds: string[], tx: Tx = db): Promise<CompareData> {
  const ids = [...new Set(runIds)];
  await requireRuns(ids, "READ", tx); // one unreadable run refuses the whole comparison
  const found = ids.length
    ? await tx.run.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          name: true,
          experimentId: true,
          status: true,
          startTime: true,
          endTime: true,
          userId: true,
          lifecycleStage: true,
          artifactUri: true,
          experiment: { select: { name: true } },
        },
      })
    : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const ordered = ids.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const missing = ids.filter((id) => !byId.has(id));
  const runIdsFound = ordered.map((r) => r.id);
  const index = new Map(runIdsFound.map((id, i) => [id, i]));
  const n = ordered.length;

  const runs: CompareRunInfo[] = ordered.map((r) => ({
    id: r.id,
    name: r.name,
    experimentId: String(r.experimentId),
    experimentName: r.experiment.name,
    status: r.status,
    startTime: Number(r.startTime),
    endTime: r.endTime === null ? null : Number(r.endTime),
    userId: r.userId,
    lifecycleStage: r.lifecycleStage,
  }));

  if (n === 0) return { runs, missing, experiments: [], params: [], metrics: [], tags: [], prompts: [], models: [], artifacts: [], traces: [] };

  const experimentIds = [...new Set(ordered.map((r) => r.experimentId))];
  const [expRows, paramRows, metricRows, tagRows, runPromptRows, modelLinks, traceStats] = await Promise.all([
    tx.$queryRaw<{ id: number; name: string; key: string | null; value: string | null }[]>`
      SELECT e.id, e.name, t.key, t.value FROM experiments e
      LEFT JOIN experiment_tags t ON t.experiment_id = e.id AND starts_with(t.key, ${DIRECTION_TAG_PREFIX})
      WHERE e.id = ANY(${experimentIds}::int[])`,
    tx.$queryRaw<{ run_id: string; key: string; value: string }[]>`
      SELECT run_id, key, value FROM params WHERE run_id = ANY(${runIdsFound}::text[])`,
    tx.$queryRaw<{ run_id: string; key: string; value: number; step: bigint; timestamp: bigint }[]>`
      SELECT run_id, key, value, step, timestamp FROM latest_metrics WHERE run_id = ANY(${runIdsFound}::text[])`,
    tx.$queryRaw<{ run_id: string; key: string; value: string }[]>`
      SELECT run_id, key, value FROM run_tags WHERE run_id = ANY(${runIdsFound}::text[])`,
    promptsQuery(tx, Prisma.sql`SELECT run_id AS owner, prompt_version_id FROM prompt_run_links WHERE run_id = ANY(${runIdsFound}::text[])`),
    tx.$queryRaw<{ run_id: string; model_id: string; role: "output" | "input" }[]>`
      SELECT run_id, model_id, 'output' AS role FROM run_model_outputs WHERE run_id = ANY(${runIdsFound}::text[])
      UNION
      SELECT source_run_id, id, 'output' FROM logged_models WHERE source_run_id = ANY(${runIdsFound}::text[])
      UNION
      SELECT run_id, model_id, 'input' FROM run_model_inputs WHERE run_id = ANY(${runIdsFound}::text[])`,
    getRunTraceStats(runIdsFound, tx),
  ]);

  // Experiments and their stored metric directions.
  const expMap = new Map<number, { name: string; tags: { key: string; value: string }[] }>();
  for (const r of expRows) {
    let e = expMap.get(r.id);
    if (!e) expMap.set(r.id, (e = { name: r.name, tags: [] }));
    if (r.key !== null && r.value !== null) e.tags.push({ key: r.key, value: r.value });
  }
  const experiments: CompareExperiment[] = experimentIds.map((id) => ({
    id: String(id),
    name: expMap.get(id)?.name ?? String(id),
    directions: directionsFromTags(expMap.get(id)?.tags ?? []),
  }));

  const paramCells = pivot(paramRows, index, (r) => r.value);
  const metricCells = pivot(metricRows, index, (r): MetricCell => ({
    value: Number(r.value),
    step: Number(r.step),
    timestamp: Number(r.timestamp),
  }));
  const visibleTags = tagRows.filter((t) => !HIDDEN_TAGS.has(t.key));
  const tagCells = pivot(visibleTags, index, (r) => r.value);

  // Logged models (outputs first, one entry per model and run).
  const linkSeen = new Set<string>();
  const links = modelLinks
    .filter((l) => {
      const k = `${l.run_id}/${l.model_id}`;
      if (linkSeen.has(k)) return false;
      linkSeen.add(k);
      return true;
    })
    .sort((a, b) => (a.role === b.role ? 0 : a.role === "output" ? -1 : 1));
  const modelIds = [...new Set(links.map((l) => l.model_id))];
  const [modelRows, registrationRows, modelPromptRows] = modelIds.length
    ? await Promise.all([
        tx.$queryRaw<{ id: string; name: string; status: string; model_type: string | null; artifact_uri: string; creation_timestamp_ms: bigint }[]>`
          SELECT id, name, status::text AS status, model_type, artifact_uri, creation_timestamp_ms
          FROM logged_models WHERE id = ANY(${modelIds}::text[]) AND lifecycle_stage = 'active'`,
        tx.$queryRaw<{ model_id: string; name: string; version: number }[]>`
          SELECT mv.model_id, rm.name, mv.version FROM model_versions mv
          JOIN registered_models rm ON rm.id = mv.registered_model_id AND NOT rm.is_prompt
          WHERE mv.model_id = ANY(${modelIds}::text[]) ORDER BY rm.name, mv.version`,
        promptsQuery(tx, Prisma.sql`SELECT model_id AS owner, prompt_version_id FROM prompt_logged_model_links WHERE model_id = ANY(${modelIds}::text[])`),
      ])
    : [[], [], []];

  const details = await mapLimit(modelRows, 8, (m) => readModelDetails(m.artifact_uri));
  const modelInfo = new Map(modelRows.map((m, i) => [m.id, { row: m, details: details[i] }]));
  const models: CompareModel[][] = runs.map(() => []);
  for (const l of links) {
    const info = modelInfo.get(l.model_id);
    const i = index.get(l.run_id);
    if (!info || i === undefined) continue;
    models[i].push({
      modelId: info.row.id,
      name: info.row.name,
      status: info.row.status,
      modelType: info.row.model_type,
      role: l.role,
      creationTimestamp: Number(info.row.creation_timestamp_ms),
      source: "logged",
      ...(info.details ?? EMPTY_DETAILS),
      registrations: registrationRows.filter((r) => r.model_id === info.row.id).map((r) => ({ name: r.name, version: r.version })),
    });
  }

  // Prompt versions: linked to the run, or to one of the models the run logged.
  const prompts: ComparePrompt[][] = runs.map(() => []);
  const promptSeen = runs.map(() => new Set<string>());
  const addPrompt = (i: number, p: PromptRow, via: "run" | "model") => {
    const k = `${p.name}\u0000${p.version}`;
    if (promptSeen[i].has(k)) return;
    promptSeen[i].add(k);
    prompts[i].push({
      name: p.name,
      version: p.version,
      promptType: p.prompt_type,
      template: p.template,
      variables: p.variables ?? [],
      aliases: p.aliases ?? [],
      commitMessage: p.description,
      creationTimestamp: Number(p.creation_timestamp),
      via,
    });
  };
  for (const p of runPromptRows) {
    const i = index.get(p.owner);
    if (i !== undefined) addPrompt(i, p, "run");
  }
  for (const p of modelPromptRows) {
    for (const l of links) if (l.model_id === p.owner && l.role === "output" && index.has(l.run_id)) addPrompt(index.get(l.run_id)!, p, "model");
  }
  for (const list of prompts) list.sort((a, b) => (a.name === b.name ? a.version - b.version : a.name < b.name ? -1 : 1));

  const artifacts = await mapLimit(ordered, 8, (r) => listAllArtifacts(r.artifactUri));

  // MLflow 2 models: MLmodel directories inside the run's own artifacts.
  const artifactModels = ordered.flatMap((r, i) =>
    artifacts[i].files.filter((f) => f.path === "MLmodel" || f.path.endsWith("/MLmodel")).map((f) => ({ i, run: r, dir: f.path.slice(0, -"MLmodel".length).replace(/\/$/, "") })),
  );
  const artifactDetails = await mapLimit(artifactModels, 8, (m) => readModelDetails(m.run.artifactUri, m.dir));
  artifactModels.forEach((m, k) => {
    const name = m.dir || "model";
    if (models[m.i].some((x) => x.name === name)) return;
    models[m.i].push({
      modelId: `runs:/${m.run.id}/${m.dir}`,
      name,
      status: "LOGGED_MODEL_READY",
      modelType: null,
      role: "output",
      creationTimestamp: Number(m.run.startTime),
      source: "artifact",
      ...(artifactDetails[k] ?? EMPTY_DETAILS),
      registrations: [],
    });
  });

  return {
    runs,
    missing,
    experiments,
    params: toRows(paramCells.keys(), paramCells, n),
    metrics: toRows(metricCells.keys(), metricCells, n),
    tags: toRows(tagCells.keys(), tagCells, n),
    prompts,
    models,
    artifacts,
    traces: runIdsFound.map((id) => {
      const t = traceStats.find((x) => x.runId === id);
      if (!t || t.traces === 0) return null;
      return { traces: t.traces, errors: t.errors, avgLatencyMs: t.avgLatencyMs, p50LatencyMs: t.p50LatencyMs, sumInputTokens: t.sumInputTokens, sumOutputTokens: t.sumOutputTokens, sumTotalTokens: t.sumTotalTokens };
    }),
  };
}

interface PromptRow {
  owner: string;
  name: string;
  version: number;
  description: string | null;
  creation_timestamp: bigint;
  prompt_type: string;
  template: string;
  variables: string[] | null;
  aliases: string[] | null;
}

/** Prompt versions for (owner, prompt_version_id) pairs from `links` (a SELECT). */
function promptsQuery(tx: Tx, links: Prisma.Sql) {
  return tx.$queryRaw<PromptRow[]>`
    SELECT l.owner, rm.name, mv.version, mv.description, mv.creation_timestamp, pv.prompt_type, pv.template, pv.variables,
      ARRAY(SELECT a.alias FROM registered_model_aliases a WHERE a.model_version_id = mv.id ORDER BY a.alias) AS aliases
    FROM (${links}) l
    JOIN prompt_versions pv ON pv.model_version_id = l.prompt_version_id
    JOIN model_versions mv ON mv.id = pv.model_version_id
    JOIN registered_models rm ON rm.id = mv.registered_model_id
    ORDER BY rm.name, mv.version`;
}

/** Every file under a run's artifact root (breadth-first, bounded), with run-relative paths. */
async function listAllArtifacts(rootUri: string): Promise<{ files: CompareArtifact[]; truncated: boolean }> {
  const files: CompareArtifact[] = [];
  let dirs: string[] = [""];
  try {
    for (let depth = 0; depth < MAX_ARTIFACT_DEPTH && dirs.length; depth++) {
      const next: string[] = [];
      for (const dir of dirs) {
        const entries = await listArtifacts(rootUri, dir || null);
        for (const e of entries) {
          if (e.isDir) next.push(e.path);
          else files.push({ path: e.path, size: e.fileSize ?? 0 });
          if (files.length >= MAX_ARTIFACTS_PER_RUN) return { files: sortPaths(files), truncated: true };
        }
      }
      dirs = next;
    }
  } catch {
    // An artifact root this server does not serve (e.g. s3://): nothing to list.
    return { files: [], truncated: false };
  }
  return { files: sortPaths(files), truncated: dirs.length > 0 };
}

const sortPaths = (files: CompareArtifact[]) => files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
