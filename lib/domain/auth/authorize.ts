// Authorization: the checks every domain function makes before it reads or writes, and the SQL
// predicates searches and lists use to return only what the caller may read.
//
// Effective permission of a user on a resource = MANAGE for admins; else the highest explicit
// grant to the user or any of its groups; else RUNBOARD_DEFAULT_PERMISSION. Runs, metrics,
// artifacts, logged models and traces inherit their experiment's; versions, aliases and tags
// their registered model's (prompts are registered models).
import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { defaultPermission } from "@/lib/domain/auth/config";
import { abilities, allows, maxPermission, type Abilities, type Need, type PermissionName } from "@/lib/domain/auth/permissions";
import { createdInScope, currentCaller, recordDecision, type Caller, type UserCaller } from "@/lib/domain/auth/caller";
import { loadAcl } from "@/lib/domain/auth/identity";

export const permissionDenied = (what = "Permission denied") => new DomainError("PERMISSION_DENIED", what);

const unrestricted = (c: Caller) => c.kind === "system" || c.isAdmin;

async function effective(c: Caller, kind: "experiments" | "models", id: number | null): Promise<PermissionName> {
  if (unrestricted(c)) return "MANAGE";
  if (id !== null && createdInScope(kind, id)) return "MANAGE";
  const u = c as UserCaller;
  const explicit = id === null ? undefined : (await loadAcl(u))[kind].get(id);
  return explicit ?? defaultPermission();
}

function check(p: PermissionName, need: Need, what: string): void {
  recordDecision();
  if (!allows(p, need)) throw permissionDenied(`Permission denied: ${need} on ${what} is required.`);
}

// ── experiments and what inherits from them ──

const runExperiment = new Map<string, number>(); // run id → experiment id (never changes)
const modelExperiment = new Map<string, number>(); // logged model id → experiment id (never changes)
const remember = (m: Map<string, number>, k: string, v: number) => {
  if (m.size > 100_000) m.clear();
  m.set(k, v);
};

/** The caller's permission on an experiment (numeric id; a bad id gets the default). */
export async function experimentPermission(experimentId: number | string | null): Promise<PermissionName> {
  const id = experimentId === null ? null : Number(experimentId);
  // an id outside int4 names no experiment (and must not reach an INTEGER parameter)
  return effective(await currentCaller(), "experiments", Number.isInteger(id) && id! >= 0 && id! <= 2_147_483_647 ? id : null);
}

export async function requireExperiment(experimentId: number | string | null, need: Need): Promise<void> {
  check(await experimentPermission(experimentId), need, `experiment ${experimentId}`);
}

/** The experiment of a run (null if there is no such run). */
export async function experimentOfRun(runId: string, tx: Tx = db): Promise<number | null> {
  const hit = runExperiment.get(runId);
  if (hit !== undefined) return hit;
  const rows = await tx.$queryRaw<{ experiment_id: number }[]>(Prisma.sql`SELECT experiment_id FROM runs WHERE id = ${runId}`);
  if (!rows[0]) return null;
  remember(runExperiment, runId, rows[0].experiment_id);
  return rows[0].experiment_id;
}

/**
 * Checks `need` on the run's experiment. A run that does not exist is left to the domain
 * function (it answers RESOURCE_DOES_NOT_EXIST) — nothing can be read or written through it.
 */
export async function requireRun(runId: string, need: Need, tx: Tx = db): Promise<void> {
  const caller = await currentCaller();
  if (unrestricted(caller)) return recordDecision();
  const exp = await experimentOfRun(runId, tx);
  if (exp === null) return recordDecision();
  check(await effective(caller, "experiments", exp), need, `the experiment of run ${runId}`);
}

export async function requireRuns(runIds: readonly string[], need: Need, tx: Tx = db): Promise<void> {
  const caller = await currentCaller();
  if (unrestricted(caller)) return recordDecision();
  recordDecision();
  const missing = runIds.filter((r) => !runExperiment.has(r));
  if (missing.length) {
    const rows = await tx.$queryRaw<{ id: string; experiment_id: number }[]>(
      Prisma.sql`SELECT id, experiment_id FROM runs WHERE id = ANY(${missing}::text[])`,
    );
    for (const r of rows) remember(runExperiment, r.id, r.experiment_id);
  }
  const exps = new Set(runIds.map((r) => runExperiment.get(r)).filter((e): e is number => e !== undefined));
  for (const e of exps) check(await effective(caller, "experiments", e), need, `experiment ${e}`);
}

export async function experimentOfLoggedModel(modelId: string, tx: Tx = db): Promise<number | null> {
  const hit = modelExperiment.get(modelId);
  if (hit !== undefined) return hit;
  const rows = await tx.$queryRaw<{ experiment_id: number }[]>(Prisma.sql`SELECT experiment_id FROM logged_models WHERE id = ${modelId}`);
  if (!rows[0]) return null;
  remember(modelExperiment, modelId, rows[0].experiment_id);
  return rows[0].experiment_id;
}

