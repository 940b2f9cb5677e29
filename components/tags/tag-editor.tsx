"use client";
// The one tag editor: experiment, run, prompt, prompt-version, registered-model and
// model-version tags all render through it, so they behave alike by construction. User tags are
// chips (key=value); clicking one edits its value in the form below (the key stays fixed), ×
// removes it, "Add tag" opens the same form empty; setting an existing key overwrites its value.
// MLflow's system tags (`mlflow.*`) are read-only behind a toggle. Errors show next to the field
// that caused them. Writes are the entity's two form actions (lib/actions/*: a zod schema from
// lib/schemas/tag.ts, then the same domain function as the REST API), sent with `fields` — the
// hidden fields naming the entity (`{ runId }`, `{ name, version }`, …) — plus `key` / `value`.
import { useActionState, useState } from "react";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/actions/result";

type Tag = { key: string; value: string };
export type TagAction = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

const SYSTEM_PREFIX = "mlflow.";
const MAX_SHOWN_VALUE = 400;

export function TagEditor({
  fields,
  tags,
  setAction,
  deleteAction,
  editable = true,
  narrow,
}: {
  /** Hidden fields sent with every write, naming the entity. */
  fields: Record<string, string>;
  tags: Tag[];
  setAction: TagAction;
  deleteAction: TagAction;
  /** False: the tags are shown, nothing can be changed (a deleted run, a reader). */
  editable?: boolean;
  /** In a narrow column: the key and value fields take the full width, one under the other. */
  narrow?: boolean;
}) {
  const user = tags.filter((t) => !t.key.startsWith(SYSTEM_PREFIX));
  const system = tags.filter((t) => t.key.startsWith(SYSTEM_PREFIX));
  const [setState, setFormAction, setPending] = useActionState(setAction, { ok: false });
  const [delState, delFormAction, delPending] = useActionState(deleteAction, { ok: false });
  const [open, setOpen] = useState(false);
  const [showSystem, setShowSystem] = useState(false);
  /** The tag being edited (its key is fixed), or null when adding. */
  const [editing, setEditing] = useState<Tag | null>(null);
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
  const openWith = (tag: Tag | null) => {
    setEditing(tag);
    setOpen(true);
    setDismissed(setState);
  };
  const hidden = Object.entries(fields).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />);
  const err = setState.ok || setState === dismissed ? undefined : ((setState.fieldErrors?.key ?? setState.fieldErrors?.value)?.join(" ") ?? setState.message);

  return (
    <div className="space-y-2" data-testid="tag-editor">
      <div className="flex flex-wrap items-center gap-1.5">
        {user.length === 0 && !editable && <span className="text-sm text-zinc-500 dark:text-zinc-400">No tags.</span>}
        {user.map((t) =>
          editable ? (
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
                <TagText tag={t} />
              </button>
              <button type="submit" disabled={delPending} aria-label={`Remove tag ${t.key}`} className="ml-1 rounded p-0.5 text-zinc-400 hover:bg-zinc-200 hover:text-red-600 dark:hover:bg-zinc-700">
                <X className="h-3 w-3" />
              </button>
            </form>
          ) : (
            <span key={t.key} title={`${t.key}=${t.value}`} className="inline-flex items-center rounded-md bg-zinc-100 px-2 py-0.5 font-mono text-xs dark:bg-zinc-800">
              <TagText tag={t} />
            </span>
          ),
        )}
        {editable && !open && (
          <button type="button" onClick={() => openWith(null)} className="inline-flex items-center gap-1 rounded-md border border-dashed border-zinc-300 px-2 py-0.5 text-xs text-zinc-500 hover:border-indigo-400 hover:text-indigo-600 dark:border-zinc-700 dark:hover:text-indigo-300">
            <Plus className="h-3 w-3" /> Add tag
          </button>
        )}
      </div>
      {delState.message && !delState.ok && <FieldError>{delState.message}</FieldError>}
      {editable && open && (
        <form key={editing?.key ?? ""} action={setFormAction} className="flex flex-wrap items-start gap-2">
          {hidden}
          <div className={cn(narrow && "w-full")}>
            <input
              name="key"
              aria-label="Tag key"
              placeholder="key"
              defaultValue={editing?.key ?? (setState.ok ? undefined : setState.values?.key)}
              readOnly={!!editing}
              autoFocus={!editing}
              required
              aria-invalid={!!err}
              className={cn(inputClass, "h-8 font-mono text-xs", narrow ? "w-full" : "w-40", editing && "bg-zinc-50 text-zinc-500 dark:bg-zinc-800/60 dark:text-zinc-400")}
            />
            <FieldError>{err}</FieldError>
          </div>
          <input
            name="value"
            aria-label="Tag value"
            placeholder="value"
            defaultValue={editing?.value ?? (setState.ok ? undefined : setState.values?.value)}
            autoFocus={!!editing}
            className={cn(inputClass, "h-8 font-mono text-xs", narrow ? "w-full" : "w-56")}
          />
          <Button type="submit" size="sm" className="h-8" disabled={setPending}>
            Save tag
          </Button>
          <Button size="sm" variant="ghost" className="h-8" onClick={close}>
            Cancel
          </Button>
        </form>
      )}
      {system.length > 0 && (
        <div>
          <button type="button" onClick={() => setShowSystem(!showSystem)} className="text-xs font-medium text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200" aria-expanded={showSystem}>
            {showSystem ? "Hide" : "Show"} {system.length} system tag{system.length === 1 ? "" : "s"}
          </button>
          {showSystem && (
            <dl className="mt-2 space-y-1" aria-label="System tags">
              {system.map((t) => (
                <div key={t.key} className="grid grid-cols-[minmax(0,12rem)_1fr] gap-3 text-xs">
                  <dt className="truncate font-mono text-zinc-500" title={t.key}>
                    {t.key}
                  </dt>
                  <dd className="font-mono break-all text-zinc-700 dark:text-zinc-300">{t.value.length > MAX_SHOWN_VALUE ? t.value.slice(0, MAX_SHOWN_VALUE) + "…" : t.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )}
    </div>
  );
}

function TagText({ tag }: { tag: Tag }) {
  return (
    <>
      <span className="text-zinc-700 dark:text-zinc-200">{tag.key}</span>
      {tag.value !== "" && <span className="max-w-64 truncate text-zinc-500 dark:text-zinc-400">={tag.value}</span>}
    </>
  );
}
