"use client";
// The right-hand side of the prompt editor for a new prompt: a live preview with variables
// highlighted, and how to load the prompt from code.
import { RoleLabel } from "@/components/diff/chat-diff";
import { VariableText } from "@/components/diff/variable-text";
import type { ChatMessage } from "@/lib/text-diff";
import type { PromptType } from "@/components/prompts/types";

export function NewPromptPreview({ type, text, messages }: { type: PromptType; text: string; messages: ChatMessage[] }) {
  const empty = type === "text" ? !text.trim() : messages.every((m) => !m.content.trim());
  return (
    <div className="rounded-lg border border-zinc-200 dark:border-zinc-800" data-testid="prompt-preview">
      <h2 className="border-b border-zinc-200 px-4 py-2 text-sm font-semibold dark:border-zinc-800">Preview</h2>
      {empty ? (
        <p className="px-4 py-6 text-center text-sm text-zinc-500">Start writing; variables are highlighted here.</p>
      ) : type === "text" ? (
        <pre className="max-h-96 overflow-auto px-4 py-3 font-mono text-[13px] leading-6 break-words whitespace-pre-wrap">
          <VariableText text={text} />
        </pre>
      ) : (
        <ol className="space-y-2 p-3">
          {messages.map((m, i) => (
            <li key={i} className="rounded-md border border-zinc-200 dark:border-zinc-800">
              <div className="border-b border-zinc-200 px-3 py-1 dark:border-zinc-800">
                <RoleLabel role={m.role} />
              </div>
              <pre className="px-3 py-2 font-mono text-[13px] leading-6 break-words whitespace-pre-wrap">
                <VariableText text={m.content} />
              </pre>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function NewPromptHelp({ name, type, variables }: { name: string; type: PromptType; variables: string[] }) {
  const n = name || "my-prompt";
  return (
    <div className="space-y-4 rounded-lg border border-zinc-200 bg-zinc-50 p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900/50">
      <h2 className="font-semibold">Use it from code</h2>
      <pre className="overflow-x-auto rounded-md bg-zinc-900 p-3 font-mono text-xs leading-5 text-zinc-100 dark:bg-black">
        {`import mlflow

prompt = mlflow.genai.load_prompt("prompts:/${n}/1")
${type === "text" ? `text = prompt.format(${variables.map((v) => `${v.replace(/\./g, "_")}="..."`).join(", ")})` : `messages = prompt.format(${variables.map((v) => `${v.replace(/\./g, "_")}="..."`).join(", ")})`}`}
      </pre>
      <ul className="list-disc space-y-1 pl-5 text-xs text-zinc-600 dark:text-zinc-400">
        <li>
          Variables are written <code className="font-mono">{"{{ name }}"}</code>; they are detected as you type.
        </li>
        <li>Chat prompts are a list of messages (system, user, assistant), stored as JSON.</li>
        <li>Every save creates a new immutable version; aliases such as @production point at one.</li>
      </ul>
    </div>
  );
}