export async function requireLoggedModel(modelId: string, need: Need, tx: Tx = db): Promise<void> {
  const caller = await currentCaller();
  if (unrestricted(caller)) return recordDecision();
  const exp = await experimentOfLoggedModel(modelId, tx);
  if (exp === null) return recordDecision();
  check(await effective(caller, "experiments", exp), need, `the experiment of logged model ${modelId}`);
}

/** Of these experiment ids, the ones the caller may read (order kept) — runs/search pre-filters with it. */
export async function readableExperimentIds<T extends number | string>(ids: readonly T[]): Promise<T[]> {
  const caller = await currentCaller();
  recordDecision();
  if (unrestricted(caller)) return [...ids];
  const out: T[] = [];
  for (const id of ids) {
    const n = Number(id);
    if (allows(await effective(caller, "experiments", Number.isInteger(n) ? n : null), "READ")) out.push(id);
  }
  return out;
}

/**
 * Proxied artifact paths (`mlflow-artifacts/artifacts/<path>`): the experiment is the first
 * segment when it is all digits (`<experiment_id>/<run_id>/artifacts/…`, as MLflow lays them
 * out); other paths get the default permission for reading and need an admin to write.
 */
export async function requireArtifactPath(segments: readonly string[], need: Need): Promise<void> {
  const first = segments[0];
  if (first !== undefined && /^\d{1,10}$/.test(first)) return requireExperiment(Number(first), need);
  const caller = await currentCaller();
  if (unrestricted(caller)) return recordDecision();
  check(need === "READ" ? defaultPermission() : "NO_PERMISSIONS", need, "this artifact path");
}

// ── traces, scorers and evaluation datasets ──
// A trace inherits its experiment's permission (docs/mlflow-compatibility.md#auth: create/tag/link → EDIT, reads →
// READ; delete-traces → MANAGE, as deleting runs). Scorers are checked on their experiment.
// An evaluation dataset takes the highest permission over the experiments it is linked to; one
// linked to none belongs to its creator (MANAGE) and otherwise gets the default permission.

/** The experiment of a trace (null if there is no such trace). Not cached: trace ids can be reused after delete-traces. */
export async function experimentOfTrace(traceId: string, tx: Tx = db): Promise<number | null> {
  const rows = await tx.$queryRaw<{ experiment_id: number }[]>(Prisma.sql`SELECT experiment_id FROM traces WHERE id = ${traceId}`);
  return rows[0]?.experiment_id ?? null;
}

/** Checks `need` on the trace's experiment; a missing trace is left to the domain function (404). */
export async function requireTrace(traceId: string, need: Need, tx: Tx = db): Promise<void> {
  const caller = await currentCaller();
  if (unrestricted(caller)) return recordDecision();
  const exp = await experimentOfTrace(traceId, tx);
  if (exp === null) return recordDecision();
  check(await effective(caller, "experiments", exp), need, `the experiment of trace ${traceId}`);
}

/** Checks `need` on the experiments of all these traces (unknown ids are skipped). */
export async function requireTraces(traceIds: readonly string[], need: Need, tx: Tx = db): Promise<void> {
  const caller = await currentCaller();
  recordDecision();
  if (unrestricted(caller) || traceIds.length === 0) return;
  const rows = await tx.$queryRaw<{ experiment_id: number }[]>(
    Prisma.sql`SELECT DISTINCT experiment_id FROM traces WHERE id = ANY(${[...new Set(traceIds)]}::text[])`,
  );
  for (const r of rows) check(await effective(caller, "experiments", r.experiment_id), need, `experiment ${r.experiment_id}`);
}

/** The caller's permission on an evaluation dataset; null when there is no such dataset. */
export async function evalDatasetPermission(datasetId: string, tx: Tx = db): Promise<PermissionName | null> {
  const caller = await currentCaller();
  const rows = await tx.$queryRaw<{ created_by: string | null; experiment_id: number | null }[]>(Prisma.sql`
    SELECT d.created_by, x.experiment_id FROM evaluation_datasets d
    LEFT JOIN evaluation_dataset_experiments x ON x.dataset_id = d.id WHERE d.id = ${datasetId}`);
  if (!rows.length) return null;
  if (unrestricted(caller)) return "MANAGE";
  const u = caller as UserCaller;
  const exps = rows.map((r) => r.experiment_id).filter((e): e is number => e !== null);
  if (!exps.length) return rows[0].created_by === u.username ? "MANAGE" : defaultPermission();
  let best: PermissionName = "NO_PERMISSIONS";
  for (const e of exps) best = maxPermission(best, await effective(caller, "experiments", e));
  return best;
}

/** Checks `need` on an evaluation dataset; a missing one is left to the domain function (404). */
export async function requireEvalDataset(datasetId: string, need: Need, tx: Tx = db): Promise<void> {
  const p = await evalDatasetPermission(datasetId, tx);
  if (p === null) return recordDecision();
  check(p, need, `evaluation dataset ${datasetId}`);
}

