// Prompt templates as MLflow's PromptVersion treats them (docs/mlflow-compatibility.md#prompt-templates; mlflow/entities/
// model_registry/prompt_version.py, mlflow/genai/prompts/utils.py): `{{ name }}` variables with
// optional inner whitespace and dotted names, rendering with a clear error for missing values,
// and the single-brace conversion LangChain-style consumers want. Text templates are strings;
// chat templates are lists of {role, content} messages (stored as their JSON text). Pure: no
// database and no "server-only", so the UI preview and the server share it.
import { invalidParam } from "@/lib/errors";

export type PromptType = "text" | "chat";

export interface ChatMessage {
  role: string;
  content: string;
}

export type Template = string | ChatMessage[];

/** MLflow's PROMPT_TEMPLATE_VARIABLE_PATTERN (identifier segments joined by dots). */
export const VARIABLE_PATTERN_SOURCE = String.raw`\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)*)\s*\}\}`;

/** MLflow's PROMPT_NAME_RULE: letters, digits, `_`, `.`, `-`. */
export const PROMPT_NAME_RULE = /^[a-zA-Z0-9_.-]+$/;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const variableRef = (name: string) => new RegExp(String.raw`\{\{\s*` + escapeRegExp(name) + String.raw`\s*\}\}`, "g");

// Reserved tag keys of the OSS prompt registry (docs/mlflow-compatibility.md#prompts; mlflow/prompt/constants.py).
export const IS_PROMPT_TAG_KEY = "mlflow.prompt.is_prompt";
export const PROMPT_TEXT_TAG_KEY = "mlflow.prompt.text";
export const PROMPT_TYPE_TAG_KEY = "_mlflow_prompt_type";
export const RESPONSE_FORMAT_TAG_KEY = "_mlflow_prompt_response_format";
export const PROMPT_MODEL_CONFIG_TAG_KEY = "_mlflow_prompt_model_config";
export const PROMPT_ASSOCIATED_RUN_IDS_TAG_KEY = "mlflow.prompt.associatedRunIds";
export const PROMPT_EXPERIMENT_IDS_TAG_KEY = "_mlflow_experiment_ids";
/** Tag keys a UI hides from "user tags" (docs/mlflow-compatibility.md#prompts). */
export const RESERVED_PROMPT_TAG_KEYS: readonly string[] = [
  IS_PROMPT_TAG_KEY,
  PROMPT_TEXT_TAG_KEY,
  PROMPT_ASSOCIATED_RUN_IDS_TAG_KEY,
  PROMPT_TYPE_TAG_KEY,
  RESPONSE_FORMAT_TAG_KEY,
  PROMPT_MODEL_CONFIG_TAG_KEY,
  PROMPT_EXPERIMENT_IDS_TAG_KEY,
];
export const isReservedPromptTag = (key: string) => RESERVED_PROMPT_TAG_KEYS.includes(key);

/**
 * JSON text formatted like Python's `json.dumps` defaults (", " and ": " separators, non-ASCII
 * escaped), so values Runboard writes look like the ones the MLflow client writes.
 */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return "[" + value.map(pythonJsonDumps).join(", ") + "]";
  if (value !== null && typeof value === "object") {
    return "{" + Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`).join(", ") + "}";
  }
  if (typeof value === "string") {
    return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  }
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  return JSON.stringify(value ?? null);
}

/** A chat template serialised the way the MLflow client stores it (tag text is `json.dumps`). */
export function serializeChatTemplate(messages: ChatMessage[]): string {
  return pythonJsonDumps(messages.map((m) => ({ role: m.role, content: m.content })));
}

/** Parses stored chat-template text; null when it is not a JSON list of {role, content} strings. */
export function parseChatTemplate(text: string): ChatMessage[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const out: ChatMessage[] = [];
  for (const m of parsed) {
    if (typeof m !== "object" || m === null) return null;
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof role !== "string" || typeof content !== "string") return null;
    out.push({ role, content });
  }
  return out;
}

const textOf = (template: Template) => (typeof template === "string" ? template : serializeChatTemplate(template));

/**
 * Variable names in the template, unique, in order of first appearance. For chat templates the
 * pattern runs over the serialised message list, as MLflow does.
 */
export function extractVariables(template: Template): string[] {
  const seen = new Set<string>();
  for (const m of textOf(template).matchAll(new RegExp(VARIABLE_PATTERN_SOURCE, "g"))) seen.add(m[1]);
  return [...seen];
}

export type TemplateValues = Record<string, unknown>;

function formatText(text: string, values: TemplateValues): string {
  let out = text;
  for (const [key, value] of Object.entries(values)) {
    const replacement = String(value);
    out = out.replace(variableRef(key), () => replacement);
  }
  return out;
}

/**
 * Fills `{{ name }}` with `values[name]` (values are stringified). Every variable needs a value
 * unless `allowPartial`, in which case unfilled ones stay as written. Chat templates render each
 * message's content and keep roles. Extra values are ignored, as in MLflow.
 */
export function renderTemplate(template: string, values: TemplateValues, opts?: { allowPartial?: boolean }): string;
export function renderTemplate(template: ChatMessage[], values: TemplateValues, opts?: { allowPartial?: boolean }): ChatMessage[];
export function renderTemplate(template: Template, values: TemplateValues, opts?: { allowPartial?: boolean }): Template;
export function renderTemplate(template: Template, values: TemplateValues, opts: { allowPartial?: boolean } = {}): Template {
  const missing = extractVariables(template).filter((v) => !Object.prototype.hasOwnProperty.call(values, v));
  if (missing.length && !opts.allowPartial) {
    throw invalidParam(
      `Missing value${missing.length > 1 ? "s" : ""} for template variable${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. ` +
        "Provide a value for each, or render partially (allowPartial).",
    );
  }
  if (typeof template === "string") return formatText(template, values);
  return template.map((m) => ({ role: m.role, content: formatText(m.content, values) }));
}

/**
 * `{{ var }}` → `{var}` for every variable (LangChain and str.format style). Chat templates are
 * converted on their serialised form and parsed back, as MLflow does.
 */
export function toSingleBraceFormat(template: string): string;
export function toSingleBraceFormat(template: ChatMessage[]): ChatMessage[];
export function toSingleBraceFormat(template: Template): Template;
export function toSingleBraceFormat(template: Template): Template {
  let text = textOf(template);
  for (const v of extractVariables(template)) text = text.replace(variableRef(v), () => `{${v}}`);
  return typeof template === "string" ? text : (JSON.parse(text) as ChatMessage[]);
}

/** The stored template text as a Template value: chat text parsed to messages when it can be. */
export function templateFromStored(text: string, promptType: string): Template {
  if (promptType === "chat") return parseChatTemplate(text) ?? text;
  return text;
}
