"use client";
// The prompt's description, edited in place: the text (or an "Add a description" prompt) with a
// pencil; editing swaps in a textarea with Save / Cancel. Empty saves clear it. ⌘/Ctrl+Enter saves,
// Escape cancels.
import { useActionState, useRef, useState } from "react";
import { Pencil, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/actions/result";

type Action = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

export function DescriptionEditor({ name, description, action }: { name: string; description: string | null; action: Action }) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const [editing, setEditing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    if (state.ok) setEditing(false);
  }
  const err = state.ok ? undefined : (state.fieldErrors?.description?.join(" ") ?? state.message);

  if (!editing) {
    return description ? (
      <div className="group flex max-w-3xl items-start gap-1.5" data-testid="prompt-description">
        <p className="text-sm whitespace-pre-line text-zinc-600 dark:text-zinc-400">{description}</p>
        <button
          type="button"
          onClick={() => setEditing(true)}
          aria-label="Edit description"
          title="Edit description"
          className="shrink-0 rounded p-0.5 text-zinc-400 opacity-60 group-hover:opacity-100 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:opacity-100 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
        >
          <Pencil className="h-3.5 w-3.5" />
        </button>
      </div>
    ) : (
      <button type="button" onClick={() => setEditing(true)} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-indigo-600 dark:hover:text-indigo-300">
        <Plus className="h-3.5 w-3.5" /> Add a description
      </button>
    );
  }

  return (
    <form ref={formRef} action={formAction} className="max-w-3xl space-y-2" aria-label="Edit description">
      <input type="hidden" name="name" value={name} />
      <textarea
        name="description"
        aria-label="Description"
        defaultValue={state.values?.description ?? description ?? ""}
        autoFocus
        rows={3}
        maxLength={5000}
        placeholder="What this prompt is for, who owns it, how to use it…"
        aria-invalid={!!err}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            setEditing(false);
          } else if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            formRef.current?.requestSubmit();
          }
        }}
        className={cn(inputClass, "h-auto min-h-20 resize-y py-2")}
      />
      <FieldError>{err}</FieldError>
      <div className="flex items-center gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={pending}>
          {pending ? "Saving…" : "Save description"}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
          Cancel
        </Button>
        <span className="text-xs text-zinc-400">Ctrl+Enter to save · Esc to cancel</span>
      </div>
    </form>
  );
}