/** A condition on `evaluation_datasets d` true exactly for the datasets the caller may read (in SQL, for search). */
export async function readableEvalDatasetsSql(alias = "d"): Promise<Prisma.Sql> {
  const caller = await currentCaller();
  recordDecision();
  if (unrestricted(caller)) return Prisma.sql`TRUE`;
  const d = Prisma.raw(alias);
  const readableExp = await readableExperimentsSql(Prisma.sql`rx.experiment_id`);
  const unlinked = allows(defaultPermission(), "READ") ? Prisma.sql`TRUE` : Prisma.sql`${d}.created_by = ${(caller as UserCaller).username}`;
  return Prisma.sql`(EXISTS (SELECT 1 FROM evaluation_dataset_experiments rx WHERE rx.dataset_id = ${d}.id AND ${readableExp})
    OR (NOT EXISTS (SELECT 1 FROM evaluation_dataset_experiments ux WHERE ux.dataset_id = ${d}.id) AND ${unlinked}))`;
}

// ── registered models and prompts ──

async function registeredModelId(name: string, tx: Tx): Promise<number | null> {
  const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`SELECT id FROM registered_models WHERE name = ${name}`);
  return rows[0]?.id ?? null;
}

export async function registeredModelPermission(name: string, tx: Tx = db): Promise<PermissionName> {
  const caller = await currentCaller();
  if (unrestricted(caller)) return "MANAGE";
  return effective(caller, "models", await registeredModelId(name, tx));
}

/** Checks `need` on a registered model or prompt by name (a missing one gets the default). */
export async function requireRegisteredModel(name: string, need: Need, tx: Tx = db): Promise<void> {
  check(await registeredModelPermission(name, tx), need, `registered model '${name}'`);
}

export async function requireRegisteredModelId(id: number, need: Need): Promise<void> {
  check(await effective(await currentCaller(), "models", id), need, `registered model ${id}`);
}

// ── SQL predicates for searches, lists and counts ──

/**
 * A condition on an experiment id column that is true exactly for the experiments the caller
 * may read — one semi-join over the caller's grants (indexed by principal), so the filtering
 * happens in the query and page tokens and counts stay right.
 */
export async function readableExperimentsSql(idColumn: Prisma.Sql): Promise<Prisma.Sql> {
  return readableSql(idColumn, "experiment_permissions", "experiment_id");
}

export async function readableRegisteredModelsSql(idColumn: Prisma.Sql): Promise<Prisma.Sql> {
  return readableSql(idColumn, "registered_model_permissions", "registered_model_id");
}

/** A condition on a prompt-version (model version) id column: its prompt is readable. */
export async function readablePromptVersionsSql(versionIdColumn: Prisma.Sql): Promise<Prisma.Sql> {
  const models = await readableRegisteredModelsSql(Prisma.sql`pvm.registered_model_id`);
  if (models.sql === "TRUE") return models;
  return Prisma.sql`${versionIdColumn} IN (SELECT pvm.id FROM model_versions pvm WHERE ${models})`;
}

async function readableSql(col: Prisma.Sql, table: string, key: string): Promise<Prisma.Sql> {
  const caller = await currentCaller();
  recordDecision();
  if (caller.kind === "system" || caller.isAdmin) return Prisma.sql`TRUE`;
  const grants = Prisma.sql`SELECT g.${Prisma.raw(key)} FROM ${Prisma.raw(table)} g
    WHERE g.principal_id = ANY(${caller.principals}::int[]) GROUP BY g.${Prisma.raw(key)}`;
  return allows(defaultPermission(), "READ")
    ? Prisma.sql`${col} NOT IN (${grants} HAVING max(g.permission) < 'READ')`
    : Prisma.sql`${col} IN (${grants} HAVING max(g.permission) >= 'READ')`;
}

// ── callers ──

/** Any signed-in user (or the system): creating experiments and registered models. */
export async function requireSignedIn(): Promise<Caller> {
  const c = await currentCaller();
  recordDecision();
  return c;
}

export async function requireAdmin(): Promise<Caller> {
  const c = await currentCaller();
  recordDecision();
  if (!unrestricted(c)) throw permissionDenied("Permission denied: only an administrator may do this.");
  return c;
}

/** The user themself or an admin (users/get, update-password, tokens). */
export async function requireSelfOrAdmin(userId: number): Promise<Caller> {
  const c = await currentCaller();
  recordDecision();
  if (c.kind === "user" && !c.isAdmin && c.userId !== userId) throw permissionDenied();
  return c;
}

/** The creator's principal (null when the system creates): gets MANAGE on what it creates. */
export async function creatorPrincipal(): Promise<number | null> {
  const c = await currentCaller();
  return c.kind === "user" ? c.userId : null;
}

/** The name recorded as author / mlflow.user: the signed-in user's, or null (use the client's). */
export async function authenticatedUsername(): Promise<string | null> {
  const c = await currentCaller();
  return c.kind === "user" ? c.username : null;
}

export async function experimentAbilities(experimentId: number | string): Promise<Abilities> {
  return abilities(await experimentPermission(experimentId));
}

export async function registeredModelAbilities(name: string): Promise<Abilities> {
  return abilities(await registeredModelPermission(name));
}
