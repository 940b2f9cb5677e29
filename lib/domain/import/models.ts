import "server-only";
import { db } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import type { LoggedModelStatus, ModelVersionStatus } from "@/lib/generated/prisma/enums";
import { assertCanImport } from "@/lib/domain/import/access";
import { writeInlineArtifacts, type InlineArtifact } from "@/lib/domain/import/artifacts";
import { artifactLocationMapping, experimentMapping, experimentNotImported, rewriteArtifactUri } from "@/lib/domain/import/experiments";
import { findImportedEntity, notOurs, recordEntity, runningJob } from "@/lib/domain/import/jobs";
import { PROMPT_COLUMN_TAGS, promptColumnsFromTags } from "@/lib/domain/registry/prompt-columns";
import { backfillPromptVersionLinks, LINKED_PROMPTS_TAG, syncLoggedModelPromptLinks } from "@/lib/domain/prompts/links";
import { IS_PROMPT_TAG_KEY } from "@/lib/domain/prompts/template";
import { MAX_ENTITY_KEY_LENGTH, validateLength } from "@/lib/domain/validation";
import { floatText } from "@/lib/domain/runs/log-batch";

// Logged models and registered models (with their versions, aliases and tags; prompts are
// registered models too) of an import (issue 14). Each is written whole in one transaction with
// a constant number of statements, keeping its id (logged models) or its name and version
// numbers (registered models). Re-importing updates in place — rows keep their internal ids, so
// links from runs, aliases and prompt links stay — and removes versions the source no longer
// has. An entity of the same id or name that did not come from this source is refused.

type KeyValue = { key: string; value: string };

// ───────────────────────────── Logged models ─────────────────────────────

export interface ImportLoggedModelInput {
  jobId: number;
  fingerprint: string;
  model: {
    modelId: string;
    /** The experiment id at the source. */
    experimentId: string;
    name: string;
    creationTimestampMs: bigint;
    lastUpdatedTimestampMs: bigint;
    status: LoggedModelStatus;
    statusMessage: string | null;
    modelType: string | null;
    sourceRunId: string | null;
    lifecycleStage: "active" | "deleted";
  };
  tags: KeyValue[];
  params: KeyValue[];
  metrics: { key: string; value: number; timestamp: bigint; step: bigint; runId: string | null; datasetName: string; datasetDigest: string }[];
  /** The artifact files copied for the model ({path: size}). */
  artifacts?: Record<string, number>;
  /** Small artifact files sent with the model (stored before it). */
  files?: InlineArtifact[];
}

export interface ImportLoggedModelOutcome {
  modelId: string;
  experimentId: string;
  artifactUri: string;
  result: "created" | "updated";
}

/** `<experiment location>/models/<id>/artifacts`, as POST logged-models builds it. */
export const loggedModelArtifactUri = (experimentLocation: string, modelId: string) =>
  `${experimentLocation.replace(/\/+$/, "")}/models/${modelId}/artifacts`;

const floatParam = (v: number) => (Number.isFinite(v) ? String(v) : floatText(v));

function validateKeyValues(path: string, list: KeyValue[], valueLimit: number): void {
  list.forEach((t, i) => {
    validateLength(`${path}[${i}].key`, t.key, MAX_ENTITY_KEY_LENGTH);
    validateLength(`${path}[${i}].value`, t.value, valueLimit);
  });
}

