"use client";
import { Pencil } from "lucide-react";
import { useCallback, useState } from "react";
import { renameRunAction } from "@/lib/actions/runs";
import { Dialog } from "@/components/ui/dialog";
import { RenameForm } from "@/components/lifecycle/rename-form";

/** The pencil beside a run's name: the shared rename form in a dialog. */
export function RenameRunButton({ runId, name }: { runId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button type="button" aria-label="Rename run" title="Rename run" onClick={() => setOpen(true)} className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
        <Pencil className="h-4 w-4" />
      </button>
      <Dialog open={open} onClose={close} title="Rename run">
        <RenameForm action={renameRunAction} fields={{ runId }} field="runName" name={name} label="Run name" maxLength={250} onDone={close} />
      </Dialog>
    </>
  );
}
