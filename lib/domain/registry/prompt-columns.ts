import "server-only";
import { Prisma } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import {
  MAX_MODEL_REGISTRY_TAG_KEY_LENGTH,
  MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH,
  exceedsMaximumLengthMessage,
  validateKey,
  validateLength,
} from "@/lib/domain/validation";
import {
  IS_PROMPT_TAG_KEY,
  PROMPT_MODEL_CONFIG_TAG_KEY,
  PROMPT_TEXT_TAG_KEY,
  PROMPT_TYPE_TAG_KEY,
  RESPONSE_FORMAT_TAG_KEY,
  extractVariables,
} from "@/lib/domain/prompts/template";

// A prompt version's reserved tags (`mlflow.prompt.text`, type, response format, model config)
// are stored as prompt_versions columns, not as model_version_tags rows. This file is the
// mapping both ways: tags → columns on create and set-tag, tag keys → columns for search, and
// the tag limits that differ for prompts.

export /** Prompt-version tags that live in prompt_versions columns. */
const PROMPT_COLUMN_TAGS = new Set([IS_PROMPT_TAG_KEY, PROMPT_TEXT_TAG_KEY, PROMPT_TYPE_TAG_KEY, RESPONSE_FORMAT_TAG_KEY, PROMPT_MODEL_CONFIG_TAG_KEY]);

/**
 * Longest template / response format / model config Runboard stores. MLflow stops at 5000 (the
 * model-version tag limit); prompt_versions columns are TEXT, so Runboard allows more.
 */
export const PROMPT_TEXT_MAX_LENGTH = 100_000;

/** A registry tag key and value (MLflow `_validate_model_version_tag`), prompt-aware limits. */
export function validateVersionTag(key: string, value: string, promptColumns: boolean): void {
  validateKey("key", key);
  validateLength("key", key, MAX_MODEL_REGISTRY_TAG_KEY_LENGTH);
  if (promptColumns && PROMPT_COLUMN_TAGS.has(key)) {
    if (value.length > PROMPT_TEXT_MAX_LENGTH) {
      throw invalidParam(
        key === PROMPT_TEXT_TAG_KEY
          ? `Prompt text exceeds max length of ${PROMPT_TEXT_MAX_LENGTH} characters.`
          : exceedsMaximumLengthMessage("value", PROMPT_TEXT_MAX_LENGTH),
      );
    }
    return;
  }
  if (key === PROMPT_TEXT_TAG_KEY && value.length > MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH) {
    throw invalidParam(`Prompt text exceeds max length of ${MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH} characters.`);
  }
  validateLength("value", value, MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH);
}

function parseJsonOrNull(raw: string | null): Prisma.InputJsonValue | undefined {
  if (raw === null) return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return v === null ? undefined : (v as Prisma.InputJsonValue);
  } catch {
    return undefined;
  }
}

/** prompt_versions column values for the reserved tags given (absent keys: unset). */
export function promptColumnsFromTags(tags: Map<string, string>) {
  const template = tags.get(PROMPT_TEXT_TAG_KEY) ?? "";
  const typeRaw = tags.get(PROMPT_TYPE_TAG_KEY) ?? null;
  const rfRaw = tags.get(RESPONSE_FORMAT_TAG_KEY) ?? null;
  const mcRaw = tags.get(PROMPT_MODEL_CONFIG_TAG_KEY) ?? null;
  return {
    promptType: typeRaw === "chat" ? "chat" : "text",
    template,
    variables: extractVariables(template),
    promptTypeRaw: typeRaw,
    responseFormatRaw: rfRaw,
    responseFormat: parseJsonOrNull(rfRaw),
    modelConfigRaw: mcRaw,
    modelConfig: parseJsonOrNull(mcRaw),
  };
}

export function promptColumnUpdate(key: string, value: string | null): Prisma.PromptVersionUpdateInput {
  switch (key) {
    case PROMPT_TEXT_TAG_KEY:
      return { template: value ?? "", variables: extractVariables(value ?? "") };
    case PROMPT_TYPE_TAG_KEY:
      return { promptTypeRaw: value, promptType: value === "chat" ? "chat" : "text" };
    case RESPONSE_FORMAT_TAG_KEY:
      return { responseFormatRaw: value, responseFormat: parseJsonOrNull(value) ?? Prisma.DbNull };
    case PROMPT_MODEL_CONFIG_TAG_KEY:
      return { modelConfigRaw: value, modelConfig: parseJsonOrNull(value) ?? Prisma.DbNull };
    default:
      return {};
  }
}

/** Reserved prompt-version tags searchable through their columns. */
export const PROMPT_TAG_COLUMNS: Record<string, Prisma.Sql> = {
  [PROMPT_TEXT_TAG_KEY]: Prisma.sql`pv.template`,
  [PROMPT_TYPE_TAG_KEY]: Prisma.sql`pv.prompt_type_raw`,
  [RESPONSE_FORMAT_TAG_KEY]: Prisma.sql`pv.response_format_raw`,
  [PROMPT_MODEL_CONFIG_TAG_KEY]: Prisma.sql`pv.model_config_raw`,
};
