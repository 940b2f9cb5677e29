"use client";
import { useActionState } from "react";
import { signOutAction } from "@/lib/actions/auth";
import { IDLE, type ActionResult } from "@/lib/actions/result";

export function SignOutButton() {
  const [, action, pending] = useActionState<ActionResult, FormData>(signOutAction, IDLE);
  return (
    <form action={action}>
      <button type="submit" disabled={pending} className="rounded px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
        Sign out
      </button>
    </form>
  );
}
