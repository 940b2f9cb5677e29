import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { inTransaction } from "@/lib/domain/tx";
import { alreadyExists, invalidParam, isUniqueViolation, notFound } from "@/lib/errors";
import { validateArtifactLocation, validateExperimentName, validateExperimentTag } from "@/lib/domain/validation";
import { searchExperimentIds } from "@/lib/domain/search/experiment-query";
import { creatorPrincipal, readableExperimentsSql, requireExperiment, requireSignedIn } from "@/lib/domain/auth/authorize";
import { grantToCreator } from "@/lib/domain/auth/grants";
import { forgetLocally } from "@/lib/domain/auth/cache";
import type {
  CreateExperimentInput,
  DeleteExperimentTagInput,
  SearchExperimentsInput,
  SetExperimentTagInput,
  UpdateExperimentInput,
} from "@/lib/schemas/experiment";

// Experiments (docs/mlflow-compatibility.md#experiments). Ids are integers in the database and decimal strings everywhere else;
// a non-numeric id simply names no experiment. Experiment "0" (Default) comes from the initial
// migration. Deleting is soft and takes the experiment's runs with it; restoring brings them back.

export const DEFAULT_ARTIFACT_ROOT = "mlflow-artifacts:/";

export interface ExperimentRecord {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: "active" | "deleted";
  creationTime: bigint;
  lastUpdateTime: bigint;
  tags: { key: string; value: string }[];
}

const INT4_MAX = 2147483647;

/** The integer id behind a wire id, or null when the string cannot name an experiment. */
export function parseExperimentId(id: string | number | null | undefined): number | null {
  if (typeof id === "number") return Number.isInteger(id) && id >= 0 && id <= INT4_MAX ? id : null;
  if (typeof id !== "string" || !/^\d{1,10}$/.test(id.trim())) return null;
  const n = Number(id.trim());
  return n <= INT4_MAX ? n : null;
}

const now = () => BigInt(Date.now());

type ExperimentRow = Prisma.ExperimentGetPayload<{ include: { tags: true } }>;

