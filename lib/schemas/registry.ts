// Domain inputs for the model registry (registered models, model versions, aliases), camelCase.
// Shared by the wire mappers (lib/mlflow/registry.ts), server actions and the domain signatures.
// The domain re-checks MLflow's business rules (tag keys, lengths, alias names); these schemas
// only fix the shapes.
import { z } from "zod";
import "@/lib/schemas/zod-config";
import { deleteTagSchema, setTagSchema } from "@/lib/schemas/tag";

export const registryTagSchema = z.object({ key: z.string(), value: z.string() });
export type RegistryTag = z.infer<typeof registryTagSchema>;

export const createRegisteredModelSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(registryTagSchema).default([]),
  /** Who created it (from the request's credentials, when there are any). */
  userId: z.string().optional(),
});
export type CreateRegisteredModelInput = z.input<typeof createRegisteredModelSchema>;

export const createModelVersionSchema = z.object({
  name: z.string().min(1),
  source: z.string(),
  runId: z.string().optional(),
  runLink: z.string().optional(),
  description: z.string().optional(),
  modelId: z.string().optional(),
  tags: z.array(registryTagSchema).default([]),
  userId: z.string().optional(),
});
export type CreateModelVersionInput = z.input<typeof createModelVersionSchema>;

export const MODEL_VERSION_STAGES = ["None", "Staging", "Production", "Archived"] as const;
export type ModelVersionStage = (typeof MODEL_VERSION_STAGES)[number];

export interface SearchRegisteredModelsInput {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface SearchModelVersionsInput {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

// ───────────────────────────── UI server actions ─────────────────────────────

/** A registered model (or prompt) named by a form; the domain says whether it exists. */
export const modelRef = { name: z.string().min(1, "A name is required").max(256) };
/** A version number or its text ("3"); the registry parses it as MLflow does. */
export const versionField = z.string().trim().min(1, "A version is required").max(20);

/** Point an alias at a version (of a registered model or a prompt). */
export const setAliasSchema = z.object({ ...modelRef, alias: z.string().trim().min(1, "Enter an alias name.").max(255), version: versionField });
export const deleteAliasSchema = z.object({ ...modelRef, alias: z.string().min(1).max(255) });
export const setModelTagSchema = setTagSchema(modelRef);
export const deleteModelTagSchema = deleteTagSchema(modelRef);
export const setModelVersionTagSchema = setTagSchema({ ...modelRef, version: versionField });
export const deleteModelVersionTagSchema = deleteTagSchema({ ...modelRef, version: versionField });
