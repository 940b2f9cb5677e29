"use client";
import { useActionState } from "react";
import { signInAction } from "@/lib/actions/auth";
import { IDLE, type ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(signInAction, IDLE);
  const fe = state.fieldErrors ?? {};
  const formError = !fe.username && !fe.password ? state.message : undefined;
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="next" value={next ?? ""} />
      <div>
        <label htmlFor="username" className="mb-1 block text-sm font-medium">Username</label>
        <Input id="username" name="username" autoComplete="username" required autoFocus defaultValue={state.values?.username} aria-invalid={!!fe.username} />
        <FieldError>{fe.username?.[0]}</FieldError>
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">Password</label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={!!fe.password} />
        <FieldError>{fe.password?.[0]}</FieldError>
      </div>
      {formError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/40 dark:text-red-300">
          {formError}
        </p>
      )}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
