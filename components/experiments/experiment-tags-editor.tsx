"use client";
import { Plus, X } from "lucide-react";
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { deleteExperimentTagAction, setExperimentTagAction } from "@/lib/actions/experiments";
import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";

/** Lists an experiment's tags with delete buttons, and a form to add or overwrite one. */
export function ExperimentTagsEditor({ experimentId, tags }: { experimentId: string; tags: { key: string; value: string }[] }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setExperimentTagAction, { ok: false });
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [deleting, startDelete] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);
  const err = state.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      {tags.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No tags yet.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {tags.map((t) => (
            <li key={t.key} className="flex items-center gap-3 px-3 py-1.5 text-sm">
              <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{t.key}</span>
              <span className="min-w-0 flex-1 truncate" title={t.value}>
                {t.value || <span className="text-zinc-400">(empty)</span>}
              </span>
              <button
                type="button"
                aria-label={`Delete tag ${t.key}`}
                disabled={deleting}
                onClick={() =>
                  startDelete(async () => {
                    const r = await deleteExperimentTagAction(experimentId, t.key);
                    setDeleteError(r.ok ? null : (r.message ?? "Could not delete the tag"));
                  })
                }
                className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-red-600 dark:hover:bg-zinc-800"
              >
                <X className="h-3.5 w-3.5" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <FieldError>{deleteError}</FieldError>
      <form ref={form} action={action} className="space-y-2">
        <input type="hidden" name="experimentId" value={experimentId} />
        <div className="flex items-start gap-2">
          <div className="w-2/5">
            <Input name="key" placeholder="key" aria-label="Tag key" required defaultValue={state.ok ? "" : state.values?.key} aria-invalid={!!err.key} />
          </div>
          <div className="flex-1">
            <Input name="value" placeholder="value" aria-label="Tag value" defaultValue={state.ok ? "" : state.values?.value} aria-invalid={!!err.value} />
          </div>
          <Button type="submit" disabled={pending} aria-label="Add tag">
            <Plus className="h-4 w-4" /> Add
          </Button>
        </div>
        <FieldError>{err.key?.[0] ?? err.value?.[0]}</FieldError>
      </form>
    </div>
  );
}
