"use client";
import { Pencil } from "lucide-react";
import { useActionState, useCallback, useEffect, useState } from "react";
import { renameRunAction } from "@/lib/actions/runs";
import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, Input } from "@/components/ui/input";

export function RenameRunButton({ runId, name }: { runId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button type="button" aria-label="Rename run" title="Rename run" onClick={() => setOpen(true)} className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
        <Pencil className="h-4 w-4" />
      </button>
      <Dialog open={open} onClose={close} title="Rename run">
        <RenameRunForm runId={runId} name={name} onDone={close} />
      </Dialog>
    </>
  );
}

function RenameRunForm({ runId, name, onDone }: { runId: string; name: string; onDone: () => void }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(renameRunAction, { ok: false });
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  const error = state.fieldErrors?.runName?.[0];
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="runId" value={runId} />
      <div>
        <label htmlFor="rename-run" className="mb-1 block text-sm font-medium">
          Run name
        </label>
        <Input id="rename-run" name="runName" required autoFocus defaultValue={state.values?.runName ?? name} aria-invalid={!!error} aria-describedby={error ? "rename-run-error" : undefined} onFocus={(e) => e.currentTarget.select()} />
        <FieldError id="rename-run-error">{error}</FieldError>
      </div>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : "Rename"}
        </Button>
      </div>
    </form>
  );
}
