import "server-only";
import { db, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { DEFAULT_ARTIFACT_ROOT, parseExperimentId } from "@/lib/domain/experiments";
import { assertCanImport } from "@/lib/domain/import/access";
import { findImportedEntity, recordEntity, runningJob } from "@/lib/domain/import/jobs";
import { validateExperimentName, validateExperimentTag, validateLength } from "@/lib/domain/validation";

// Experiments of an import (issue 14). An experiment keeps its id when that id is free here,
// and is given a new one otherwise; an experiment of the same name that already exists here is
// used as it is (its tags gain the source's; nothing else changes). The mapping is stored in
// import_entities (detail: both artifact locations, and whether the import created it) and
// returned, so the importer can print it and place artifacts. Experiments the import created
// follow their source on re-import (name, lifecycle, tags); merged ones only gain tags.

export interface ImportExperimentInput {
  /** The id at the source. */
  experimentId: string;
  name: string;
  /** The artifact location at the source (kept in the mapping; artifacts are copied here). */
  artifactLocation: string;
  lifecycleStage: "active" | "deleted";
  creationTime?: bigint;
  lastUpdateTime?: bigint;
  tags: { key: string; value: string }[];
  fingerprint: string;
}

export type ImportExperimentResult = "created" | "updated" | "merged" | "failed";

export interface ImportExperimentOutcome {
  sourceExperimentId: string;
  name: string;
  result: ImportExperimentResult;
  /** The id here (absent when failed). */
  experimentId?: string;
  idKept?: boolean;
  artifactLocation?: string;
  sourceArtifactLocation: string;
  /** Why it failed, or how it was mapped (e.g. "id 3 is taken here"). */
  reason?: string;
}

interface ExperimentDetail {
  created: boolean;
  sourceArtifactLocation: string;
  artifactLocation: string;
}

const now = () => BigInt(Date.now());

function validateInput(e: ImportExperimentInput): void {
  validateExperimentName(e.name);
  validateLength("artifact_location", e.artifactLocation, 2000);
  e.tags.forEach((t, i) => validateExperimentTag(`tags[${i}]`, t.key, t.value));
}

async function writeTags(tx: Tx, id: number, tags: { key: string; value: string }[], replace: boolean): Promise<void> {
  if (replace) await tx.$executeRaw`DELETE FROM experiment_tags WHERE experiment_id = ${id}`;
  if (!tags.length) return;
  const m = new Map(tags.map((t) => [t.key, t.value]));
  await tx.$executeRaw`INSERT INTO experiment_tags (experiment_id, key, value)
    SELECT ${id}, k, v FROM unnest(${[...m.keys()]}::text[], ${[...m.values()]}::text[]) AS t(k, v)
    ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value`;
}

/** One experiment, in its own transaction. */
async function importOne(jobId: number, e: ImportExperimentInput): Promise<ImportExperimentOutcome> {
  validateInput(e);
  return db.$transaction(async (tx) => {
    const job = await runningJob(tx, jobId);
    // Explicit ids and the serial sequence must not race other imports or creates.
    await tx.$executeRaw`LOCK TABLE experiments IN SHARE ROW EXCLUSIVE MODE`;
    const base = { sourceExperimentId: e.experimentId, name: e.name, sourceArtifactLocation: e.artifactLocation };
    const record = async (id: number, location: string, created: boolean) => {
      const detail: ExperimentDetail = { created, sourceArtifactLocation: e.artifactLocation, artifactLocation: location };
      await recordEntity(tx, job, { kind: "experiment", sourceKey: e.experimentId, targetKey: String(id), fingerprint: e.fingerprint, detail });
    };
    const byId = async (id: number) =>
      (await tx.$queryRaw<{ id: number; name: string; artifact_location: string }[]>`
        SELECT id, name, artifact_location FROM experiments WHERE id = ${id}`)[0];
    const byName = async (name: string) =>
      (await tx.$queryRaw<{ id: number; artifact_location: string }[]>`SELECT id, artifact_location FROM experiments WHERE name = ${name}`)[0];

    const known = await findImportedEntity(tx, job.sourceId, "experiment", e.experimentId);
    const mapped = known ? await byId(Number(known.targetKey)) : undefined;
    if (known && mapped) {
      const created = known.detail?.created === true;
      let reason: string | undefined;
      if (created) {
        let name = e.name;
        if (name !== mapped.name) {
          const other = await byName(name);
          if (other && other.id !== mapped.id) {
            reason = `renamed at the source, but '${name}' is taken here; kept the name '${mapped.name}'`;
            name = mapped.name;
          }
        }
        await tx.$executeRaw`UPDATE experiments SET name = ${name}, lifecycle_stage = ${e.lifecycleStage}::lifecycle_stage,
          last_update_time = ${e.lastUpdateTime ?? now()} WHERE id = ${mapped.id}`;
      }
      await writeTags(tx, mapped.id, e.tags, created);
      await record(mapped.id, mapped.artifact_location, created);
      return { ...base, result: "updated", experimentId: String(mapped.id), idKept: String(mapped.id) === e.experimentId, artifactLocation: mapped.artifact_location, reason };
    }

    const same = await byName(e.name);
    if (same) {
      await writeTags(tx, same.id, e.tags, false);
      await record(same.id, same.artifact_location, false);
      const idKept = String(same.id) === e.experimentId;
      return { ...base, result: "merged", experimentId: String(same.id), idKept, artifactLocation: same.artifact_location, reason: `an experiment named '${e.name}' already exists here (id ${same.id}); its runs join it` };
    }

    const wanted = parseExperimentId(e.experimentId);
    const free = wanted !== null && !(await byId(wanted));
    const created = now();
    const [row] = await tx.$queryRaw<{ id: number; artifact_location: string }[]>`
      WITH n AS (SELECT COALESCE(${free ? wanted : null}::int, nextval(pg_get_serial_sequence('experiments', 'id'))::int) AS id)
      INSERT INTO experiments (id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
      SELECT n.id, ${e.name}, ${DEFAULT_ARTIFACT_ROOT} || n.id, ${e.lifecycleStage}::lifecycle_stage,
             ${e.creationTime ?? created}, ${e.lastUpdateTime ?? e.creationTime ?? created} FROM n
      RETURNING id, artifact_location`;
    // The sequence must stay ahead of ids given explicitly.
    await tx.$executeRaw`SELECT setval(pg_get_serial_sequence('experiments', 'id'), GREATEST((SELECT max(id) FROM experiments), 1))`;
    await writeTags(tx, row.id, e.tags, false);
    await record(row.id, row.artifact_location, true);
    const reason = free
      ? undefined
      : wanted === null
        ? `the source id '${e.experimentId}' is not a Runboard experiment id; given id ${row.id}`
        : `id ${wanted} is taken here; given id ${row.id}`;
    return { ...base, result: "created", experimentId: String(row.id), idKept: free, artifactLocation: row.artifact_location, reason };
  });
}

/**
 * Imports experiments one by one (each in its own transaction, so one bad experiment fails
 * alone). A client mistake in one (name too long, bad tag) is its outcome's reason.
 */
export async function importExperiments(input: { jobId: number; experiments: ImportExperimentInput[] }): Promise<ImportExperimentOutcome[]> {
  await assertCanImport();
  const out: ImportExperimentOutcome[] = [];
  for (const e of input.experiments) {
    try {
      out.push(await importOne(input.jobId, e));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === "ABORTED" || err.code === "RESOURCE_DOES_NOT_EXIST") throw err;
      out.push({ sourceExperimentId: e.experimentId, name: e.name, sourceArtifactLocation: e.artifactLocation, result: "failed", reason: err.message });
    }
  }
  return out;
}

