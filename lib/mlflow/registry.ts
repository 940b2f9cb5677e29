// Wire schemas and mappers for the model registry (docs/mlflow-compatibility.md#model-registry) and the OSS prompt registry
// built on it (docs/mlflow-compatibility.md#prompts). Prompt-specific state lives in columns (registered_models.is_prompt,
// prompt_versions.*); the mappers emit it back as the reserved tags the MLflow client reads,
// byte for byte as it was written.
import { z } from "zod";
import { list, keyValue, num, optBool, optInt64, optString, reqString, reqStringOrEmpty, MISSING } from "@/lib/mlflow/wire";
import type { ModelVersionRecord } from "@/lib/domain/registry/records";
import type { RegisteredModelRecord } from "@/lib/domain/registry/registered-models";
import { IS_PROMPT_TAG_KEY, PROMPT_MODEL_CONFIG_TAG_KEY, PROMPT_TEXT_TAG_KEY, PROMPT_TYPE_TAG_KEY, RESPONSE_FORMAT_TAG_KEY } from "@/lib/domain/prompts/template";

/** A model version number: a JSON number or a string (checked as an integer by the domain). */
const reqVersion = () =>
  z.preprocess(
    (v) => (v === null || v === "" ? undefined : typeof v === "number" ? String(v) : v),
    z.string({ error: (iss) => (iss.input === undefined ? MISSING : `Parameter '{path}' must be an integer, got '${String(iss.input)}'.`) }),
  );

const maxResults = () => optInt64().transform((v) => (v === undefined ? undefined : Number(v)));

// ───────────────────────────── Requests ─────────────────────────────

export const createRegisteredModelRequest = z.object({ name: reqString(), tags: list(keyValue()), description: optString() });
export const getRegisteredModelRequest = z.object({ name: reqString() });
export const renameRegisteredModelRequest = z.object({ name: reqString(), new_name: reqString() });
export const updateRegisteredModelRequest = z.object({ name: reqString(), description: optString() });
export const deleteRegisteredModelRequest = z.object({ name: reqString() });
export const searchRegisteredModelsRequest = z.object({
  filter: optString(),
  max_results: maxResults(),
  order_by: list(z.string()),
  page_token: optString(),
});
export const getLatestVersionsRequest = z.object({ name: reqString(), stages: list(z.string()) });
export const setRegisteredModelTagRequest = z.object({ name: reqString(), key: reqString(), value: optString() });
export const deleteRegisteredModelTagRequest = z.object({ name: reqString(), key: reqString() });
export const setRegisteredModelAliasRequest = z.object({ name: reqString(), alias: reqString(), version: reqVersion() });
export const deleteRegisteredModelAliasRequest = z.object({ name: reqString(), alias: reqString() });
export const getModelVersionByAliasRequest = z.object({ name: reqString(), alias: reqString() });

export const createModelVersionRequest = z.object({
  name: reqString(),
  source: reqString(),
  run_id: optString(),
  tags: list(keyValue()),
  run_link: optString(),
  description: optString(),
  model_id: optString(),
});
export const modelVersionRequest = z.object({ name: reqString(), version: reqVersion() });
export const updateModelVersionRequest = modelVersionRequest.extend({ description: optString() });
export const searchModelVersionsRequest = searchRegisteredModelsRequest;
export const transitionModelVersionStageRequest = modelVersionRequest.extend({ stage: reqString(), archive_existing_versions: optBool() });
export const setModelVersionTagRequest = modelVersionRequest.extend({ key: reqString(), value: reqStringOrEmpty() });
export const deleteModelVersionTagRequest = modelVersionRequest.extend({ key: reqString() });

export function fromMlflowCreateRegisteredModel(body: z.output<typeof createRegisteredModelRequest>, userId?: string) {
  return { name: body.name, description: body.description, tags: body.tags.map((t) => ({ key: t.key, value: t.value ?? "" })), userId };
}

