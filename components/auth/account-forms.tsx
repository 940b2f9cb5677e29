"use client";
// The account page's forms: change password, create a token (its secret shown once, with the
// shell line that points the MLflow client at it), revoke a token.
import { useActionState, useTransition } from "react";
import { changePasswordAction, createTokenAction, revokeTokenAction } from "@/lib/actions/auth";
import { IDLE, type ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FieldError, Input, inputClass } from "@/components/ui/input";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<ActionResult, FormData>(changePasswordAction, IDLE);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="max-w-sm space-y-3">
      <div>
        <label htmlFor="currentPassword" className="mb-1 block text-sm font-medium">Current password</label>
        <Input id="currentPassword" name="currentPassword" type="password" required autoComplete="current-password" aria-invalid={!!fe.currentPassword} />
        <FieldError>{fe.currentPassword?.[0]}</FieldError>
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">New password (at least 12 characters)</label>
        <Input id="password" name="password" type="password" required minLength={12} autoComplete="new-password" aria-invalid={!!fe.password} />
        <FieldError>{fe.password?.[0]}</FieldError>
      </div>
      {state.ok && state.message && <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">{state.message}</p>}
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Change password"}</Button>
    </form>
  );
}

type Created = ActionResult<{ secret: string; name: string }>;

export function CreateTokenForm({ trackingUri }: { trackingUri: string }) {
  const [state, action, pending] = useActionState<Created, FormData>(createTokenAction, IDLE as Created);
  const snippet = state.ok ? `export MLFLOW_TRACKING_URI=${trackingUri}\nexport MLFLOW_TRACKING_TOKEN=${state.data.secret}` : "";
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="token-name" className="mb-1 block text-sm font-medium">Name</label>
          <Input id="token-name" name="name" required maxLength={100} placeholder="laptop, CI, notebook…" className="w-56" aria-invalid={!!state.fieldErrors?.name} />
        </div>
        <div>
          <label htmlFor="token-expiry" className="mb-1 block text-sm font-medium">Expires</label>
          <select id="token-expiry" name="expiresInDays" defaultValue="90" className={inputClass + " w-36"}>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="">never</option>
          </select>
        </div>
        <Button type="submit" variant="primary" disabled={pending}>{pending ? "Creating…" : "Create token"}</Button>
      </form>
      <FieldError>{state.fieldErrors?.name?.[0] ?? (!state.ok ? state.message : undefined)}</FieldError>
      {state.ok && (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 dark:border-emerald-900 dark:bg-emerald-950/40" data-testid="new-token">
          <p className="text-sm font-medium text-emerald-800 dark:text-emerald-300">Token “{state.data.name}” created. Copy it now: it is shown only once.</p>
          <div className="mt-2 flex items-start gap-2">
            <pre className="flex-1 overflow-x-auto rounded bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100 dark:bg-black">{snippet}</pre>
            <CopyButton value={snippet} label="Copy" />
          </div>
        </div>
      )}
    </div>
  );
}

export function RevokeTokenButton({ id, name }: { id: number; name: string }) {
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant="danger"
      disabled={pending}
      aria-label={`Revoke ${name}`}
      onClick={() => {
        if (confirm(`Revoke the token “${name}”? Anything using it stops working at once.`)) start(async () => void (await revokeTokenAction(id)));
      }}
    >
      {pending ? "Revoking…" : "Revoke"}
    </Button>
  );
}
