"use client";
// The right-hand side of the prompt editor for a new version: a live diff against the base
// version (template, model config, response format).
import { TextDiff, type DiffMode } from "@/components/diff/text-diff";
import { ChatDiff } from "@/components/diff/chat-diff";
import { DiffModeToggle } from "@/components/diff/diff-mode-toggle";
import { jsonText, type tryJson } from "@/components/prompts/prompt-editor-json";
import type { ChatMessage } from "@/lib/text-diff";
import type { PromptType, PromptVersionDetail } from "@/components/prompts/types";

export function PromptLiveDiff({
  base,
  type,
  text,
  messages,
  mc,
  rf,
  mode,
  setMode,
}: {
  base: PromptVersionDetail;
  type: PromptType;
  text: string;
  messages: ChatMessage[];
  mc: ReturnType<typeof tryJson>;
  rf: ReturnType<typeof tryJson>;
  mode: DiffMode;
  setMode: (mode: DiffMode) => void;
}) {
  const sameType = base.promptType === type;
  return (
          <>
            <div className="flex items-center justify-between gap-2">
              <h2 className="text-sm font-semibold">
                Changes against version {base.version}
              </h2>
              <DiffModeToggle mode={mode} onChange={setMode} />
            </div>
            {!sameType ? (
              <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-800 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-300">
                Prompt type changes from {base.promptType} to {type}.
              </p>
            ) : null}
            <div data-testid="live-diff">
              {type === "chat" && base.promptType === "chat" && base.messages ? (
                <ChatDiff before={base.messages} after={messages} mode={mode} />
              ) : (
                <TextDiff
                  before={base.promptType === "chat" ? (base.messages ?? []).map((m) => `[${m.role}] ${m.content}`).join("\n") : base.template}
                  after={type === "chat" ? messages.map((m) => `[${m.role}] ${m.content}`).join("\n") : text}
                  mode={mode}
                  beforeLabel={`Version ${base.version}`}
                  afterLabel="New version"
                  context={-1}
                  emptyMessage="Template unchanged"
                />
              )}
            </div>
            {mc.ok && jsonText(mc.value) !== jsonText(base.modelConfig) && (
              <div>
                <h3 className="mb-1 text-xs font-medium text-zinc-500">Model config</h3>
                <TextDiff before={jsonText(base.modelConfig)} after={jsonText(mc.value)} mode={mode} context={-1} />
              </div>
            )}
            {rf.ok && jsonText(rf.value) !== jsonText(base.responseFormat) && (
              <div>
                <h3 className="mb-1 text-xs font-medium text-zinc-500">Response format</h3>
                <TextDiff before={jsonText(base.responseFormat)} after={jsonText(rf.value)} mode={mode} context={-1} />
              </div>
            )}
          </>
  );
}
