import "server-only";
import { db, type Tx } from "@/lib/db";
import { requireExperiment } from "@/lib/domain/auth/authorize";
import { assertExperimentActive, getExperimentOrThrow } from "@/lib/domain/experiments";
import { inTransaction } from "@/lib/domain/tx";
import { invalidParam, notFound } from "@/lib/errors";
import { newScorerId } from "./ids";

// Registered scorers (judges) of an experiment (`/api/3.0/mlflow/scorers/*`): each registration
// under a name adds a version holding the client's serialized scorer, stored verbatim.

export interface ScorerVersionRecord {
  experimentId: string;
  scorerId: string;
  name: string;
  version: number;
  serializedScorer: string;
  creationTime: bigint;
}

interface Row {
  experiment_id: number;
  scorer_id: string;
  name: string;
  version: number;
  serialized_scorer: string;
  creation_time: bigint;
}

const toRecord = (r: Row): ScorerVersionRecord => ({
  experimentId: String(r.experiment_id),
  scorerId: r.scorer_id,
  name: r.name,
  version: r.version,
  serializedScorer: r.serialized_scorer,
  creationTime: r.creation_time,
});

function checkName(name: string): void {
  if (!name || !name.trim()) throw invalidParam("Scorer name cannot be empty.");
  if (name.length > 256) throw invalidParam("Scorer name must be at most 256 characters.");
}

async function activeExperiment(experimentId: string, tx: Tx): Promise<number> {
  const e = await getExperimentOrThrow(experimentId, tx);
  assertExperimentActive(e);
  return Number(e.experimentId);
}

export async function registerScorer(experimentId: string, name: string, serializedScorer: string, tx: Tx = db): Promise<ScorerVersionRecord> {
  checkName(name);
  if (!serializedScorer) throw invalidParam("serialized_scorer must not be empty.");
  await requireExperiment(experimentId, "EDIT");
  return inTransaction(tx, async (t) => {
    const exp = await activeExperiment(experimentId, t);
    await t.$executeRaw`INSERT INTO scorers (id, experiment_id, name) VALUES (${newScorerId()}, ${exp}, ${name}) ON CONFLICT (experiment_id, name) DO NOTHING`;
    const rows = await t.$queryRaw<Row[]>`
      WITH s AS (SELECT id FROM scorers WHERE experiment_id = ${exp} AND name = ${name} FOR UPDATE)
      INSERT INTO scorer_versions (scorer_id, version, serialized_scorer, creation_time)
      SELECT s.id, COALESCE((SELECT max(version) FROM scorer_versions v WHERE v.scorer_id = s.id), 0) + 1, ${serializedScorer}, ${BigInt(Date.now())}
      FROM s
      RETURNING ${exp}::int AS experiment_id, scorer_id, ${name}::text AS name, version, serialized_scorer, creation_time`;
    return toRecord(rows[0]);
  });
}

/** The latest version of every scorer of the experiment, by name. */
export async function listScorers(experimentId: string, tx: Tx = db): Promise<ScorerVersionRecord[]> {
  const exp = Number((await getExperimentOrThrow(experimentId, tx)).experimentId);
  const rows = await tx.$queryRaw<Row[]>`
    SELECT DISTINCT ON (s.name) s.experiment_id, s.id AS scorer_id, s.name, v.version, v.serialized_scorer, v.creation_time
    FROM scorers s JOIN scorer_versions v ON v.scorer_id = s.id
    WHERE s.experiment_id = ${exp} ORDER BY s.name, v.version DESC`;
  return rows.map(toRecord);
}

export async function listScorerVersions(experimentId: string, name: string, tx: Tx = db): Promise<ScorerVersionRecord[]> {
  const exp = Number((await getExperimentOrThrow(experimentId, tx)).experimentId);
  const rows = await tx.$queryRaw<Row[]>`
    SELECT s.experiment_id, s.id AS scorer_id, s.name, v.version, v.serialized_scorer, v.creation_time
    FROM scorers s JOIN scorer_versions v ON v.scorer_id = s.id
    WHERE s.experiment_id = ${exp} AND s.name = ${name} ORDER BY v.version`;
  if (!rows.length) throw notFound(`Scorer with name '${name}' not found for experiment ${experimentId}.`);
  return rows.map(toRecord);
}

export async function getScorer(experimentId: string, name: string, version?: number, tx: Tx = db): Promise<ScorerVersionRecord> {
  const all = await listScorerVersions(experimentId, name, tx);
  const v = version === undefined ? all[all.length - 1] : all.find((x) => x.version === version);
  if (!v) throw notFound(`Scorer with name '${name}' and version ${version} not found for experiment ${experimentId}.`);
  return v;
}

/** Deletes one version, or every version (and the scorer) when `version` is absent. */
export async function deleteScorer(experimentId: string, name: string, version?: number, tx: Tx = db): Promise<void> {
  await requireExperiment(experimentId, "MANAGE");
  await inTransaction(tx, async (t) => {
    const exp = await activeExperiment(experimentId, t);
    const s = await t.$queryRaw<{ id: string }[]>`SELECT id FROM scorers WHERE experiment_id = ${exp} AND name = ${name} FOR UPDATE`;
    if (!s.length) throw notFound(`Scorer with name '${name}' not found for experiment ${experimentId}.`);
    if (version === undefined) {
      await t.$executeRaw`DELETE FROM scorers WHERE id = ${s[0].id}`;
      return;
    }
    const n = await t.$executeRaw`DELETE FROM scorer_versions WHERE scorer_id = ${s[0].id} AND version = ${version}::int`;
    if (n === 0) throw notFound(`Scorer with name '${name}' and version ${version} not found for experiment ${experimentId}.`);
    await t.$executeRaw`DELETE FROM scorers WHERE id = ${s[0].id} AND NOT EXISTS (SELECT 1 FROM scorer_versions WHERE scorer_id = ${s[0].id})`;
  });
}
