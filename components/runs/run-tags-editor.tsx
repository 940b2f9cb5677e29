"use client";
// A run's tags: user tags editable inline (add, change the value, delete), MLflow's system tags
// (mlflow.*) read-only behind a toggle. Writes go through server actions that call the same
// domain functions as runs/set-tag and runs/delete-tag.
import { Check, Pencil, Plus, Trash2, X } from "lucide-react";
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { deleteRunTagAction, setRunTagAction } from "@/lib/actions/runs";
import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";

type Tag = { key: string; value: string };

export function RunTagsEditor({ runId, tags, editable }: { runId: string; tags: Tag[]; editable: boolean }) {
  const user = tags.filter((t) => !t.key.startsWith("mlflow."));
  const system = tags.filter((t) => t.key.startsWith("mlflow."));
  const [showSystem, setShowSystem] = useState(false);
  return (
    <div className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
      {user.length === 0 && <p className="px-4 py-3 text-sm text-zinc-500 dark:text-zinc-400">No tags yet.</p>}
      {user.map((t) => (
        <TagRow key={t.key} runId={runId} tag={t} editable={editable} />
      ))}
      {editable && <AddTagForm runId={runId} />}
      {system.length > 0 && (
        <div className="px-4 py-2">
          <button type="button" onClick={() => setShowSystem(!showSystem)} className="text-xs font-medium text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200" aria-expanded={showSystem}>
            {showSystem ? "Hide" : "Show"} {system.length} system tag{system.length === 1 ? "" : "s"}
          </button>
          {showSystem && (
            <dl className="mt-2 space-y-1">
              {system.map((t) => (
                <div key={t.key} className="grid grid-cols-[minmax(0,12rem)_1fr] gap-3 text-xs">
                  <dt className="truncate font-mono text-zinc-500" title={t.key}>
                    {t.key}
                  </dt>
                  <dd className="font-mono break-all text-zinc-700 dark:text-zinc-300">{t.value.length > 400 ? t.value.slice(0, 400) + "…" : t.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )}
    </div>
  );
}

function TagRow({ runId, tag, editable }: { runId: string; tag: Tag; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  const [state, action, pending] = useActionState<ActionResult, FormData>(setRunTagAction, { ok: false });
  const [deleting, startDelete] = useTransition();
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [handled, setHandled] = useState(state);
  if (handled !== state) {
    setHandled(state);
    if (state.ok) setEditing(false);
  }
  const error = state.fieldErrors?.value?.[0] ?? state.fieldErrors?.key?.[0] ?? deleteError;
  return (
    <div className="group px-4 py-2">
      {editing ? (
        <form action={action} className="flex items-center gap-2">
          <input type="hidden" name="runId" value={runId} />
          <input type="hidden" name="key" value={tag.key} />
          <span className="w-40 shrink-0 truncate font-mono text-xs text-zinc-500" title={tag.key}>
            {tag.key}
          </span>
          <Input name="value" aria-label={`Value of ${tag.key}`} defaultValue={state.values?.value ?? tag.value} autoFocus className="h-8" aria-invalid={!!error} />
          <Button type="submit" size="sm" variant="primary" disabled={pending} aria-label="Save tag">
            <Check className="h-3.5 w-3.5" />
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setEditing(false)} aria-label="Cancel">
            <X className="h-3.5 w-3.5" />
          </Button>
        </form>
      ) : (
        <div className="flex items-start gap-3 text-sm">
          <span className="w-40 shrink-0 truncate pt-0.5 font-mono text-xs text-zinc-500 dark:text-zinc-400" title={tag.key}>
            {tag.key}
          </span>
          <span className="min-w-0 flex-1 break-words">{tag.value || <span className="text-zinc-400 italic">empty</span>}</span>
          {editable && (
            <span className="flex shrink-0 gap-0.5 opacity-0 group-hover:opacity-100 focus-within:opacity-100">
              <button type="button" aria-label={`Edit tag ${tag.key}`} onClick={() => setEditing(true)} className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
                <Pencil className="h-3.5 w-3.5" />
              </button>
              <button
                type="button"
                aria-label={`Delete tag ${tag.key}`}
                disabled={deleting}
                onClick={() =>
                  startDelete(async () => {
                    const r = await deleteRunTagAction(runId, tag.key);
                    setDeleteError(r.ok ? null : (r.message ?? "Could not delete the tag"));
                  })
                }
                className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-red-600 dark:hover:bg-zinc-800"
              >
                <Trash2 className="h-3.5 w-3.5" />
              </button>
            </span>
          )}
        </div>
      )}
      <FieldError>{error}</FieldError>
    </div>
  );
}

function AddTagForm({ runId }: { runId: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setRunTagAction, { ok: false });
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);
  const err = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} className="px-4 py-2.5" aria-label="Add a tag">
      <input type="hidden" name="runId" value={runId} />
      <div className="flex items-start gap-2">
        <div className="w-40 shrink-0">
          <Input name="key" placeholder="key" aria-label="New tag key" required className="h-8 font-mono text-xs" defaultValue={state.ok ? undefined : state.values?.key} aria-invalid={!!err.key} aria-describedby={err.key ? "run-tag-key-error" : undefined} />
        </div>
        <Input name="value" placeholder="value" aria-label="New tag value" className="h-8" defaultValue={state.ok ? undefined : state.values?.value} aria-invalid={!!err.value} />
        <Button type="submit" size="sm" disabled={pending} className="h-8">
          <Plus className="h-3.5 w-3.5" /> Add tag
        </Button>
      </div>
      <FieldError id="run-tag-key-error">{err.key?.[0] ?? err.value?.[0]}</FieldError>
    </form>
  );
}
