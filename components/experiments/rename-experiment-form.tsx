"use client";
import { useActionState, useEffect } from "react";
import { renameExperimentAction } from "@/lib/actions/experiments";
import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";

export function RenameExperimentForm({ experimentId, name, onDone }: { experimentId: string; name: string; onDone: () => void }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(renameExperimentAction, { ok: false });
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  const error = state.fieldErrors?.newName?.[0];
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="experimentId" value={experimentId} />
      <div>
        <label htmlFor={`rename-${experimentId}`} className="mb-1 block text-sm font-medium">
          Name
        </label>
        <Input
          id={`rename-${experimentId}`}
          name="newName"
          required
          autoFocus
          maxLength={500}
          defaultValue={state.values?.newName ?? name}
          aria-invalid={!!error}
          aria-describedby={error ? `rename-${experimentId}-error` : undefined}
          onFocus={(e) => e.currentTarget.select()}
        />
        <FieldError id={`rename-${experimentId}-error`}>{error}</FieldError>
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
