"use client";
// One error boundary for every UI page: failures show inside the app shell with a retry. A page
// the user may not see (PERMISSION_DENIED) or may no longer see (the session ended) gets an
// access page instead — never a crash.
import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  if (error.digest === "RUNBOARD_PERMISSION_DENIED" || error.digest === "RUNBOARD_UNAUTHENTICATED") {
    const signedOut = error.digest === "RUNBOARD_UNAUTHENTICATED";
    const next = typeof window === "undefined" ? "" : `?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    return (
      <div role="alert" className="mx-auto mt-10 max-w-xl rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
        <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{signedOut ? "401" : "403"}</p>
        <h2 className="mt-1 font-semibold">{signedOut ? "Sign in to see this page" : "You don't have access to this page"}</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {signedOut ? "Your session has ended." : "It does not exist, or nobody has shared it with you. Ask its owner to share it with you or your group."}
        </p>
        <div className="mt-4 flex gap-2">
          {signedOut ? (
            <a href={`/sign-in${next}`} className={buttonClass({ variant: "primary" })}>Sign in</a>
          ) : (
            <Link href="/experiments" className={buttonClass()}>Back to experiments</Link>
          )}
        </div>
      </div>
    );
  }
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950/40">
      <h2 className="font-semibold text-red-800 dark:text-red-300">Something went wrong loading this page</h2>
      <p className="mt-1 font-mono text-sm break-words text-red-700 dark:text-red-400">{error.message || "Unexpected error"}</p>
      {error.digest && <p className="mt-1 text-xs text-red-600/70">Reference: {error.digest}</p>}
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
