"use client";
// One error boundary for every UI page: failures show inside the app shell with a retry.
import { Button } from "@/components/ui/button";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
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
