"use client";
// Deleting and restoring runs: the run page's "⋯" menu and its "deleted" banner, and the runs
// table's bulk Delete / Restore for the selected runs. Deletion is MLflow's soft delete (the run
// moves to "Deleted runs" and can be restored), through the same domain functions as the REST API;
// the dialog and the Restore button are the shared lifecycle control (components/lifecycle/).
import { Trash2 } from "lucide-react";
import { useCallback, useState } from "react";
import { useRouter } from "next/navigation";
import { deleteRunsAction, restoreRunsAction } from "@/lib/actions/runs";
import { Button } from "@/components/ui/button";
import { DropdownMenu } from "@/components/ui/dropdown-menu";
import { DeleteDialog, RestoreButton } from "@/components/lifecycle/lifecycle";

const plural = (n: number) => `${n.toLocaleString("en-US")} run${n === 1 ? "" : "s"}`;

/** Confirmation dialog for deleting one or more runs. */
function ConfirmDeleteRuns({ open, onClose, runIds, title, onDeleted }: { open: boolean; onClose: () => void; runIds: string[]; title: string; onDeleted: () => void }) {
  return (
    <DeleteDialog
      open={open}
      onClose={onClose}
      title={title}
      confirmLabel={runIds.length === 1 ? "Delete run" : `Delete ${plural(runIds.length)}`}
      onConfirm={() => deleteRunsAction(runIds)}
      onDone={onDeleted}
    >
      {runIds.length === 1 ? "The run moves" : `The ${plural(runIds.length)} move`} to <span className="font-medium">Deleted runs</span>, where you can restore{" "}
      {runIds.length === 1 ? "it" : "them"}. Metrics, parameters and artifacts are kept.
    </DeleteDialog>
  );
}

/** The run page's "⋯" menu (active runs): Delete, after a confirmation. */
export function RunActionsMenu({ runId, name }: { runId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <DropdownMenu label="Run actions" items={[{ label: "Delete run", icon: <Trash2 className="h-3.5 w-3.5" />, onSelect: () => setOpen(true), danger: true }]} />
      <ConfirmDeleteRuns open={open} onClose={close} runIds={[runId]} title={`Delete “${name || runId}”?`} onDeleted={() => router.refresh()} />
    </>
  );
}

/** Shown at the top of a deleted run's page, with Restore. */
export function DeletedRunBanner({ runId }: { runId: string }) {
  const router = useRouter();
  return (
    <div
      role="status"
      aria-label="Deleted run"
      className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200"
    >
      <div className="flex items-center gap-2">
        <Trash2 aria-hidden className="h-4 w-4 shrink-0" />
        <span>
          <span className="font-medium">This run is deleted.</span> It is hidden from the runs table and read-only until you restore it.
        </span>
      </div>
      <RestoreButton size="sm" onRestore={() => restoreRunsAction([runId])} onDone={() => router.refresh()} />
    </div>
  );
}

/**
 * The runs table's bulk action for the selected runs: Delete (with confirmation) while viewing
 * active runs, Restore while viewing deleted runs. `onDone` clears the selection.
 */
export function BulkRunActions({ runIds, mode, onDone }: { runIds: string[]; mode: "delete" | "restore"; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const close = useCallback(() => setOpen(false), []);
  const done = useCallback(() => {
    onDone();
    router.refresh();
  }, [onDone, router]);
  if (runIds.length === 0) return null;
  if (mode === "restore") return <RestoreButton label={`Restore ${plural(runIds.length)}`} onRestore={() => restoreRunsAction(runIds)} onDone={done} />;
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Trash2 aria-hidden className="h-4 w-4 text-red-600 dark:text-red-400" /> Delete {plural(runIds.length)}
      </Button>
      <ConfirmDeleteRuns open={open} onClose={close} runIds={runIds} title={`Delete ${plural(runIds.length)}?`} onDeleted={done} />
    </>
  );
}
