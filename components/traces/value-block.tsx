"use client";
// One span value (inputs, outputs, an attribute) as the trace page shows it: chat messages as
// role + content cards, anything else as pretty JSON; long values collapsed behind "Show more".
import { useState } from "react";
import { RoleLabel } from "@/components/diff/chat-diff";
import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";
import type { ChatMessageView, ValueView } from "@/lib/schemas/ui-traces";

const MAX_LINES = 16;
const MAX_CHARS = 1600;

/** The first `MAX_LINES` lines / `MAX_CHARS` characters of a text, or null when it is short. */
function clip(text: string, lines = MAX_LINES, chars = MAX_CHARS): string | null {
  let cut = text.length > chars ? chars : -1;
  let n = 0;
  for (let i = 0; i < text.length && (cut < 0 || i < cut); i++) {
    if (text[i] === "\n" && ++n >= lines) {
      cut = i;
      break;
    }
  }
  return cut < 0 ? null : text.slice(0, cut);
}

export function CollapsibleText({ text, className, label }: { text: string; className?: string; label?: string }) {
  const [open, setOpen] = useState(false);
  const short = clip(text);
  const shown = open || short === null ? text : short;
  return (
    <div className="space-y-1">
      <pre className={cn("font-mono text-xs leading-5 break-words whitespace-pre-wrap [overflow-wrap:anywhere]", className)} aria-label={label}>
        {shown}
        {!open && short !== null && <span className="text-zinc-400">…</span>}
      </pre>
      {short !== null && (
        <button type="button" onClick={() => setOpen((o) => !o)} className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          {open ? "Show less" : `Show more (${text.length.toLocaleString("en-US")} characters)`}
        </button>
      )}
    </div>
  );
}

export function ChatMessages({ messages }: { messages: ChatMessageView[] }) {
  return (
    <ol className="space-y-2" aria-label="Chat messages">
      {messages.map((m, i) => (
        <li key={i} className="rounded-md border border-zinc-200 bg-white p-2.5 dark:border-zinc-800 dark:bg-zinc-900/60">
          <div className="mb-1.5">
            <RoleLabel role={m.role} />
          </div>
          {m.content ? <CollapsibleText text={m.content} className="font-sans text-sm leading-6" /> : <p className="text-xs text-zinc-400 italic">(no text)</p>}
          {m.extra && (
            <details className="mt-1.5">
              <summary className="cursor-pointer text-xs text-zinc-500 dark:text-zinc-400">Other fields</summary>
              <CollapsibleText text={m.extra} className="mt-1 text-zinc-700 dark:text-zinc-300" />
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

export function ValueBlock({ value, label }: { value: ValueView | null; label: string }) {
  const [raw, setRaw] = useState(false);
  if (!value) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No {label.toLowerCase()} recorded.</p>;
  const chat = value.messages && !raw;
  return (
    <div className="space-y-1.5" data-testid={`span-${label.toLowerCase()}`}>
      {value.messages && (
        <div className="flex items-center justify-end gap-2">
          <button type="button" onClick={() => setRaw((r) => !r)} className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            {raw ? "Show as chat" : "Show JSON"}
          </button>
          <CopyButton value={value.text} label={`Copy ${label.toLowerCase()}`} />
        </div>
      )}
      {chat ? (
        <ChatMessages messages={value.messages!} />
      ) : (
        <div className="relative rounded-md border border-zinc-200 bg-zinc-50/60 p-3 pr-9 dark:border-zinc-800 dark:bg-zinc-900/50">
          {!value.messages && <CopyButton value={value.text} label={`Copy ${label.toLowerCase()}`} className="absolute top-1.5 right-1.5" />}
          <CollapsibleText text={value.text} label={label} />
        </div>
      )}
    </div>
  );
}
