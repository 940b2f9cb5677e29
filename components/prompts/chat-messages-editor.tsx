"use client";
// The chat-prompt part of the prompt editor: one box per message (role, move up/down, remove,
// content) and "Add message".
import { ArrowDown, ArrowUp, MessageSquarePlus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { roleTone } from "@/components/diff/chat-diff";
import type { ChatMessage } from "@/lib/text-diff";

const ROLES = ["system", "user", "assistant"];

export function ChatMessagesEditor({ labelledBy, messages, setMessages }: { labelledBy: string; messages: ChatMessage[]; setMessages: React.Dispatch<React.SetStateAction<ChatMessage[]>> }) {
  const setMsg = (i: number, patch: Partial<ChatMessage>) => setMessages((ms) => ms.map((m, k) => (k === i ? { ...m, ...patch } : m)));
  const move = (i: number, d: -1 | 1) =>
    setMessages((ms) => {
      const j = i + d;
      if (j < 0 || j >= ms.length) return ms;
      const c = [...ms];
      [c[i], c[j]] = [c[j], c[i]];
      return c;
    });
  return (
            <div className="space-y-2" aria-labelledby={labelledBy} role="group">
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
  );
}
