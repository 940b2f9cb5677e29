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

/** "Who uses this prompt": rows of the usage read model (lib/domain/prompts/usage-view.ts). */
export type { UsageModelRow, UsageModelVersionRow, UsageRunRow } from "@/lib/schemas/ui-prompt-usage";
