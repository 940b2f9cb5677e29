"use client";
// The admin Groups page's forms: create a group; per group: rename, delete (confirmed), add a
// member by username, remove a member. A permission shared with a group applies to its members.
import { useActionState, useCallback, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Pencil, Plus, Trash2, UserPlus, X } from "lucide-react";
import { addGroupMemberAction, createGroupAction, deleteGroupAction, removeGroupMemberAction, renameGroupAction } from "@/lib/actions/admin";
import { IDLE, type ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, Input } from "@/components/ui/input";
import { DeleteDialog } from "@/components/lifecycle/lifecycle";
import { RenameForm } from "@/components/lifecycle/rename-form";

export function CreateGroupForm() {
  const [state, action, pending] = useActionState<ActionResult, FormData>(createGroupAction, IDLE);
  const [round, setRound] = useState(0);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    if (state.ok) setRound((r) => r + 1);
  }
  return (
    <div className="space-y-2">
      <form key={round} action={action} className="flex flex-wrap items-start gap-2" aria-label="Create group">
        <div>
          <label htmlFor="new-group" className="mb-1 block text-xs font-medium">Name</label>
          <Input id="new-group" name="name" required maxLength={255} placeholder="e.g. research" className="w-48" defaultValue={state.values?.name} aria-invalid={!!state.fieldErrors?.name} />
          <FieldError>{state.fieldErrors?.name?.[0] ?? (!state.ok ? state.message : undefined)}</FieldError>
        </div>
        <div>
          <label htmlFor="new-group-description" className="mb-1 block text-xs font-medium">Description (optional)</label>
          <Input id="new-group-description" name="description" maxLength={1000} className="w-72" defaultValue={state.values?.description} />
        </div>
        <Button type="submit" variant="primary" className="mt-5" disabled={pending}>
          <Plus className="h-4 w-4" /> {pending ? "Creating…" : "Create group"}
        </Button>
      </form>
      {state.ok && state.message && <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{state.message}</p>}
    </div>
  );
}

export function GroupActions({ name, members }: { name: string; members: number }) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const router = useRouter();
  const close = useCallback(() => setDialog(null), []);
  return (
    <div className="flex items-center gap-1">
      <Button size="sm" variant="ghost" onClick={() => setDialog("rename")} aria-label={`Rename group ${name}`}>
        <Pencil className="h-3.5 w-3.5" /> Rename
      </Button>
      <Button size="sm" variant="ghost" className="text-red-600 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950" onClick={() => setDialog("delete")} aria-label={`Delete group ${name}`}>
        <Trash2 className="h-3.5 w-3.5" /> Delete
      </Button>
      <Dialog open={dialog === "rename"} onClose={close} title={`Rename group “${name}”`} description="Permissions shared with the group stay with it.">
        <RenameForm action={renameGroupAction} fields={{ name }} field="newName" name={name} label="New name" maxLength={255} onDone={close} />
      </Dialog>
      <DeleteDialog open={dialog === "delete"} onClose={close} title={`Delete group “${name}”?`} confirmLabel="Delete group" onConfirm={() => deleteGroupAction(name)} onDone={() => router.refresh()}>
        Its {members} member{members === 1 ? "" : "s"} lose whatever only this group gave them; the users themselves stay.
      </DeleteDialog>
    </div>
  );
}

/** Members as chips (with remove), and a form to add one by username. */
export function GroupMembers({ group, members, usernames }: { group: string; members: string[]; usernames: string[] }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(addGroupMemberAction, IDLE);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [removing, start] = useTransition();
  const router = useRouter();
  const listId = `users-for-${group}`;
  const candidates = usernames.filter((u) => !members.includes(u));
  return (
    <div className="space-y-2">
      <ul className="flex flex-wrap gap-1.5" aria-label={`Members of ${group}`}>
        {members.map((m) => (
          <li key={m} className="inline-flex items-center rounded-md bg-zinc-100 py-0.5 pr-0.5 pl-2 text-xs dark:bg-zinc-800">
            {m}
            <button
              type="button"
              disabled={removing}
              aria-label={`Remove ${m} from ${group}`}
              className="ml-1 rounded p-0.5 text-zinc-400 hover:bg-zinc-200 hover:text-red-600 dark:hover:bg-zinc-700"
              onClick={() =>
                start(async () => {
                  const r = await removeGroupMemberAction(group, m);
                  setRemoveError(r.ok ? null : (r.message ?? "Failed"));
                  if (r.ok) router.refresh();
                })
              }
            >
              <X className="h-3 w-3" />
            </button>
          </li>
        ))}
        {members.length === 0 && <li className="text-xs text-zinc-500">No members yet.</li>}
      </ul>
      <FieldError>{removeError}</FieldError>
      <form action={action} className="flex items-start gap-2">
        <input type="hidden" name="groupName" value={group} />
        <div>
          <Input name="username" list={listId} required placeholder="username" aria-label={`Add a member to ${group}`} autoComplete="off" className="h-8 w-48 text-xs" aria-invalid={!!state.fieldErrors?.username} />
          <datalist id={listId}>
            {candidates.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
          <FieldError>{state.fieldErrors?.username?.[0] ?? (!state.ok ? state.message : undefined)}</FieldError>
        </div>
        <Button type="submit" size="sm" className="h-8" disabled={pending}>
          <UserPlus className="h-3.5 w-3.5" /> Add member
        </Button>
      </form>
    </div>
  );
}