export function fromMlflowCreateModelVersion(body: z.output<typeof createModelVersionRequest>, userId?: string) {
  return {
    name: body.name,
    source: body.source,
    runId: body.run_id || undefined,
    runLink: body.run_link || undefined,
    description: body.description,
    modelId: body.model_id || undefined,
    tags: body.tags.map((t) => ({ key: t.key, value: t.value ?? "" })),
    userId,
  };
}

export function fromMlflowSearch(body: z.output<typeof searchRegisteredModelsRequest>) {
  return { filter: body.filter, maxResults: body.max_results, orderBy: body.order_by, pageToken: body.page_token };
}

/**
 * The caller's user name, from HTTP Basic credentials (MLFLOW_TRACKING_USERNAME), when sent.
 * MLflow's OSS server records no user for registry objects; Runboard records this one.
 */
export function requestUserId(req: Request): string | undefined {
  const h = req.headers.get("authorization");
  const m = h && /^Basic\s+(\S+)$/i.exec(h);
  if (!m) return undefined;
  try {
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const user = decoded.split(":")[0];
    return user ? user.slice(0, 256) : undefined;
  } catch {
    return undefined;
  }
}

// ───────────────────────────── Responses ─────────────────────────────

const nonEmpty = <T>(xs: T[]) => (xs.length ? xs : undefined);
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** A version's tags as the client wrote them: user tags plus the reserved prompt tags. */
export function modelVersionTags(mv: ModelVersionRecord): { key: string; value: string }[] {
  const tags = mv.tags.map((t) => ({ key: t.key, value: t.value }));
  const p = mv.prompt;
  if (mv.isPrompt) tags.push({ key: IS_PROMPT_TAG_KEY, value: "true" });
  if (p) {
    tags.push({ key: PROMPT_TEXT_TAG_KEY, value: p.template });
    if (p.promptTypeRaw !== null) tags.push({ key: PROMPT_TYPE_TAG_KEY, value: p.promptTypeRaw });
    if (p.responseFormatRaw !== null) tags.push({ key: RESPONSE_FORMAT_TAG_KEY, value: p.responseFormatRaw });
    if (p.modelConfigRaw !== null) tags.push({ key: PROMPT_MODEL_CONFIG_TAG_KEY, value: p.modelConfigRaw });
  }
  return tags.sort(byKey);
}

export function toMlflowModelVersion(mv: ModelVersionRecord) {
  return {
    name: mv.name,
    version: String(mv.version),
    creation_timestamp: num(mv.creationTimestamp),
    last_updated_timestamp: num(mv.lastUpdatedTimestamp),
    user_id: mv.userId ?? undefined,
    current_stage: mv.currentStage,
    description: mv.description ?? undefined,
    source: mv.source ?? undefined,
    run_id: mv.runId || undefined,
    status: mv.status,
    status_message: mv.statusMessage ?? undefined,
    tags: nonEmpty(modelVersionTags(mv)),
    run_link: mv.runLink || undefined,
    aliases: nonEmpty(mv.aliases),
    model_id: mv.modelId ?? undefined,
  };
}

export function toMlflowRegisteredModel(rm: RegisteredModelRecord) {
  const tags = rm.tags.map((t) => ({ key: t.key, value: t.value }));
  if (rm.isPrompt) tags.push({ key: IS_PROMPT_TAG_KEY, value: "true" });
  return {
    name: rm.name,
    creation_timestamp: num(rm.creationTimestamp),
    last_updated_timestamp: num(rm.lastUpdatedTimestamp),
    user_id: rm.userId ?? undefined,
    description: rm.description ?? undefined,
    latest_versions: nonEmpty(rm.latestVersions.map(toMlflowModelVersion)),
    tags: nonEmpty(tags.sort(byKey)),
    aliases: nonEmpty(rm.aliases.map((a) => ({ alias: a.alias, version: String(a.version) }))),
  };
}

export const toMlflowModelVersions = (mvs: ModelVersionRecord[]) => nonEmpty(mvs.map(toMlflowModelVersion));
export const toMlflowRegisteredModels = (rms: RegisteredModelRecord[]) => nonEmpty(rms.map(toMlflowRegisteredModel));
