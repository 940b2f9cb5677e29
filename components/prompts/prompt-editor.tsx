"use client";
// The prompt editor: create a prompt (text or chat) or a new version of one. For a new version it
// is prefilled with the base version and shows a LIVE diff against it (template, variables,
// model config) before saving. Submits through a server action; errors appear next to the field.
// The parts: chat-messages-editor.tsx, prompt-json-fields.tsx, prompt-live-diff.tsx,
// new-prompt-preview.tsx.
import { useActionState, useId, useMemo, useState } from "react";
import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";
import { FieldError, Input, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { DiffMode } from "@/components/diff/text-diff";
import { VariableChanges } from "@/components/diff/variable-changes";
import { ChatMessagesEditor } from "@/components/prompts/chat-messages-editor";
import { NewPromptHelp, NewPromptPreview } from "@/components/prompts/new-prompt-preview";
import { jsonText, tryJson } from "@/components/prompts/prompt-editor-json";
import { PromptJsonFields } from "@/components/prompts/prompt-json-fields";
import { PromptLiveDiff } from "@/components/prompts/prompt-live-diff";
import { diffVariables, extractTemplateVariables, type ChatMessage } from "@/lib/text-diff";
import type { PromptType, PromptVersionDetail } from "@/components/prompts/types";
import type { ActionResult } from "@/lib/actions/result";

type Action = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

const MAX_TEMPLATE = 100_000;

export function PromptEditor({
  action,
  promptName,
  base,
  cancelHref,
}: {
  action: Action;
  /** Set for a new version of an existing prompt. */
  promptName?: string;
  /** The version the new one starts from (prefill + diff base). */
  base?: PromptVersionDetail;
  cancelHref: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const isNew = !promptName;
  const [name, setName] = useState("");
  const [type, setType] = useState<PromptType>(base?.promptType ?? "text");
  const [text, setText] = useState(base && base.promptType === "text" ? base.template : "");
  const [messages, setMessages] = useState<ChatMessage[]>(
    base?.messages?.length ? base.messages : [
      { role: "system", content: "" },
      { role: "user", content: "" },
    ],
  );
  const [commit, setCommit] = useState("");
  const [modelConfig, setModelConfig] = useState(jsonText(base?.modelConfig));
  const [responseFormat, setResponseFormat] = useState(jsonText(base?.responseFormat));
  const [tags, setTags] = useState("");
  const [mode, setMode] = useState<DiffMode>("split");
  const ids = { name: useId(), commit: useId(), template: useId(), mc: useId(), rf: useId(), tags: useId() };

  const template = type === "text" ? text : JSON.stringify(messages);
  const variables = useMemo(
    () => (type === "text" ? extractTemplateVariables(text) : extractTemplateVariables(messages.map((m) => m.content).join("\n"))),
    [type, text, messages],
  );
  const baseVars = base?.variables ?? [];
  const varDiff = diffVariables(baseVars, variables);
  const mc = tryJson(modelConfig);
  const rf = tryJson(responseFormat);
  const fe = state.fieldErrors ?? {};
  const sameType = base && base.promptType === type;
  const unchanged = base && sameType && template === (base.promptType === "chat" ? JSON.stringify(base.messages) : base.template) && mc.ok && jsonText(mc.value) === jsonText(base.modelConfig) && rf.ok && jsonText(rf.value) === jsonText(base.responseFormat);

  const switchType = (t: PromptType) => {
    if (t === type) return;
    // Carry the content across: text → one user message; chat → messages joined.
    if (t === "chat" && text.trim() && messages.every((m) => !m.content.trim())) setMessages([{ role: "user", content: text }]);
    if (t === "text" && !text.trim()) setText(messages.map((m) => m.content).filter(Boolean).join("\n\n"));
    setType(t);
  };

  return (
    <form action={formAction} className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]" aria-label={isNew ? "Create prompt" : "New version"}>
      <input type="hidden" name="promptType" value={type} />
      <input type="hidden" name="template" value={template} />
      {promptName && <input type="hidden" name="name" value={promptName} />}
      {base && <input type="hidden" name="baseVersion" value={base.version} />}

      <div className="space-y-5">
        {isNew && (
          <div>
            <label htmlFor={ids.name} className="mb-1 block text-sm font-medium">
              Name
            </label>
            <Input
              id={ids.name}
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. summarization-prompt"
              autoComplete="off"
              aria-invalid={!!fe.name}
              aria-describedby={fe.name ? ids.name + "-err" : undefined}
              className="font-mono"
            />
            <FieldError id={ids.name + "-err"}>{fe.name?.join(" ")}</FieldError>
            {!fe.name && <p className="mt-1 text-xs text-zinc-500">Letters, digits, “-”, “_” and “.”. Load it with <code className="font-mono">prompts:/{name || "name"}/1</code>.</p>}
          </div>
        )}

        <div>
          <div className="mb-1 flex items-center justify-between">
            <span id={ids.template} className="text-sm font-medium">
              Template
            </span>
            <div role="radiogroup" aria-label="Prompt type" className="inline-flex rounded-md border border-zinc-300 p-0.5 text-xs dark:border-zinc-700">
              {(["text", "chat"] as const).map((t) => (
                <button
                  key={t}
                  type="button"
                  role="radio"
                  aria-checked={type === t}
                  onClick={() => switchType(t)}
                  className={cn("rounded px-2.5 py-1 font-medium", type === t ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400")}
                >
                  {t === "text" ? "Text" : "Chat"}
                </button>
              ))}
            </div>
          </div>
          {type === "text" ? (
            <textarea
              aria-labelledby={ids.template}
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={Math.min(24, Math.max(8, text.split("\n").length + 2))}
              maxLength={MAX_TEMPLATE}
              spellCheck={false}
              placeholder={"Summarize the following text in {{ num_sentences }} sentences:\n\n{{ text }}"}
              aria-invalid={!!fe.template}
              className={cn(inputClass, "h-auto py-2 font-mono text-[13px] leading-6")}
            />
          ) : (
            <ChatMessagesEditor labelledBy={ids.template} messages={messages} setMessages={setMessages} />
          )}
          <FieldError>{fe.template?.join(" ")}</FieldError>
          <div className="mt-2">
            {variables.length ? (
              <VariableChanges added={base ? varDiff.added : variables} removed={base ? varDiff.removed : []} kept={base ? varDiff.kept : []} />
            ) : (
              <p className="text-xs text-zinc-500">
                No variables yet. Write <code className="font-mono">{"{{ name }}"}</code> to add one.
              </p>
            )}
          </div>
        </div>

        <div>
          <label htmlFor={ids.commit} className="mb-1 block text-sm font-medium">
            Commit message <span className="font-normal text-zinc-500">(optional)</span>
          </label>
          <Input id={ids.commit} name="commitMessage" value={commit} onChange={(e) => setCommit(e.target.value)} placeholder={isNew ? "Initial version" : "What changed and why"} aria-invalid={!!fe.commitMessage} />
          <FieldError>{fe.commitMessage?.join(" ")}</FieldError>
        </div>

        <PromptJsonFields ids={ids} modelConfig={modelConfig} setModelConfig={setModelConfig} responseFormat={responseFormat} setResponseFormat={setResponseFormat} mc={mc} rf={rf} fe={fe} />

        {isNew && (
          <div>
            <label htmlFor={ids.tags} className="mb-1 block text-sm font-medium">
              Tags <span className="font-normal text-zinc-500">(optional, one key=value per line)</span>
            </label>
            <textarea id={ids.tags} name="tags" value={tags} onChange={(e) => setTags(e.target.value)} rows={2} placeholder={"team=search\ntask=summarization"} className={cn(inputClass, "h-auto py-2 font-mono text-xs")} />
            <FieldError>{fe.tags?.join(" ")}</FieldError>
          </div>
        )}

        {state.message && !state.ok && !Object.values(fe).some((m) => m?.length) && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300">
            {state.message}
          </p>
        )}
        <div className="flex items-center gap-2">
          <Button type="submit" variant="primary" disabled={pending || !mc.ok || !rf.ok || (!!base && !!unchanged)}>
            {pending ? "Saving…" : isNew ? "Create prompt" : "Save new version"}
          </Button>
          <Link href={cancelHref} className={buttonClass({ variant: "ghost" })}>
            Cancel
          </Link>
          {base && unchanged && <span className="text-xs text-zinc-500">Edit the template to create a new version.</span>}
        </div>
      </div>

      <div className="min-w-0 space-y-3 xl:sticky xl:top-16 xl:max-h-[calc(100vh-5rem)] xl:self-start xl:overflow-y-auto">
        {base ? (
          <PromptLiveDiff base={base} type={type} text={text} messages={messages} mc={mc} rf={rf} mode={mode} setMode={setMode} />
        ) : (
          <>
            <NewPromptPreview type={type} text={text} messages={messages} />
            <NewPromptHelp name={name} type={type} variables={variables} />
          </>
        )}
      </div>
    </form>
  );
}
