"use client";
// The one lifecycle control: a delete confirmation dialog and a Restore button, used for
// experiments, runs (one or many), prompts and prompt versions. Both call the entity's action,
// show its error in place, and on success close and call `onDone` (refresh, clear a selection,
// navigate) — or follow the action's own redirect. The dialog says what goes (`children`) and,
// for what cannot be undone, can ask for the name to be typed first.
import { ArchiveRestore, Trash2 } from "lucide-react";
import { useActionState, useCallback, useId, useState, useTransition } from "react";
import { IDLE, type ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, inputClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

type Run = () => Promise<ActionResult<unknown>>;
type FormAction = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

/** The message of a failed result: its message, else its first field error. */
function failure(r: ActionResult<unknown>, fallback: string): string | null {
  if (r.ok) return null;
  return r.message ?? Object.values(r.fieldErrors ?? {}).find((m) => m?.length)?.[0] ?? fallback;
}

/**
 * Either `onConfirm` (an action called with arguments; `onDone` after success) or `action` +
 * `fields` (a form action, posted as a form with those hidden fields — for actions that
 * redirect when done).
 */
export function DeleteDialog({
  open,
  onClose,
  title,
  description,
  children,
  confirmLabel,
  typeToConfirm,
  onConfirm,
  onDone,
  action,
  fields,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  /** What the deletion does, in a sentence or a list. */
  children: React.ReactNode;
  confirmLabel: string;
  /** Ask for this text to be typed (sent as the `confirm` field) before the button enables. */
  typeToConfirm?: string;
  onConfirm?: Run;
  onDone?: () => void;
  action?: FormAction;
  fields?: Record<string, string>;
}) {
  const [callError, setCallError] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [calling, start] = useTransition();
  const [formState, formAction, posting] = useActionState(action ?? (async () => IDLE), IDLE);
  // A form error belongs to the dialog that got it: reopening starts clean.
  const [dismissed, setDismissed] = useState<ActionResult | null>(null);
  const id = useId();
  const close = useCallback(() => {
    setCallError(null);
    setDismissed(formState);
    setTyped("");
    onClose();
  }, [onClose, formState]);
  const pending = calling || posting;
  const error = callError ?? (formState === dismissed || formState === IDLE ? null : failure(formState, "Could not delete"));
  const confirm = (
    <Button
      type={action ? "submit" : "button"}
      variant="danger"
      disabled={pending || (typeToConfirm !== undefined && typed.trim() !== typeToConfirm)}
      onClick={
        action
          ? undefined
          : () =>
              start(async () => {
                const message = onConfirm ? failure(await onConfirm(), "Could not delete") : null;
                if (message) return setCallError(message);
                close();
                onDone?.();
              })
      }
    >
      <Trash2 className="h-4 w-4" /> {pending ? "Deleting…" : confirmLabel}
    </Button>
  );
  const body = (
    <>
      {Object.entries(fields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
      {typeToConfirm !== undefined && (
        <div>
          <label htmlFor={id} className="mb-1 block text-sm">
            Type <code className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">{typeToConfirm}</code> to confirm
          </label>
          <input id={id} name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} className={cn(inputClass, "font-mono text-xs")} />
        </div>
      )}
      <FieldError>{error}</FieldError>
      <div className="flex justify-end gap-2">
        <Button onClick={close}>Cancel</Button>
        {confirm}
      </div>
    </>
  );
  return (
    <Dialog open={open} onClose={close} title={title} description={description}>
      {action ? (
        <form action={formAction} className="space-y-4">
          {body}
        </form>
      ) : (
        <div className="space-y-4">{body}</div>
      )}
    </Dialog>
  );
}

export function RestoreButton({ onRestore, onDone, label = "Restore", size }: { onRestore: Run; onDone?: () => void; label?: string; size?: "sm" }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <span className="inline-flex flex-col items-end">
      <Button
        size={size}
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const message = failure(await onRestore(), "Could not restore");
            if (message) setError(message);
            else onDone?.();
          })
        }
      >
        <ArchiveRestore className={size === "sm" ? "h-3.5 w-3.5" : "h-4 w-4"} /> {pending ? "Restoring…" : label}
      </Button>
      <FieldError>{error}</FieldError>
    </span>
  );
}
