import "server-only";
import { authenticatedUsername, requireExperiment, requireRun } from "@/lib/domain/auth/authorize";
import { randomInt, randomUUID } from "node:crypto";
import { db, Prisma, type Tx } from "@/lib/db";
import { DomainError, invalidParam, notFound } from "@/lib/errors";
import { assertExperimentActive, getExperiment } from "@/lib/domain/experiments";
import { inTransaction } from "@/lib/domain/tx";
import { validateLength, validateRunName } from "@/lib/domain/validation";
import type { CreateRunInput, UpdateRunInput } from "@/lib/schemas/run";
import { activeRunOrThrow, noSuchRun, now, PARENT_RUN_ID_TAG, RUN_NAME_TAG, toInfo, type FullRun, type RunInfoRecord } from "@/lib/domain/runs/records";
import { getRunOrThrow } from "@/lib/domain/runs/read";
import { parentColumn, prepareTags, recordKeys, writeTags } from "@/lib/domain/runs/tags";

// A run's lifecycle: runs/create (name from the argument, the mlflow.runName tag or a generated
// one; artifact URI under the experiment's location), runs/update (status, end time, name),
// and soft delete / restore.

// ───────────────────────────── run names ─────────────────────────────

const ADJECTIVES = [
  "amber", "bold", "brave", "bright", "calm", "clever", "cosmic", "crisp", "curious", "daring", "eager", "fancy",
  "gentle", "glowing", "golden", "grand", "happy", "humble", "jolly", "keen", "kind", "lively", "lucky", "mellow",
  "merry", "misty", "nimble", "noble", "polite", "proud", "quick", "quiet", "rapid", "rare", "silent", "silver",
  "smooth", "snappy", "sunny", "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty",
];
const NOUNS = [
  "badger", "bass", "bear", "bee", "bird", "cat", "crane", "deer", "dolphin", "dove", "eagle", "falcon", "finch",
  "fox", "frog", "gull", "hare", "hawk", "heron", "horse", "koala", "lark", "lion", "lynx", "mole", "moose", "moth",
  "newt", "otter", "owl", "panda", "robin", "seal", "shark", "sloth", "snail", "sparrow", "squid", "stork", "swan",
  "tiger", "toad", "trout", "whale", "wolf", "wren",
];

/** A readable random run name, "adjective-noun-NNN". */
export function generateRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
}

function artifactUriFor(location: string, runId: string): string {
  return `${location.replace(/\/+$/, "")}/${runId}/artifacts`;
}

export async function createRun(input: CreateRunInput, tx: Tx = db): Promise<FullRun> {
  const experimentId = input.experimentId || "0";
  await requireExperiment(experimentId, "EDIT");
  // Signed in: the run is the authenticated user's, whatever the client claims (mlflow.user).
  const author = await authenticatedUsername();
  if (author) input = { ...input, userId: author, tags: [...(input.tags ?? []).filter((t) => t.key !== "mlflow.user"), { key: "mlflow.user", value: author }] };
  const experiment = await getExperiment(experimentId, tx);
  if (!experiment) throw notFound(`No Experiment with id=${experimentId} exists`);
  assertExperimentActive(experiment);
  const tags = prepareTags(input.tags ?? [], (i) => `tags[${i}]`);
  const tagName = tags.find((t) => t.key === RUN_NAME_TAG)?.value || undefined;
  const argName = input.runName || undefined;
  if (argName && tagName && argName !== tagName) {
    throw invalidParam(
      `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${argName}', mlflow.runName='${tagName}').`,
    );
  }
  const runName = validateRunName("run_name", argName ?? tagName ?? generateRunName());
  validateLength("user_id", input.userId, 256);
  if (!tagName) {
    const i = tags.findIndex((t) => t.key === RUN_NAME_TAG);
    if (i >= 0) tags.splice(i, 1);
    tags.push({ key: RUN_NAME_TAG, value: runName });
  }
  const runId = randomUUID().replaceAll("-", "");
  const expId = Number(experiment.experimentId);
  const parent = tags.find((t) => t.key === PARENT_RUN_ID_TAG);
  await inTransaction(tx, async (t) => {
    await t.run.create({
      data: {
        id: runId,
        experimentId: expId,
        name: runName,
        userId: input.userId ?? "",
        status: "RUNNING",
        startTime: input.startTime !== undefined ? BigInt(input.startTime) : now(),
        artifactUri: artifactUriFor(experiment.artifactLocation, runId),
        parentRunId: parent ? parentColumn(parent.value) : null,
      },
    });
    await writeTags(t, { id: runId, experimentId: expId }, tags);
    await recordKeys(t, expId, tags.map(() => "tag"), tags.map((x) => x.key));
  });
  return getRunOrThrow(runId, tx);
}

/** runs/update: status, end time and/or name (the name also rewrites the mlflow.runName tag). */
export async function updateRun(input: UpdateRunInput, tx: Tx = db): Promise<RunInfoRecord> {
  await requireRun(input.runId, "EDIT", tx);
  const runName = input.runName ? validateRunName("run_name", input.runName) : undefined;
  return inTransaction(tx, async (t) => {
    const run = await activeRunOrThrow(t, input.runId);
    const data: Prisma.RunUpdateInput = {};
    if (input.status !== undefined) data.status = input.status;
    if (input.endTime !== undefined) data.endTime = BigInt(input.endTime);
    if (Object.keys(data).length) await t.run.update({ where: { id: run.id }, data });
    if (runName) await writeTags(t, run, [{ key: RUN_NAME_TAG, value: runName }]);
    return toInfo((await t.run.findUnique({ where: { id: run.id } }))!);
  });
}

/** Soft delete (deleted runs can still be read). */
export async function deleteRun(runId: string, tx: Tx = db): Promise<void> {
  await requireRun(runId, "MANAGE", tx);
  const n = await tx.$executeRaw`UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ${now()} WHERE id = ${runId}`;
  if (n === 0) throw noSuchRun(runId);
}

export async function restoreRun(runId: string, tx: Tx = db): Promise<void> {
  await requireRun(runId, "MANAGE", tx);
  const n = await tx.$executeRaw`UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE id = ${runId}`;
  if (n === 0) throw noSuchRun(runId);
}

/**
 * Deletes (soft) or restores many runs, one by one through deleteRun / restoreRun so each gets
 * the same checks as runs/delete and runs/restore. A run that fails (e.g. it no longer exists)
 * does not stop the others; the failures come back with their messages.
 */
export async function setRunsDeleted(runIds: string[], deleted: boolean, tx: Tx = db): Promise<{ done: number; failed: string[] }> {
  const ids = [...new Set(runIds)];
  const failed: string[] = [];
  for (const runId of ids) {
    try {
      await (deleted ? deleteRun(runId, tx) : restoreRun(runId, tx));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      failed.push(e.message);
    }
  }
  return { done: ids.length - failed.length, failed };
}
