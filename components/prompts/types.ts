// Plain, serialisable view models the prompt pages pass from server components to client ones.
import type { ChatMessage } from "@/lib/text-diff";

export type PromptType = "text" | "chat";

export interface PromptVersionSummary {
  version: number;
  commitMessage: string | null;
  author: string | null;
  createdAt: number;
  promptType: PromptType;
  /** Stored aliases (never the computed `latest`). */
  aliases: string[];
}

export interface PromptVersionDetail extends PromptVersionSummary {
  /** Stored template text (chat: JSON list of messages). */
  template: string;
  /** Parsed chat messages (chat prompts), else null. */
  messages: ChatMessage[] | null;
  variables: string[];
  responseFormat: unknown;
  modelConfig: unknown;
  tags: { key: string; value: string }[];
}

/** "Who uses this prompt": one row per run / model, with the prompt versions it links to. */
export interface UsageRunRow {
  runId: string;
  runName: string;
  experimentId: string;
  experimentName: string;
  status: string;
  startTime: number;
  userId: string;
  versions: number[];
  metrics: Record<string, number>;
  /** Logged models the run produced. */
  models: { modelId: string; name: string }[];
}
export interface UsageModelRow {
  modelId: string;
  name: string;
  experimentId: string;
  experimentName: string;
  status: string;
  sourceRunId: string | null;
  createdAt: number;
  versions: number[];
  /** Set when the model is not linked itself but was produced by a linked run (log_model(prompts=…) links the run). */
  viaRun?: { runId: string; runName: string };
}
export interface UsageModelVersionRow {
  name: string;
  version: number;
  stage: string;
  modelId: string | null;
  createdAt: number;
  versions: number[];
}
