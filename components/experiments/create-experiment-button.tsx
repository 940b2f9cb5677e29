"use client";
import { Plus } from "lucide-react";
import { useActionState, useState } from "react";
import { createExperimentAction } from "@/lib/actions/experiments";
import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, Input } from "@/components/ui/input";

export function CreateExperimentButton({ variant = "primary" }: { variant?: "primary" | "secondary" }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        <Plus className="h-4 w-4" /> New experiment
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="New experiment" description="Runs logged with mlflow.set_experiment(name) land here.">
        <CreateExperimentForm onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function CreateExperimentForm({ onCancel }: { onCancel: () => void }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(createExperimentAction, { ok: false });
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4">
      <div>
        <label htmlFor="create-exp-name" className="mb-1 block text-sm font-medium">
          Name
        </label>
        <Input
          id="create-exp-name"
          name="name"
          required
          autoFocus
          maxLength={500}
          defaultValue={state.values?.name}
          placeholder="e.g. churn-model"
          aria-invalid={!!err.name}
          aria-describedby={err.name ? "create-exp-name-error" : undefined}
        />
        <FieldError id="create-exp-name-error">{err.name?.[0]}</FieldError>
      </div>
      <div>
        <label htmlFor="create-exp-artifacts" className="mb-1 block text-sm font-medium">
          Artifact location <span className="font-normal text-zinc-500">(optional)</span>
        </label>
        <Input
          id="create-exp-artifacts"
          name="artifactLocation"
          defaultValue={state.values?.artifactLocation}
          placeholder="mlflow-artifacts:/<id> (default)"
          aria-invalid={!!err.artifactLocation}
          aria-describedby={err.artifactLocation ? "create-exp-artifacts-error" : undefined}
        />
        <FieldError id="create-exp-artifacts-error">{err.artifactLocation?.[0]}</FieldError>
      </div>
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create"}
        </Button>
      </div>
    </form>
  );
}