export async function importLoggedModel(input: ImportLoggedModelInput): Promise<ImportLoggedModelOutcome> {
  await assertCanImport();
  const m = input.model;
  if (!/^[\w-]{1,36}$/.test(m.modelId)) throw invalidParam(`Logged model id '${m.modelId}' cannot be kept here (at most 36 letters, digits, '_' or '-').`);
  validateLength("model.name", m.name, 500);
  validateLength("model.model_type", m.modelType, 500);
  validateLength("model.source_run_id", m.sourceRunId, 32);
  validateKeyValues("tags", input.tags, 8000);
  validateKeyValues("params", input.params, 8000);
  input.metrics.forEach((x, i) => {
    validateLength(`metrics[${i}].key`, x.key, MAX_ENTITY_KEY_LENGTH);
    validateLength(`metrics[${i}].run_id`, x.runId, 32);
    validateLength(`metrics[${i}].dataset_name`, x.datasetName, 500);
    validateLength(`metrics[${i}].dataset_digest`, x.datasetDigest, 36);
  });
  const tags = new Map(input.tags.map((t) => [t.key, t.value]));
  const params = new Map(input.params.map((p) => [p.key, p.value]));
  if (input.files?.length) {
    const job = await runningJob(db, input.jobId);
    const exp = (await experimentMapping(db, job.sourceId, [m.experimentId])).get(m.experimentId);
    if (!exp) throw experimentNotImported(m.experimentId);
    await writeInlineArtifacts(loggedModelArtifactUri(exp.artifactLocation, m.modelId), input.files);
  }

  return db.$transaction(async (tx) => {
    const job = await runningJob(tx, input.jobId);
    const exp = (await experimentMapping(tx, job.sourceId, [m.experimentId])).get(m.experimentId);
    if (!exp) throw experimentNotImported(m.experimentId);
    const existing = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM logged_models WHERE id = ${m.modelId} FOR UPDATE`;
    const known = await findImportedEntity(tx, job.sourceId, "logged_model", m.modelId);
    if (existing.length && !known) throw notOurs(`Logged model ${m.modelId}`);
    const artifactUri = loggedModelArtifactUri(exp.artifactLocation, m.modelId);
    await tx.$executeRaw`
      INSERT INTO logged_models (id, experiment_id, name, artifact_uri, creation_timestamp_ms, last_updated_timestamp_ms, status,
                                 status_message, lifecycle_stage, model_type, source_run_id)
      VALUES (${m.modelId}, ${exp.id}, ${m.name}, ${artifactUri}, ${m.creationTimestampMs}, ${m.lastUpdatedTimestampMs},
              ${m.status}::logged_model_status, ${m.statusMessage}, ${m.lifecycleStage}::lifecycle_stage, ${m.modelType || null}, ${m.sourceRunId || null})
      ON CONFLICT (id) DO UPDATE SET experiment_id = excluded.experiment_id, name = excluded.name, artifact_uri = excluded.artifact_uri,
        creation_timestamp_ms = excluded.creation_timestamp_ms, last_updated_timestamp_ms = excluded.last_updated_timestamp_ms,
        status = excluded.status, status_message = excluded.status_message, lifecycle_stage = excluded.lifecycle_stage,
        model_type = excluded.model_type, source_run_id = excluded.source_run_id`;
    await tx.$executeRaw`WITH d AS (DELETE FROM logged_model_tags WHERE model_id = ${m.modelId})
      DELETE FROM logged_model_params WHERE model_id = ${m.modelId}`;
    if (tags.size) {
      await tx.$executeRaw`INSERT INTO logged_model_tags (model_id, key, value)
        SELECT ${m.modelId}, k, v FROM unnest(${[...tags.keys()]}::text[], ${[...tags.values()]}::text[]) AS t(k, v)`;
    }
    if (params.size) {
      await tx.$executeRaw`INSERT INTO logged_model_params (model_id, key, value)
        SELECT ${m.modelId}, k, v FROM unnest(${[...params.keys()]}::text[], ${[...params.values()]}::text[]) AS t(k, v)`;
    }
    if (input.metrics.length) {
      const x = input.metrics;
      await tx.$executeRaw`INSERT INTO logged_model_metrics (model_id, key, step, timestamp, value, run_id, dataset_name, dataset_digest)
        SELECT ${m.modelId}, k, s, t, v::float8, r, dn, dd
        FROM unnest(${x.map((p) => p.key)}::text[], ${x.map((p) => String(p.step))}::bigint[], ${x.map((p) => String(p.timestamp))}::bigint[],
                    ${x.map((p) => floatParam(p.value))}::text[], ${x.map((p) => p.runId)}::text[], ${x.map((p) => p.datasetName)}::text[],
                    ${x.map((p) => p.datasetDigest)}::text[]) AS u(k, s, t, v, r, dn, dd)
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT DO NOTHING`;
    }
    // Prompt links (and those of the registered versions built from this model) follow the tag.
    await syncLoggedModelPromptLinks(tx, m.modelId, tags.get(LINKED_PROMPTS_TAG) ?? null);
    await recordEntity(tx, job, { kind: "logged_model", sourceKey: m.modelId, targetKey: m.modelId, fingerprint: input.fingerprint, detail: { artifacts: input.artifacts ?? {} } });
    return { modelId: m.modelId, experimentId: String(exp.id), artifactUri, result: existing.length ? "updated" : "created" };
  });
}

// ───────────────────────────── Registered models (and prompts) ─────────────────────────────

export interface ImportModelVersionInput {
  version: number;
  creationTimestamp: bigint;
  lastUpdatedTimestamp: bigint;
  userId: string | null;
  currentStage: string;
  description: string | null;
  source: string | null;
  runId: string | null;
  runLink: string | null;
  modelId: string | null;
  status: ModelVersionStatus;
  statusMessage: string | null;
  /** All tags as the source has them (for prompts, the reserved prompt tags too). */
  tags: KeyValue[];
}

export interface ImportRegisteredModelInput {
  jobId: number;
  fingerprint: string;
  model: {
    name: string;
    creationTimestamp: bigint;
    lastUpdatedTimestamp: bigint;
    userId: string | null;
    description: string | null;
  };
  /** All tags as the source has them (`mlflow.prompt.is_prompt=true` makes it a prompt). */
  tags: KeyValue[];
  aliases: { alias: string; version: number }[];
  versions: ImportModelVersionInput[];
}

export interface ImportRegisteredModelOutcome {
  name: string;
  isPrompt: boolean;
  result: "created" | "updated";
  versions: number;
  /** Versions here that the source no longer has (removed). */
  removedVersions: number;
}

/** `models:/<logged model id>` → the id (MLflow 3 sources; MLflow's responses omit model_id). */
const loggedModelIdOfSource = (source: string | null) => (source ? (/^models:\/(m-[0-9a-f]{32})\/?$/i.exec(source)?.[1] ?? null) : null);

function validateRegistered(input: ImportRegisteredModelInput, isPrompt: boolean): void {
  const m = input.model;
  if (!m.name) throw invalidParam("A registered model needs a name.");
  validateLength("model.name", m.name, 256);
  validateLength("model.description", m.description, 5000);
  validateLength("model.user_id", m.userId, 256);
  validateKeyValues("tags", input.tags, 5000);
  const versions = new Set<number>();
  input.versions.forEach((v, i) => {
    const p = `versions[${i}]`;
    if (!Number.isInteger(v.version) || v.version < 1 || v.version > 2147483647) throw invalidParam(`'${p}.version' must be a positive integer.`);
    if (versions.has(v.version)) throw invalidParam(`Version ${v.version} is given twice.`);
    versions.add(v.version);
    validateLength(`${p}.current_stage`, v.currentStage, 20);
    validateLength(`${p}.description`, v.description, 5000);
    validateLength(`${p}.source`, v.source, 500);
    validateLength(`${p}.run_id`, v.runId, 32);
    validateLength(`${p}.run_link`, v.runLink, 500);
    validateLength(`${p}.model_id`, v.modelId, 36);
    validateLength(`${p}.status_message`, v.statusMessage, 500);
    validateLength(`${p}.user_id`, v.userId, 256);
    // The reserved prompt tags of a prompt version are columns (TEXT); other tags rows (≤ 5000).
    validateKeyValues(`${p}.tags`, v.tags.filter((t) => !(isPrompt && PROMPT_COLUMN_TAGS.has(t.key))), 5000);
    if (isPrompt && !v.tags.some((t) => t.key === "mlflow.prompt.text")) throw invalidParam(`Version ${v.version} of prompt '${m.name}' has no template (mlflow.prompt.text).`);
  });
  input.aliases.forEach((a, i) => {
    validateLength(`aliases[${i}].alias`, a.alias, 256);
    if (!versions.has(a.version)) throw invalidParam(`Alias '${a.alias}' points at version ${a.version}, which is not given.`);
  });
}

export async function importRegisteredModel(input: ImportRegisteredModelInput): Promise<ImportRegisteredModelOutcome> {
  await assertCanImport();
  const isPrompt = input.tags.some((t) => t.key === IS_PROMPT_TAG_KEY && t.value.toLowerCase() === "true");
  validateRegistered(input, isPrompt);
  const m = input.model;
  const rmTags = new Map(input.tags.filter((t) => t.key !== IS_PROMPT_TAG_KEY).map((t) => [t.key, t.value]));

  return db.$transaction(async (tx) => {
    const job = await runningJob(tx, input.jobId);
    const existing = await tx.$queryRaw<{ id: number; is_prompt: boolean }[]>`SELECT id, is_prompt FROM registered_models WHERE name = ${m.name} FOR UPDATE`;
    const known = await findImportedEntity(tx, job.sourceId, "registered_model", m.name);
    if (existing.length && !known) throw notOurs(`${existing[0].is_prompt ? "Prompt" : "Registered model"} '${m.name}'`);
    const maxVersion = input.versions.reduce((a, v) => Math.max(a, v.version), 0);
    const [rm] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO registered_models (name, is_prompt, description, user_id, creation_timestamp, last_updated_timestamp, last_version)
      VALUES (${m.name}, ${isPrompt}, ${m.description}, ${m.userId}, ${m.creationTimestamp}, ${m.lastUpdatedTimestamp}, ${maxVersion})
      ON CONFLICT (name) DO UPDATE SET is_prompt = excluded.is_prompt, description = excluded.description, user_id = excluded.user_id,
        creation_timestamp = excluded.creation_timestamp, last_updated_timestamp = excluded.last_updated_timestamp,
        last_version = GREATEST(registered_models.last_version, excluded.last_version)
      RETURNING id`;
    await tx.$executeRaw`DELETE FROM registered_model_tags WHERE registered_model_id = ${rm.id}`;
    if (rmTags.size) {
      await tx.$executeRaw`INSERT INTO registered_model_tags (registered_model_id, key, value)
        SELECT ${rm.id}, k, v FROM unnest(${[...rmTags.keys()]}::text[], ${[...rmTags.values()]}::text[]) AS t(k, v)`;
    }

    // Versions: upserted by number (rows keep their ids), those the source lacks removed.
    const locations = await artifactLocationMapping(tx, job.sourceId);
    const rows = input.versions.map((v) => ({
      n: v.version,
      ct: String(v.creationTimestamp),
      lt: String(v.lastUpdatedTimestamp),
      u: v.userId,
      st: v.currentStage,
      d: v.description,
      s: v.source === null ? null : rewriteArtifactUri(v.source, locations),
      r: v.runId || null,
      rl: v.runLink || null,
      mi: isPrompt ? null : v.modelId || loggedModelIdOfSource(v.source),
      stt: v.status,
      sm: v.statusMessage,
    }));
    const upserted = await tx.$queryRaw<{ id: number; version: number; inserted: boolean }[]>`
      INSERT INTO model_versions (registered_model_id, version, creation_timestamp, last_updated_timestamp, user_id, current_stage,
                                  description, source, run_id, run_link, model_id, status, status_message)
      SELECT ${rm.id}, x.n, x.ct::bigint, x.lt::bigint, x.u, x.st, x.d, x.s, x.r, x.rl, x.mi, x.stt::model_version_status, x.sm
      FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS x(n int, ct text, lt text, u text, st text, d text, s text, r text, rl text, mi text, stt text, sm text)
      ORDER BY x.n
      ON CONFLICT (registered_model_id, version) DO UPDATE SET creation_timestamp = excluded.creation_timestamp,
        last_updated_timestamp = excluded.last_updated_timestamp, user_id = excluded.user_id, current_stage = excluded.current_stage,
        description = excluded.description, source = excluded.source, run_id = excluded.run_id, run_link = excluded.run_link,
        model_id = excluded.model_id, status = excluded.status, status_message = excluded.status_message
      RETURNING id, version, (xmax = 0) AS inserted`;
    const removed = await tx.$executeRaw`DELETE FROM model_versions WHERE registered_model_id = ${rm.id}
      AND NOT (version = ANY(${input.versions.map((v) => v.version)}::int[]))`;
    const idOf = new Map(upserted.map((u) => [u.version, u.id]));

    // Version tags (prompt versions: the reserved tags go to prompt_versions columns instead).
    const versionIds = upserted.map((u) => u.id);
    await tx.$executeRaw`DELETE FROM model_version_tags WHERE model_version_id = ANY(${versionIds}::int[])`;
    const tagRows = input.versions.flatMap((v) =>
      [...new Map(v.tags.map((t) => [t.key, t.value]))]
        .filter(([k]) => !(isPrompt && PROMPT_COLUMN_TAGS.has(k)))
        .map(([k, val]) => ({ i: idOf.get(v.version)!, k, v: val })),
    );
    if (tagRows.length) {
      await tx.$executeRaw`INSERT INTO model_version_tags (model_version_id, key, value)
        SELECT x.i, x.k, x.v FROM json_to_recordset(${JSON.stringify(tagRows)}::json) AS x(i int, k text, v text) ORDER BY 1, 2`;
    }
    if (isPrompt) {
      const prompts = input.versions.map((v) => {
        const c = promptColumnsFromTags(new Map(v.tags.map((t) => [t.key, t.value])));
        return {
          i: idOf.get(v.version)!,
          pt: c.promptType,
          tp: c.template,
          vs: c.variables,
          rf: c.responseFormat === undefined ? null : JSON.stringify(c.responseFormat),
          mc: c.modelConfig === undefined ? null : JSON.stringify(c.modelConfig),
          ptr: c.promptTypeRaw,
          rfr: c.responseFormatRaw,
          mcr: c.modelConfigRaw,
        };
      });
      await tx.$executeRaw`
        INSERT INTO prompt_versions (model_version_id, prompt_type, template, variables, response_format, model_config,
                                     prompt_type_raw, response_format_raw, model_config_raw)
        SELECT x.i, x.pt, x.tp, ARRAY(SELECT json_array_elements_text(x.vs)), x.rf::jsonb, x.mc::jsonb, x.ptr, x.rfr, x.mcr
        FROM json_to_recordset(${JSON.stringify(prompts)}::json)
          AS x(i int, pt text, tp text, vs json, rf text, mc text, ptr text, rfr text, mcr text)
        ORDER BY 1
        ON CONFLICT (model_version_id) DO UPDATE SET prompt_type = excluded.prompt_type, template = excluded.template,
          variables = excluded.variables, response_format = excluded.response_format, model_config = excluded.model_config,
          prompt_type_raw = excluded.prompt_type_raw, response_format_raw = excluded.response_format_raw, model_config_raw = excluded.model_config_raw`;
    } else if (versionIds.length) {
      await tx.$executeRaw`DELETE FROM prompt_versions WHERE model_version_id = ANY(${versionIds}::int[])`;
    }

    await tx.$executeRaw`DELETE FROM registered_model_aliases WHERE registered_model_id = ${rm.id}`;
    if (input.aliases.length) {
      await tx.$executeRaw`INSERT INTO registered_model_aliases (registered_model_id, alias, model_version_id)
        SELECT ${rm.id}, a, v FROM unnest(${input.aliases.map((a) => a.alias)}::text[], ${input.aliases.map((a) => idOf.get(a.version)!)}::int[]) AS x(a, v)`;
    }

    // Links: versions built from a logged model use its prompts; a prompt's new versions pick up
    // the runs and models whose mlflow.linkedPrompts name them.
    if (!isPrompt && versionIds.length) {
      await tx.$executeRaw`DELETE FROM prompt_model_version_links WHERE model_version_id = ANY(${versionIds}::int[])`;
      await tx.$executeRaw`INSERT INTO prompt_model_version_links (prompt_version_id, model_version_id)
        SELECT l.prompt_version_id, mv.id FROM model_versions mv
        JOIN prompt_logged_model_links l ON l.model_id = mv.model_id
        WHERE mv.id = ANY(${versionIds}::int[])
        ON CONFLICT DO NOTHING`;
    }
    if (isPrompt && upserted.some((u) => u.inserted)) await backfillPromptVersionLinks(tx, m.name);

    await recordEntity(tx, job, { kind: "registered_model", sourceKey: m.name, targetKey: m.name, fingerprint: input.fingerprint });
    return { name: m.name, isPrompt, result: existing.length ? "updated" : "created", versions: upserted.length, removedVersions: Number(removed) };
  });
}

