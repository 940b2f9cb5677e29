"use client";
// The one rename form (experiments, runs, groups): a single name field prefilled and selected,
// Cancel / Rename, the server's error under the field, `onDone` once the action succeeded. The
// action is the entity's form action; `fields` are the hidden fields naming the entity.
import { useActionState, useEffect, useId } from "react";
import { IDLE, type ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";

export function RenameForm({
  action,
  fields,
  field,
  name,
  label = "Name",
  maxLength,
  onDone,
}: {
  action: (prev: ActionResult, form: FormData) => Promise<ActionResult>;
  /** Hidden fields naming the entity, e.g. `{ runId }`. */
  fields: Record<string, string>;
  /** The form field that carries the new name (the action's schema names it). */
  field: string;
  /** The current name. */
  name: string;
  label?: string;
  maxLength?: number;
  onDone: () => void;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  const id = useId();
  const error = state.ok ? undefined : (state.fieldErrors?.[field]?.[0] ?? state.message);
  return (
    <form action={formAction} className="space-y-4">
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div>
        <label htmlFor={id} className="mb-1 block text-sm font-medium">
          {label}
        </label>
        <Input
          id={id}
          name={field}
          required
          autoFocus
          maxLength={maxLength}
          defaultValue={state.values?.[field] ?? name}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          onFocus={(e) => e.currentTarget.select()}
        />
        <FieldError id={`${id}-error`}>{error}</FieldError>
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
