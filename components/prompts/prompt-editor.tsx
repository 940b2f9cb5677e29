"use client";
// The prompt editor: create a prompt (text or chat) or a new version of one. For a new version it
// is prefilled with the base version and shows a LIVE diff against it (template, variables,
// model config) before saving. Submits through a server action; errors appear next to the field.
import { useActionState, useId, useMemo, useState } from "react";
import Link from "next/link";
import { ArrowDown, ArrowUp, MessageSquarePlus, Trash2 } from "lucide-react";
import { Button, buttonClass } from "@/components/ui/button";
import { FieldError, Input, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { TextDiff, type DiffMode } from "@/components/diff/text-diff";
import { ChatDiff, RoleLabel, roleTone } from "@/components/diff/chat-diff";
import { VariableText } from "@/components/diff/variable-text";
import { VariableChanges } from "@/components/diff/variable-changes";
import { DiffModeToggle } from "@/components/diff/diff-mode-toggle";
import { diffVariables, extractTemplateVariables, stableJson, type ChatMessage } from "@/lib/text-diff";
import type { PromptType, PromptVersionDetail } from "@/components/prompts/types";
import type { ActionResult } from "@/lib/actions/result";

type Action = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

const ROLES = ["system", "user", "assistant"];
const MAX_TEMPLATE = 100_000;

function jsonText(v: unknown): string {
  return v === null || v === undefined ? "" : stableJson(v);
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: null };
  try {
    const v = JSON.parse(text);
    if (typeof v !== "object" || v === null || Array.isArray(v)) return { ok: false, error: "Must be a JSON object" };
    return { ok: true, value: v };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

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

  const setMsg = (i: number, patch: Partial<ChatMessage>) => setMessages((ms) => ms.map((m, k) => (k === i ? { ...m, ...patch } : m)));
  const move = (i: number, d: -1 | 1) =>
    setMessages((ms) => {
      const j = i + d;
      if (j < 0 || j >= ms.length) return ms;
      const c = [...ms];
      [c[i], c[j]] = [c[j], c[i]];
      return c;
    });

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
            <div className="space-y-2" aria-labelledby={ids.template} role="group">
              {messages.map((m, i) => (
                <div key={i} className="rounded-md border border-zinc-300 dark:border-zinc-700" data-testid="message-editor">
                  <div className="flex items-center gap-2 border-b border-zinc-200 px-2 py-1 dark:border-zinc-800">
                    <select
                      aria-label={`Role of message ${i + 1}`}
                      value={ROLES.includes(m.role) ? m.role : "other"}
                      onChange={(e) => setMsg(i, { role: e.target.value === "other" ? "tool" : e.target.value })}
                      className={cn(
                        "rounded border-0 py-0.5 pr-6 pl-1.5 font-mono text-[11px] font-semibold tracking-wide uppercase focus:ring-1 focus:ring-indigo-500",
                        roleTone(m.role),
                      )}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                      <option value="other">other…</option>
                    </select>
                    {!ROLES.includes(m.role) && (
                      <input aria-label={`Custom role of message ${i + 1}`} value={m.role} onChange={(e) => setMsg(i, { role: e.target.value })} className="w-24 rounded border border-zinc-300 bg-transparent px-1 text-xs dark:border-zinc-700" />
                    )}
                    <div className="ml-auto flex items-center">
                      <button type="button" aria-label={`Move message ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)} className="rounded p-1 text-zinc-500 hover:bg-zinc-100 disabled:opacity-30 dark:hover:bg-zinc-800">
                        <ArrowUp className="h-3.5 w-3.5" />
                      </button>
                      <button type="button" aria-label={`Move message ${i + 1} down`} disabled={i === messages.length - 1} onClick={() => move(i, 1)} className="rounded p-1 text-zinc-500 hover:bg-zinc-100 disabled:opacity-30 dark:hover:bg-zinc-800">
                        <ArrowDown className="h-3.5 w-3.5" />
                      </button>
                      <button type="button" aria-label={`Remove message ${i + 1}`} disabled={messages.length === 1} onClick={() => setMessages((ms) => ms.filter((_, k) => k !== i))} className="rounded p-1 text-zinc-500 hover:bg-red-50 hover:text-red-600 disabled:opacity-30 dark:hover:bg-red-950">
                        <Trash2 className="h-3.5 w-3.5" />
                      </button>
                    </div>
                  </div>
                  <textarea
                    aria-label={`Content of message ${i + 1}`}
                    value={m.content}
                    onChange={(e) => setMsg(i, { content: e.target.value })}
                    rows={Math.min(14, Math.max(3, m.content.split("\n").length + 1))}
                    spellCheck={false}
                    className="block w-full resize-y rounded-b-md border-0 bg-transparent px-3 py-2 font-mono text-[13px] leading-6 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none"
                  />
                </div>
              ))}
              <Button size="sm" onClick={() => setMessages((ms) => [...ms, { role: ms[ms.length - 1]?.role === "user" ? "assistant" : "user", content: "" }])}>
                <MessageSquarePlus className="h-3.5 w-3.5" /> Add message
              </Button>
            </div>
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

        <details className="group rounded-md border border-zinc-200 dark:border-zinc-800" open={!!(modelConfig || responseFormat || fe.modelConfig || fe.responseFormat)}>
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium select-none">Model config & response format</summary>
          <div className="space-y-4 border-t border-zinc-200 p-3 dark:border-zinc-800">
            <div>
              <label htmlFor={ids.mc} className="mb-1 block text-xs font-medium">
                Model config (JSON object)
              </label>
              <textarea
                id={ids.mc}
                name="modelConfig"
                value={modelConfig}
                onChange={(e) => setModelConfig(e.target.value)}
                rows={Math.min(12, Math.max(4, modelConfig.split("\n").length + 1))}
                spellCheck={false}
                placeholder={'{ "model_name": "gpt-4o-mini", "temperature": 0.2 }'}
                className={cn(inputClass, "h-auto py-2 font-mono text-xs")}
              />
              <FieldError>{fe.modelConfig?.join(" ") ?? (!mc.ok ? mc.error : undefined)}</FieldError>
            </div>
            <div>
              <label htmlFor={ids.rf} className="mb-1 block text-xs font-medium">
                Response format (JSON schema)
              </label>
              <textarea
                id={ids.rf}
                name="responseFormat"
                value={responseFormat}
                onChange={(e) => setResponseFormat(e.target.value)}
                rows={Math.min(12, Math.max(4, responseFormat.split("\n").length + 1))}
                spellCheck={false}
                placeholder={'{ "type": "object", "properties": { "summary": { "type": "string" } } }'}
                className={cn(inputClass, "h-auto py-2 font-mono text-xs")}
              />
              <FieldError>{fe.responseFormat?.join(" ") ?? (!rf.ok ? rf.error : undefined)}</FieldError>
            </div>
          </div>
        </details>

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

function NewPromptPreview({ type, text, messages }: { type: PromptType; text: string; messages: ChatMessage[] }) {
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

function NewPromptHelp({ name, type, variables }: { name: string; type: PromptType; variables: string[] }) {
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
