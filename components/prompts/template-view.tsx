"use client";
// A prompt version's template: text, or chat messages by role, with {{variables}} highlighted.
// "Preview" fills the variables with values typed here (nothing is saved) to read the prompt as
// the model will see it.
import { useId, useMemo, useState } from "react";
import { Eye, FileCode2 } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/input";
import { VariableText } from "@/components/diff/variable-text";
import { RoleLabel } from "@/components/diff/chat-diff";
import type { ChatMessage } from "@/lib/text-diff";

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function fill(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [k, v] of Object.entries(values)) {
    if (v === "") continue;
    out = out.replace(new RegExp(String.raw`\{\{\s*` + escapeRe(k) + String.raw`\s*\}\}`, "g"), () => v);
  }
  return out;
}

export function TemplateView({ template, messages, variables }: { template: string; messages: ChatMessage[] | null; variables: string[] }) {
  const [tab, setTab] = useState<"template" | "preview">("template");
  const [values, setValues] = useState<Record<string, string>>({});
  const id = useId();
  const shownMessages = useMemo(() => (messages ? messages.map((m) => ({ ...m, content: tab === "preview" ? fill(m.content, values) : m.content })) : null), [messages, tab, values]);
  const shownText = tab === "preview" ? fill(template, values) : template;
  const copyText = messages ? JSON.stringify(shownMessages, null, 2) : shownText;

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <div role="tablist" aria-label="Template view" className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
          {(
            [
              ["template", "Template", FileCode2],
              ["preview", "Preview", Eye],
            ] as const
          ).map(([t, label, Icon]) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              onClick={() => setTab(t)}
              className={cn(
                "inline-flex items-center gap-1.5 rounded px-2.5 py-1 text-xs font-medium",
                tab === t ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400",
              )}
            >
              <Icon className="h-3.5 w-3.5" />
              {label}
            </button>
          ))}
        </div>
        <CopyButton value={copyText} label={tab === "preview" ? "Copy rendered prompt" : "Copy template"} />
      </div>

      {tab === "preview" && variables.length > 0 && (
        <div className="grid gap-2 rounded-md border border-dashed border-zinc-300 p-3 sm:grid-cols-2 dark:border-zinc-700">
          {variables.map((v) => (
            <label key={v} htmlFor={`${id}-${v}`} className="block text-xs">
              <span className="mb-1 block font-mono text-indigo-700 dark:text-indigo-300">{`{{ ${v} }}`}</span>
              <input
                id={`${id}-${v}`}
                value={values[v] ?? ""}
                onChange={(e) => setValues((s) => ({ ...s, [v]: e.target.value }))}
                placeholder={`Value for ${v}`}
                className={cn(inputClass, "h-8 text-xs")}
              />
            </label>
          ))}
        </div>
      )}

      {shownMessages ? (
        <ol className="space-y-2" aria-label="Messages">
          {shownMessages.map((m, i) => (
            <li key={i} className="rounded-md border border-zinc-200 dark:border-zinc-800" data-role={m.role}>
              <div className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-50/70 px-3 py-1.5 dark:border-zinc-800 dark:bg-zinc-900/60">
                <RoleLabel role={m.role} />
                <span className="font-mono text-[11px] text-zinc-400">#{i + 1}</span>
              </div>
              <pre className="px-3 py-2 font-mono text-[13px] leading-6 break-words whitespace-pre-wrap">
                <VariableText text={m.content} />
              </pre>
            </li>
          ))}
        </ol>
      ) : (
        <pre data-testid="template-text" className="max-h-[36rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-50/60 px-4 py-3 font-mono text-[13px] leading-6 break-words whitespace-pre-wrap dark:border-zinc-800 dark:bg-zinc-900/50">
          {shownText ? <VariableText text={shownText} /> : <span className="text-zinc-400">(empty template)</span>}
        </pre>
      )}
    </div>
  );
}
