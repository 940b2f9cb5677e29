"use client";
// Tags of a prompt or registered model: chips with a remove button and an inline "add tag" form
// (key + value). Clicking a chip edits its value in the same form. Setting an existing key
// overwrites its value. Errors show next to the field.
import { useActionState, useState } from "react";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/actions/result";

type Action = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

export function TagEditor({
  name,
  tags,
  setAction,
  deleteAction,
  extraFields,
  narrow,
}: {
  name: string;
  tags: { key: string; value: string }[];
  setAction: Action;
  deleteAction: Action;
  /** Extra hidden fields sent with every form (e.g. a model version number). */
  extraFields?: Record<string, string>;
  /** In a narrow column: the key and value fields take the full width, one under the other. */
  narrow?: boolean;
}) {
  const [setState, setFormAction, setPending] = useActionState(setAction, { ok: false });
  const [delState, delFormAction, delPending] = useActionState(deleteAction, { ok: false });
  const [open, setOpen] = useState(false);
  /** The tag being edited (its key is fixed), or null when adding. */
  const [editing, setEditing] = useState<{ key: string; value: string } | null>(null);
  const [seen, setSeen] = useState(setState);
  if (seen !== setState) {
    setSeen(setState);
    if (setState.ok) {
      setOpen(false);
      setEditing(null);
    }
  }
  // An error belongs to the form that got it: reopening the form starts clean.
  const [dismissed, setDismissed] = useState<ActionResult | null>(null);
  const close = () => {
    setOpen(false);
    setEditing(null);
    setDismissed(setState);
  };
  const openWith = (tag: { key: string; value: string } | null) => {
    setEditing(tag);
    setOpen(true);
    setDismissed(setState);
  };
  const hidden = (
    <>
      <input type="hidden" name="name" value={name} />
      {Object.entries(extraFields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
  const err = setState.ok || setState === dismissed ? undefined : (setState.fieldErrors?.key ?? setState.fieldErrors?.value)?.join(" ") ?? setState.message;

  return (
    <div className="space-y-2" data-testid="tag-editor">
      <div className="flex flex-wrap items-center gap-1.5">
        {tags.map((t) => (
          <form key={t.key} action={delFormAction} className="inline-flex items-center rounded-md bg-zinc-100 py-0.5 pr-0.5 pl-2 font-mono text-xs dark:bg-zinc-800">
            {hidden}
            <input type="hidden" name="key" value={t.key} />
            <button
              type="button"
              onClick={() => openWith(t)}
              aria-label={`Edit tag ${t.key}`}
              title={`${t.key}=${t.value}\nClick to edit`}
              className="inline-flex min-w-0 items-center rounded hover:text-indigo-600 dark:hover:text-indigo-300"
            >
              <span className="text-zinc-700 dark:text-zinc-200">{t.key}</span>
              {t.value !== "" && <span className="max-w-64 truncate text-zinc-500 dark:text-zinc-400">={t.value}</span>}
            </button>
            <button type="submit" disabled={delPending} aria-label={`Remove tag ${t.key}`} className="ml-1 rounded p-0.5 text-zinc-400 hover:bg-zinc-200 hover:text-red-600 dark:hover:bg-zinc-700">
              <X className="h-3 w-3" />
            </button>
          </form>
        ))}
        {!open && (
          <button type="button" onClick={() => openWith(null)} className="inline-flex items-center gap-1 rounded-md border border-dashed border-zinc-300 px-2 py-0.5 text-xs text-zinc-500 hover:border-indigo-400 hover:text-indigo-600 dark:border-zinc-700 dark:hover:text-indigo-300">
            <Plus className="h-3 w-3" /> Add tag
          </button>
        )}
      </div>
      {delState.message && !delState.ok && <FieldError>{delState.message}</FieldError>}
      {open && (
        <form key={editing?.key ?? ""} action={setFormAction} className="flex flex-wrap items-start gap-2">
          {hidden}
          <div className={cn(narrow && "w-full")}>
            <input
              name="key"
              aria-label="Tag key"
              placeholder="key"
              defaultValue={editing?.key}
              readOnly={!!editing}
              autoFocus={!editing}
              aria-invalid={!!err}
              className={cn(inputClass, "h-8 font-mono text-xs", narrow ? "w-full" : "w-40", editing && "bg-zinc-50 text-zinc-500 dark:bg-zinc-800/60 dark:text-zinc-400")}
            />
            <FieldError>{err}</FieldError>
          </div>
          <input name="value" aria-label="Tag value" placeholder="value" defaultValue={editing?.value} autoFocus={!!editing} className={cn(inputClass, "h-8 font-mono text-xs", narrow ? "w-full" : "w-56")} />
          <Button type="submit" size="sm" className="h-8" disabled={setPending}>
            Save tag
          </Button>
          <Button size="sm" variant="ghost" className="h-8" onClick={close}>
            Cancel
          </Button>
        </form>
      )}
    </div>
  );
}