function toRecord(row: ExperimentRow): ExperimentRecord {
  return {
    experimentId: String(row.id),
    name: row.name,
    artifactLocation: row.artifactLocation,
    lifecycleStage: row.lifecycleStage,
    creationTime: row.creationTime,
    lastUpdateTime: row.lastUpdateTime,
    tags: row.tags.map((t) => ({ key: t.key, value: t.value })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

const noSuchExperiment = (id: string | number) => notFound(`No Experiment with id=${id} exists`);

/** Experiment "<id>" must be active (MLflow: INVALID_PARAMETER_VALUE otherwise). */
export function assertExperimentActive(e: { id?: number; experimentId?: string; lifecycleStage: string }): void {
  if (e.lifecycleStage !== "active") {
    throw invalidParam(`The experiment ${e.experimentId ?? e.id} must be in the 'active' state. Current state is ${e.lifecycleStage}.`);
  }
}

/** experiments/create — any signed-in user; the creator gets MANAGE. */
export async function createExperiment(input: CreateExperimentInput, tx: Tx = db): Promise<ExperimentRecord> {
  await requireSignedIn();
  const creator = await creatorPrincipal();
  const name = validateExperimentName(input.name);
  const location = input.artifactLocation ? validateArtifactLocation(input.artifactLocation) : null;
  const tags = new Map<string, string>();
  (input.tags ?? []).forEach((t, i) => {
    const v = validateExperimentTag(`tags[${i}]`, t.key, t.value);
    tags.set(v.key, v.value);
  });
  const time = now();
  try {
    return await inTransaction(tx, async (t) => {
      const rows = await t.$queryRaw<{ id: number }[]>`
        WITH n AS (SELECT nextval(pg_get_serial_sequence('experiments', 'id'))::int AS id)
        INSERT INTO experiments (id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
        SELECT n.id, ${name}, COALESCE(${location}::text, ${DEFAULT_ARTIFACT_ROOT} || n.id), 'active', ${time}, ${time} FROM n
        RETURNING id`;
      const id = rows[0].id;
      if (tags.size) {
        await t.$executeRaw`INSERT INTO experiment_tags (experiment_id, key, value)
          SELECT ${id}, k, v FROM unnest(${[...tags.keys()]}::text[], ${[...tags.values()]}::text[]) AS t(k, v)`;
      }
      await grantToCreator("experiment", id, creator, t);
      return (await readExperiment(id, t))!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyExists(`Experiment(name=${name}) already exists.`);
    throw e;
  } finally {
    if (creator !== null) forgetLocally({ principal: creator });
  }
}

/** The experiment (active or deleted), or null. Needs READ on it. */
export async function getExperiment(experimentId: string | number, tx: Tx = db): Promise<ExperimentRecord | null> {
  const id = parseExperimentId(experimentId);
  await requireExperiment(id, "READ");
  if (id === null) return null;
  return readExperiment(id, tx);
}

/** No permission check: for domain code that already checked. */
async function readExperiment(id: number, tx: Tx): Promise<ExperimentRecord | null> {
  const row = await tx.experiment.findUnique({ where: { id }, include: { tags: true } });
  return row ? toRecord(row) : null;
}

export async function getExperimentOrThrow(experimentId: string | number, tx: Tx = db): Promise<ExperimentRecord> {
  const e = await getExperiment(experimentId, tx);
  if (!e) throw noSuchExperiment(experimentId);
  return e;
}

/** By exact name (names are unique across active and deleted experiments). */
export async function getExperimentByName(name: string, tx: Tx = db): Promise<ExperimentRecord | null> {
  const row = await tx.experiment.findUnique({ where: { name }, include: { tags: true } });
  await requireExperiment(row?.id ?? null, "READ");
  return row ? toRecord(row) : null;
}

/** Experiments in the given order (ids that name nothing are skipped). No permission check: give ids the caller may read. */
export async function loadExperiments(experimentIds: (string | number)[], tx: Tx = db): Promise<ExperimentRecord[]> {
  const ids = experimentIds.map(parseExperimentId).filter((x): x is number => x !== null);
  if (!ids.length) return [];
  const rows = await tx.experiment.findMany({ where: { id: { in: ids } }, include: { tags: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ExperimentRow => !!r).map(toRecord);
}

export interface ExperimentPage {
  experiments: ExperimentRecord[];
  nextPageToken?: string;
}

/** MLflow's experiments/search: filter + order_by grammar (docs/mlflow-compatibility.md#search-filters), opaque page tokens. */
export async function searchExperiments(input: SearchExperimentsInput = {}, tx: Tx = db): Promise<ExperimentPage> {
  const page = await searchExperimentIds(
    {
      filter: input.filter,
      viewType: input.viewType ?? "ACTIVE_ONLY",
      orderBy: input.orderBy,
      maxResults: input.maxResults,
      pageToken: input.pageToken,
      restrict: await readableExperimentsSql(Prisma.sql`e.id`),
    },
    tx,
  );
  const experiments = await loadExperiments(page.ids, tx);
  return page.nextPageToken ? { experiments, nextPageToken: page.nextPageToken } : { experiments };
}

export async function updateExperiment(input: UpdateExperimentInput, tx: Tx = db): Promise<ExperimentRecord> {
  await requireExperiment(parseExperimentId(input.experimentId), "EDIT");
  const name = validateExperimentName(input.newName, "new_name");
  const e = await getExperimentOrThrow(input.experimentId, tx);
  // MLflow answers INVALID_STATE (HTTP 500, which clients retry); a 400 says the same thing.
  if (e.lifecycleStage !== "active") throw invalidParam("Cannot rename a non-active experiment.");
  try {
    await tx.experiment.update({ where: { id: Number(e.experimentId) }, data: { name, lastUpdateTime: now() } });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists(`Experiment(name=${name}) already exists.`);
    throw err;
  }
  return { ...e, name };
}

/** Soft delete; the experiment's runs become deleted too. */
export async function deleteExperiment(experimentId: string | number, tx: Tx = db): Promise<void> {
  const id = parseExperimentId(experimentId);
  await requireExperiment(id, "MANAGE");
  if (id === null) throw noSuchExperiment(experimentId);
  const time = now();
  await inTransaction(tx, async (t) => {
    const n = await t.$executeRaw`UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = ${time}
      WHERE id = ${id} AND lifecycle_stage = 'active'`;
    if (n === 0) throw noSuchExperiment(experimentId);
    await t.$executeRaw`UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ${time}
      WHERE experiment_id = ${id} AND lifecycle_stage = 'active'`;
  });
}

/** Restores a deleted experiment and its runs. */
export async function restoreExperiment(experimentId: string | number, tx: Tx = db): Promise<void> {
  const id = parseExperimentId(experimentId);
  await requireExperiment(id, "MANAGE");
  if (id === null) throw noSuchExperiment(experimentId);
  const time = now();
  await inTransaction(tx, async (t) => {
    const n = await t.$executeRaw`UPDATE experiments SET lifecycle_stage = 'active', last_update_time = ${time}
      WHERE id = ${id} AND lifecycle_stage = 'deleted'`;
    if (n === 0) throw noSuchExperiment(experimentId);
    await t.$executeRaw`UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL
      WHERE experiment_id = ${id} AND lifecycle_stage = 'deleted'`;
  });
}

/** Upsert one experiment tag (experiment must be active). */
export async function setExperimentTag(input: SetExperimentTagInput, tx: Tx = db): Promise<void> {
  await requireExperiment(parseExperimentId(input.experimentId), "EDIT");
  const tag = validateExperimentTag("", input.key, input.value);
  const e = await getExperimentOrThrow(input.experimentId, tx);
  assertExperimentActive(e);
  const id = Number(e.experimentId);
  await tx.$executeRaw`INSERT INTO experiment_tags (experiment_id, key, value) VALUES (${id}, ${tag.key}, ${tag.value})
    ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value`;
}

export async function deleteExperimentTag(input: DeleteExperimentTagInput, tx: Tx = db): Promise<void> {
  await requireExperiment(parseExperimentId(input.experimentId), "EDIT");
  const e = await getExperimentOrThrow(input.experimentId, tx);
  assertExperimentActive(e);
  const n = await tx.$executeRaw`DELETE FROM experiment_tags WHERE experiment_id = ${Number(e.experimentId)} AND key = ${input.key}`;
  if (n === 0) throw notFound(`No tag with name: ${input.key} in experiment with id ${e.experimentId}`);
}
