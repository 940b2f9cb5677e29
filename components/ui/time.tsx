"use client";
import { useSyncExternalStore } from "react";
import { formatRelative, formatTimestamp } from "@/lib/format";

// One shared clock for every <TimeAgo>: the server render (and hydration) shows the
// absolute time; the browser then switches to relative time and refreshes it every 15 seconds.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 15_000);
  }
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Relative time ("3 minutes ago") with the absolute time on hover. */
export function TimeAgo({ ms, className }: { ms: number | null | undefined; className?: string }) {
  const clock = useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
  if (ms === null || ms === undefined) return <span className={className}>—</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatTimestamp(ms)} className={className} suppressHydrationWarning>
      {clock === null ? formatTimestamp(ms) : formatRelative(ms, clock)}
    </time>
  );
}
