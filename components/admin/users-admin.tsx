"use client";
// The admin Users page's forms: create a user, and per user: reset the password, make or revoke
// administrator, delete (confirmed in a dialog). The domain refuses what must not happen
// (deleting yourself, demoting or deleting the last administrator); its message shows here.
import { useActionState, useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { KeyRound, ShieldCheck, ShieldOff, Trash2, UserPlus } from "lucide-react";
import { createUserAction, deleteUserAction, resetPasswordAction, setAdminAction } from "@/lib/actions/admin";
import { IDLE, type ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, Input } from "@/components/ui/input";

export function CreateUserForm() {
  const [state, action, pending] = useActionState<ActionResult, FormData>(createUserAction, IDLE);
  const fe = state.fieldErrors ?? {};
  // A new form (cleared fields) after each success.
  const [round, setRound] = useState(0);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    if (state.ok) setRound((r) => r + 1);
  }
  return (
    <div className="space-y-2">
      <form key={round} action={action} className="flex flex-wrap items-start gap-2" aria-label="Create user">
        <div>
          <label htmlFor="new-username" className="mb-1 block text-xs font-medium">Username</label>
          <Input id="new-username" name="username" required maxLength={255} autoComplete="off" className="w-48" defaultValue={state.values?.username} aria-invalid={!!fe.username} />
          <FieldError>{fe.username?.[0]}</FieldError>
        </div>
        <div>
          <label htmlFor="new-password" className="mb-1 block text-xs font-medium">Initial password (12+ characters)</label>
          <Input id="new-password" name="password" type="password" required minLength={12} autoComplete="new-password" className="w-60" aria-invalid={!!fe.password} />
          <FieldError>{fe.password?.[0]}</FieldError>
        </div>
        <label className="mt-6 flex items-center gap-1.5 text-sm">
          <input type="checkbox" name="isAdmin" className="h-4 w-4 accent-indigo-600" /> Administrator
        </label>
        <Button type="submit" variant="primary" className="mt-5" disabled={pending}>
          <UserPlus className="h-4 w-4" /> {pending ? "Creating…" : "Create user"}
        </Button>
      </form>
      {!state.ok && state.message && !fe.username && !fe.password && <FieldError>{state.message}</FieldError>}
      {state.ok && state.message && <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{state.message}</p>}
    </div>
  );
}

export function UserActions({ user, isSelf }: { user: { username: string; isAdmin: boolean }; isSelf: boolean }) {
  const [dialog, setDialog] = useState<"password" | "delete" | "admin" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const close = () => {
    setDialog(null);
    setError(null);
  };
  const run = (fn: () => Promise<ActionResult<void>>) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) setError(r.message ?? "Failed");
      else {
        close();
        router.refresh();
      }
    });
  return (
    <div className="flex items-center justify-end gap-1">
      {!isSelf && (
        <Button size="sm" variant="ghost" onClick={() => setDialog("password")} aria-label={`Reset password of ${user.username}`}>
          <KeyRound className="h-3.5 w-3.5" /> Reset password
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={() => setDialog("admin")} aria-label={`${user.isAdmin ? "Revoke administrator from" : "Make administrator"} ${user.username}`}>
        {user.isAdmin ? <ShieldOff className="h-3.5 w-3.5" /> : <ShieldCheck className="h-3.5 w-3.5" />} {user.isAdmin ? "Revoke admin" : "Make admin"}
      </Button>
      {!isSelf && (
        <Button size="sm" variant="ghost" className="text-red-600 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950" onClick={() => setDialog("delete")} aria-label={`Delete ${user.username}`}>
          <Trash2 className="h-3.5 w-3.5" /> Delete
        </Button>
      )}
      <Dialog open={dialog === "password"} onClose={close} title={`Reset the password of “${user.username}”`} description="Their sessions end at once; Basic credentials with the old password stop working. Tokens keep working.">
        <ResetPasswordForm username={user.username} onDone={close} />
      </Dialog>
      <Dialog
        open={dialog === "admin"}
        onClose={close}
        title={user.isAdmin ? `Revoke administrator from “${user.username}”?` : `Make “${user.username}” an administrator?`}
        description={
          user.isAdmin
            ? isSelf
              ? "You lose access to the admin pages and to everything not shared with you."
              : "They keep only what is shared with them or their groups."
            : "Administrators may read, change, delete and share everything, and manage users and groups."
        }
      >
        <FieldError>{error}</FieldError>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button variant={user.isAdmin ? "danger" : "primary"} disabled={pending} onClick={() => run(() => setAdminAction(user.username, !user.isAdmin))}>
            {user.isAdmin ? "Revoke admin" : "Make admin"}
          </Button>
        </div>
      </Dialog>
      <Dialog open={dialog === "delete"} onClose={close} title={`Delete “${user.username}”?`} description="Their sessions, tokens, group memberships and permissions go with them. Runs and versions they logged keep their name.">
        <FieldError>{error}</FieldError>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button variant="danger" disabled={pending} onClick={() => run(() => deleteUserAction(user.username))}>
            {pending ? "Deleting…" : "Delete user"}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

function ResetPasswordForm({ username, onDone }: { username: string; onDone: () => void }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(resetPasswordAction, IDLE);
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="username" value={username} />
      <div>
        <label htmlFor={`reset-${username}`} className="mb-1 block text-sm font-medium">New password (at least 12 characters)</label>
        <Input id={`reset-${username}`} name="password" type="password" required minLength={12} autoComplete="new-password" autoFocus aria-invalid={!!state.fieldErrors?.password} />
        <FieldError>{state.fieldErrors?.password?.[0] ?? (!state.ok ? state.message : undefined)}</FieldError>
      </div>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>{pending ? "Saving…" : "Set password"}</Button>
      </div>
    </form>
  );
}
