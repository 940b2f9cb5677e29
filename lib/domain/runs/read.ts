import "server-only";
import { readableExperimentIds, requireRun } from "@/lib/domain/auth/authorize";
import { db, type Tx } from "@/lib/db";
import { loadDatasetInputs } from "@/lib/domain/datasets";
import { searchRunIds } from "@/lib/domain/search/run-query";
import type { SearchRunsInput } from "@/lib/schemas/run";
import { findRunRow, noSuchRun, toInfo, type FullRun, type RunInfoRecord } from "@/lib/domain/runs/records";

// Reading runs: whole runs by id (runs/get, and what runs/search returns), just the info, and
// runs/search itself (ids from the SQL compiler in lib/domain/search/run-query.ts, then the same
// batched loader).

/** Full runs (info, params, tags, latest metrics, inputs, outputs) in the given order; unknown ids are skipped. No permission check: give ids the caller may read. */
export async function loadRuns(runIds: string[], tx: Tx = db): Promise<FullRun[]> {
  const ids = [...new Set(runIds)];
  if (!ids.length) return [];
  const where = { runId: { in: ids } };
  const [runs, params, tags, metrics, datasets, modelInputs, modelOutputs] = await Promise.all([
    tx.run.findMany({ where: { id: { in: ids } } }),
    tx.param.findMany({ where, orderBy: [{ runId: "asc" }, { key: "asc" }] }),
    tx.runTag.findMany({ where, orderBy: [{ runId: "asc" }, { key: "asc" }] }),
    tx.latestMetric.findMany({ where, orderBy: [{ runId: "asc" }, { key: "asc" }] }),
    loadDatasetInputs(ids, tx),
    tx.runModelInput.findMany({ where, orderBy: [{ runId: "asc" }, { modelId: "asc" }] }),
    tx.runModelOutput.findMany({ where, orderBy: [{ runId: "asc" }, { step: "asc" }, { modelId: "asc" }] }),
  ]);
  const group = <T extends { runId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.runId);
      if (list) list.push(r);
      else m.set(r.runId, [r]);
    }
    return m;
  };
  const [p, t, m, mi, mo] = [group(params), group(tags), group(metrics), group(modelInputs), group(modelOutputs)];
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: FullRun[] = [];
  for (const id of runIds) {
    const r = byId.get(id);
    if (!r) continue;
    byId.delete(id); // a repeated id appears once
    out.push({
      info: toInfo(r),
      data: {
        metrics: (m.get(id) ?? []).map((x) => ({ key: x.key, value: x.value, timestamp: x.timestamp, step: x.step })),
        params: (p.get(id) ?? []).map((x) => ({ key: x.key, value: x.value })),
        tags: (t.get(id) ?? []).map((x) => ({ key: x.key, value: x.value })),
      },
      inputs: { datasets: datasets.get(id) ?? [], models: (mi.get(id) ?? []).map((x) => ({ modelId: x.modelId })) },
      outputs: { models: (mo.get(id) ?? []).map((x) => ({ modelId: x.modelId, step: x.step })) },
    });
  }
  return out;
}

/** The full run (deleted runs too), or null. */
export async function getRun(runId: string, tx: Tx = db): Promise<FullRun | null> {
  await requireRun(runId, "READ", tx);
  const [run] = await loadRuns([runId], tx);
  return run ?? null;
}

export async function getRunOrThrow(runId: string, tx: Tx = db): Promise<FullRun> {
  const run = await getRun(runId, tx);
  if (!run) throw noSuchRun(runId);
  return run;
}

/** Just the run info, or null. */
export async function getRunInfo(runId: string, tx: Tx = db): Promise<RunInfoRecord | null> {
  await requireRun(runId, "READ", tx);
  const row = await tx.run.findUnique({ where: { id: runId } });
  return row ? toInfo(row) : null;
}

export interface RunPage {
  runs: FullRun[];
  nextPageToken?: string;
}

/** MLflow's runs/search: filter and order_by grammar (docs/mlflow-compatibility.md#search-filters), opaque page tokens. */
export async function searchRuns(input: SearchRunsInput, tx: Tx = db): Promise<RunPage> {
  const page = await searchRunIds(
    {
      // MLflow's rule: experiments the caller may not read are silently dropped from the request.
      experimentIds: await readableExperimentIds(input.experimentIds),
      filter: input.filter,
      runViewType: input.runViewType ?? "ACTIVE_ONLY",
      orderBy: input.orderBy,
      maxResults: input.maxResults,
      pageToken: input.pageToken,
    },
    tx,
  );
  const runs = await loadRuns(page.runIds, tx);
  return page.nextPageToken ? { runs, nextPageToken: page.nextPageToken } : { runs };
}

/** The experiment id (integer) of a run, or null when the run does not exist. */
export async function getRunExperimentId(runId: string, tx: Tx = db): Promise<number | null> {
  await requireRun(runId, "READ", tx);
  const run = await findRunRow(tx, runId);
  return run ? run.experimentId : null;
}
