// Prompt-registry inputs for the UI (forms, server actions) and the prompt domain
// (lib/domain/prompts/*). A prompt is a registered model flagged is_prompt; these shapes hide
// that: no reserved tags, templates as text or chat messages.
import { z } from "zod";
import "@/lib/schemas/zod-config";
import { parseChatTemplate, PROMPT_NAME_RULE } from "@/lib/domain/prompts/template";
import { modelRef, versionField } from "@/lib/schemas/registry";
import { deleteTagSchema, setTagSchema, tagKeyField } from "@/lib/schemas/tag";

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

// ───────────────────────────── UI server actions ─────────────────────────────

const promptRef = modelRef;

/** A form's optional JSON-object field ("" = absent). */
const jsonObjectText = z
  .string()
  .default("")
  .transform((raw, ctx): Record<string, unknown> | undefined => {
    const t = raw.trim();
    if (!t) return undefined;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: `Invalid JSON: ${(e as Error).message}` });
      return z.NEVER;
    }
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    ctx.addIssue({ code: "custom", message: "Must be a JSON object." });
    return z.NEVER;
  });

/** `key=value` lines ("" = none). */
const tagLines = z
  .string()
  .default("")
  .transform((raw, ctx): Record<string, string> | undefined => {
    const tags: Record<string, string> = {};
    for (const [i, line] of raw.split("\n").entries()) {
      const l = line.trim();
      if (!l) continue;
      const eq = l.indexOf("=");
      const key = (eq < 0 ? l : l.slice(0, eq)).trim();
      if (!key) {
        ctx.addIssue({ code: "custom", message: `Line ${i + 1}: expected key=value.` });
        return z.NEVER;
      }
      tags[key] = eq < 0 ? "" : l.slice(eq + 1).trim();
    }
    return Object.keys(tags).length ? tags : undefined;
  });

/** The prompt editor's fields; chat templates arrive as the JSON list of messages. */
const editorFields = {
  promptType: z.string().default("text").transform((t) => (t === "chat" ? ("chat" as const) : ("text" as const))),
  template: z.string().max(200_000).default(""),
  commitMessage: z
    .string()
    .max(5000)
    .default("")
    .transform((v) => v.trim() || undefined),
  modelConfig: jsonObjectText,
  responseFormat: jsonObjectText,
};

type EditorTemplate = { template: string | { role: string; content: string }[] };

/** Checks the template for its type and turns a chat template into its messages. */
function withTemplate<T extends { promptType: "text" | "chat"; template: string }>(v: T, ctx: z.RefinementCtx): Omit<T, "template"> & EditorTemplate {
  const issue = (message: string) => ctx.addIssue({ code: "custom", path: ["template"], message });
  if (v.promptType === "text") {
    if (!v.template.trim()) issue("The template is empty.");
    return v;
  }
  const messages = parseChatTemplate(v.template) ?? [];
  if (messages.length === 0) issue("A chat prompt needs at least one message.");
  else if (messages.some((m) => !m.role.trim())) issue("Every message needs a role.");
  else if (messages.every((m) => !m.content.trim())) issue("The messages are empty.");
  return { ...v, template: messages };
}

/** The "new prompt" form: a name, version 1 and the prompt's tags. */
export const promptEditorCreateSchema = z
  .object({ name: z.string().trim().min(1, "Give the prompt a name.").max(256), tags: tagLines, ...editorFields })
  .transform(withTemplate);

/** The "new version" form of an existing prompt. */
export const promptEditorVersionSchema = z.object({ ...promptRef, ...editorFields }).transform(withTemplate);

/**
 * The domain refuses the exact reserved keys; the UI also keeps users out of the registry's whole
 * namespaces (`mlflow.prompt.*`, `_mlflow_*`), which it hides from tag lists.
 */
const userTagKey = tagKeyField.refine((k) => !k.startsWith("mlflow.prompt.") && !k.startsWith("_mlflow_"), {
  error: (issue) => `Tag key '${String(issue.input)}' is reserved for the prompt registry.`,
});

export const setPromptTagSchema = setTagSchema(promptRef).extend({ key: userTagKey });
export const deletePromptTagSchema = deleteTagSchema(promptRef);
export const setPromptVersionTagSchema = setTagSchema({ ...promptRef, version: versionField }).extend({ key: userTagKey });
export const deletePromptVersionTagSchema = deleteTagSchema({ ...promptRef, version: versionField });

export const updatePromptDescriptionSchema = z.object({
  ...promptRef,
  description: z
    .string()
    .max(5000)
    .default("")
    .transform((v) => v.trim() || null),
});

export const deletePromptVersionSchema = z.object({ ...promptRef, version: versionField });

/** Deleting a prompt asks for its name typed again. */
export const deletePromptSchema = z
  .object({ ...promptRef, confirm: z.string().default("") })
  .refine((v) => v.confirm.trim() === v.name, { path: ["confirm"], message: "Type the prompt name exactly to confirm." });
