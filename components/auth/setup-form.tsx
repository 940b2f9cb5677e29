"use client";
import { useActionState } from "react";
import { setupAction } from "@/lib/actions/auth";
import { IDLE, type ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";

export function SetupForm() {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setupAction, IDLE);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4">
      <div>
        <label htmlFor="code" className="mb-1 block text-sm font-medium">Setup code</label>
        <Input id="code" name="code" required autoFocus autoComplete="off" className="font-mono" defaultValue={state.values?.code} aria-invalid={!!fe.code} />
        <FieldError>{fe.code?.[0]}</FieldError>
      </div>
      <div>
        <label htmlFor="username" className="mb-1 block text-sm font-medium">Administrator username</label>
        <Input id="username" name="username" required autoComplete="username" defaultValue={state.values?.username} aria-invalid={!!fe.username} />
        <FieldError>{fe.username?.[0]}</FieldError>
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">Password (at least 12 characters)</label>
        <Input id="password" name="password" type="password" required minLength={12} autoComplete="new-password" aria-invalid={!!fe.password} />
        <FieldError>{fe.password?.[0]}</FieldError>
      </div>
      {state.message && !Object.values(fe).some(Boolean) && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{state.message}</p>}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create the administrator"}
      </Button>
    </form>
  );
}
