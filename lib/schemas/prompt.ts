// Prompt-registry inputs for the UI (forms, server actions) and the prompt domain
// (lib/domain/prompts/*). A prompt is a registered model flagged is_prompt; these shapes hide
// that: no reserved tags, templates as text or chat messages.
import { z } from "zod";
import { PROMPT_NAME_RULE } from "@/lib/domain/prompts/template";

export const promptNameSchema = z
  .string()
  .min(1, "Prompt name must be a non-empty string.")
  .max(256)
  .regex(PROMPT_NAME_RULE, "Prompt name can only contain alphanumeric characters, hyphens, underscores, and dots.");

export const chatMessageSchema = z.object({ role: z.string().min(1), content: z.string() });

/** A text template, or chat messages (an array, or its JSON text). */
export const templateSchema = z.union([z.string(), z.array(chatMessageSchema).min(1)]);

export const promptTypeSchema = z.enum(["text", "chat"]);

const jsonObject = z.record(z.string(), z.unknown());

export const createPromptVersionSchema = z.object({
  name: promptNameSchema,
  template: templateSchema,
  /** Defaults to "chat" for a message array, else "text". */
  promptType: promptTypeSchema.optional(),
  commitMessage: z.string().max(5000).optional(),
  /** Version-level tags (user tags; reserved keys are rejected). */
  tags: z.record(z.string(), z.string()).optional(),
  responseFormat: jsonObject.optional(),
  modelConfig: jsonObject.optional(),
  userId: z.string().optional(),
});
export type CreatePromptVersionInput = z.input<typeof createPromptVersionSchema>;

export const createPromptSchema = createPromptVersionSchema.omit({ tags: true }).extend({
  /** Prompt-level description (MLflow 3.0 clients put the first commit message here). */
  description: z.string().max(5000).optional(),
  /** Prompt-level tags. */
  tags: z.record(z.string(), z.string()).optional(),
  /** Tags of the first version. */
  versionTags: z.record(z.string(), z.string()).optional(),
});
export type CreatePromptInput = z.input<typeof createPromptSchema>;

export interface ListPromptsInput {
  /** Case-insensitive substring of the name. */
  query?: string;
  /** Only prompts with this tag (and value, when given). */
  tag?: { key: string; value?: string };
  pageToken?: string;
  maxResults?: number;
  /** Default "updated" (most recently updated first). */
  orderBy?: "updated" | "name" | "created";
}
