// camelCase inputs of the experiment domain functions, shared by REST adapters, server actions
// and forms. MLflow's own rules (name length, tag limits: docs/mlflow-compatibility.md#limits) are enforced by the domain.
import { z } from "zod";
import "@/lib/schemas/zod-config";
import { deleteTagSchema, setTagSchema } from "@/lib/schemas/tag";

export const keyValueSchema = z.object({ key: z.string(), value: z.string().optional() });
export type KeyValueInput = z.infer<typeof keyValueSchema>;

export const viewTypeSchema = z.enum(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"]);
export type ViewType = z.infer<typeof viewTypeSchema>;

export const experimentIdField = z.string().trim().min(1, "An experiment id is required").max(20);

export const createExperimentSchema = z.object({
  name: z.string().trim().min(1, "Name is required"),
  /** A form's empty field means "the default location". */
  artifactLocation: z
    .string()
    .transform((v) => v.trim() || undefined)
    .optional(),
  tags: z.array(keyValueSchema).optional(),
});
export type CreateExperimentInput = z.infer<typeof createExperimentSchema>;

export const updateExperimentSchema = z.object({
  experimentId: experimentIdField,
  newName: z.string().trim().min(1, "Name is required"),
});
export type UpdateExperimentInput = z.infer<typeof updateExperimentSchema>;

export const experimentRefSchema = z.object({ experimentId: experimentIdField });

export const setExperimentTagSchema = setTagSchema({ experimentId: experimentIdField });
export type SetExperimentTagInput = z.input<typeof setExperimentTagSchema>;

export const deleteExperimentTagSchema = deleteTagSchema({ experimentId: experimentIdField });
export type DeleteExperimentTagInput = z.infer<typeof deleteExperimentTagSchema>;

export const searchExperimentsSchema = z.object({
  filter: z.string().optional(),
  viewType: viewTypeSchema.optional(),
  orderBy: z.array(z.string()).optional(),
  maxResults: z.number().int().positive().optional(),
  pageToken: z.string().optional(),
});
export type SearchExperimentsInput = z.infer<typeof searchExperimentsSchema>;