/** Source experiment id → (id here, artifact location here), for the job's source. */
export async function experimentMapping(tx: Tx, sourceId: number, sourceExperimentIds: string[]): Promise<Map<string, { id: number; artifactLocation: string }>> {
  const rows = await tx.$queryRaw<{ source_key: string; id: number; artifact_location: string }[]>`
    SELECT ie.source_key, x.id, x.artifact_location FROM import_entities ie
    JOIN experiments x ON x.id = ie.target_key::int
    WHERE ie.source_id = ${sourceId} AND ie.kind = 'experiment' AND ie.source_key = ANY(${sourceExperimentIds}::text[])`;
  return new Map(rows.map((r) => [r.source_key, { id: r.id, artifactLocation: r.artifact_location }]));
}

/** Source artifact location → location here, for every experiment of the source (rewrites model-version sources). */
export async function artifactLocationMapping(tx: Tx, sourceId: number): Promise<{ from: string; to: string }[]> {
  const rows = await tx.$queryRaw<{ detail: ExperimentDetail | null }[]>`
    SELECT detail FROM import_entities WHERE source_id = ${sourceId} AND kind = 'experiment'`;
  return rows
    .map((r) => r.detail)
    .filter((d): d is ExperimentDetail => !!d && typeof d.sourceArtifactLocation === "string" && typeof d.artifactLocation === "string")
    .map((d) => ({ from: d.sourceArtifactLocation.replace(/\/+$/, ""), to: d.artifactLocation.replace(/\/+$/, "") }))
    .sort((a, b) => b.from.length - a.from.length);
}

/** `uri` with a source experiment's artifact location replaced by its location here. */
export function rewriteArtifactUri(uri: string, mapping: { from: string; to: string }[]): string {
  for (const m of mapping) {
    if (m.from && (uri === m.from || uri.startsWith(m.from + "/"))) return m.to + uri.slice(m.from.length);
  }
  return uri;
}

/** Thrown when an entity names an experiment the import has not copied. */
export const experimentNotImported = (id: string) =>
  new DomainError("INVALID_PARAMETER_VALUE", `Experiment '${id}' of the source has not been imported (import experiments first).`);
