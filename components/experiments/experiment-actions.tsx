"use client";
import { Pencil, Tags, Trash2 } from "lucide-react";
import { useCallback, useState } from "react";
import { useRouter } from "next/navigation";
import { deleteExperimentAction, deleteExperimentTagAction, renameExperimentAction, restoreExperimentAction, setExperimentTagAction } from "@/lib/actions/experiments";
import { Dialog } from "@/components/ui/dialog";
import { DropdownMenu } from "@/components/ui/dropdown-menu";
import { DeleteDialog, RestoreButton } from "@/components/lifecycle/lifecycle";
import { RenameForm } from "@/components/lifecycle/rename-form";
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
  const router = useRouter();
  const close = useCallback(() => setDialog(null), []);

  if (experiment.lifecycleStage === "deleted") {
    return <RestoreButton size="sm" onRestore={() => restoreExperimentAction(experiment.id)} onDone={() => router.refresh()} />;
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
        <RenameForm action={renameExperimentAction} fields={{ experimentId: experiment.id }} field="newName" name={experiment.name} maxLength={500} onDone={close} />
      </Dialog>
      <Dialog open={dialog === "tags"} onClose={close} title="Experiment tags" description={experiment.name} className="max-w-lg">
        <TagEditor fields={{ experimentId: experiment.id }} tags={experiment.tags} setAction={setExperimentTagAction} deleteAction={deleteExperimentTagAction} />
      </Dialog>
      <DeleteDialog
        open={dialog === "delete"}
        onClose={close}
        title={`Delete “${experiment.name}”?`}
        confirmLabel="Delete"
        onConfirm={() => deleteExperimentAction(experiment.id)}
        onDone={() => (afterDelete ? router.push(afterDelete) : router.refresh())}
      >
        {experiment.runCount === undefined ? (
          <>
            The experiment and its runs move to <span className="font-medium">Show deleted</span>, where you can restore them.
          </>
        ) : (
          <>
            The experiment and its {experiment.runCount.toLocaleString("en-US")} run{experiment.runCount === 1 ? "" : "s"} move to <span className="font-medium">Show deleted</span>, where you can restore them.
          </>
        )}
      </DeleteDialog>
    </>
  );
}
