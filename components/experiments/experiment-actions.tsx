"use client";
import { ArchiveRestore, Pencil, Tags, Trash2 } from "lucide-react";
import { useCallback, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { deleteExperimentAction, deleteExperimentTagAction, restoreExperimentAction, setExperimentTagAction } from "@/lib/actions/experiments";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DropdownMenu } from "@/components/ui/dropdown-menu";
import { FieldError } from "@/components/ui/input";
import { RenameExperimentForm } from "@/components/experiments/rename-experiment-form";
import { TagEditor } from "@/components/tags/tag-editor";

export interface ExperimentSummary {
  id: string;
  name: string;
  lifecycleStage: "active" | "deleted";
  runCount?: number;
  tags: { key: string; value: string }[];
}

/** The "⋯" menu of an experiment: rename, tags, delete / restore (each in a dialog). */
export function ExperimentActions({ experiment, afterDelete }: { experiment: ExperimentSummary; afterDelete?: string }) {
  const [dialog, setDialog] = useState<"rename" | "tags" | "delete" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const close = useCallback(() => {
    setDialog(null);
    setError(null);
  }, []);

  if (experiment.lifecycleStage === "deleted") {
    return (
      <div className="flex flex-col items-end">
        <Button
          size="sm"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await restoreExperimentAction(experiment.id);
              if (!r.ok) setError(r.message ?? "Could not restore");
              else router.refresh();
            })
          }
        >
          <ArchiveRestore className="h-3.5 w-3.5" /> Restore
        </Button>
        <FieldError>{error}</FieldError>
      </div>
    );
  }

  return (
    <>
      <DropdownMenu
        label={`Actions for ${experiment.name}`}
        items={[
          { label: "Rename", icon: <Pencil className="h-3.5 w-3.5" />, onSelect: () => setDialog("rename") },
          { label: "Edit tags", icon: <Tags className="h-3.5 w-3.5" />, onSelect: () => setDialog("tags") },
          { label: "Delete", icon: <Trash2 className="h-3.5 w-3.5" />, onSelect: () => setDialog("delete"), danger: true },
        ]}
      />
      <Dialog open={dialog === "rename"} onClose={close} title="Rename experiment">
        <RenameExperimentForm experimentId={experiment.id} name={experiment.name} onDone={close} />
      </Dialog>
      <Dialog open={dialog === "tags"} onClose={close} title="Experiment tags" description={experiment.name} className="max-w-lg">
        <TagEditor fields={{ experimentId: experiment.id }} tags={experiment.tags} setAction={setExperimentTagAction} deleteAction={deleteExperimentTagAction} />
      </Dialog>
      <Dialog open={dialog === "delete"} onClose={close} title={`Delete “${experiment.name}”?`}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The experiment
          {experiment.runCount !== undefined && (
            <>
              {" "}
              and its {experiment.runCount.toLocaleString("en-US")} run{experiment.runCount === 1 ? "" : "s"}
            </>
          )}{" "}
          move to <span className="font-medium">Show deleted</span>, where you can restore them.
        </p>
        <FieldError>{error}</FieldError>
        <div className="mt-5 flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await deleteExperimentAction(experiment.id);
                if (!r.ok) return setError(r.message ?? "Could not delete");
                close();
                if (afterDelete) router.push(afterDelete);
                else router.refresh();
              })
            }
          >
            {pending ? "Deleting…" : "Delete"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
