"use client";
import { useSyncExternalStore } from "react";
import { formatRelative, formatTimestamp } from "@/lib/format";

// One shared clock for every <TimeAgo>: the server render (and hydration) shows the
// absolute time; the browser then switches to relative time and refreshes it every 15 seconds.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
// Rounded to 10 s so consecutive reads agree (useSyncExternalStore needs a stable snapshot).
const tick = () => Math.floor(Date.now() / 10_000) * 10_000;
let now = tick();

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  if (!timer) {
    timer = setInterval(() => {
      now = tick();
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
    // With no subscriber the shared clock is idle and may be stale (client-side navigation
    // long after the module loaded): read the time afresh.
    () => (timer ? now : (now = tick())),
    () => null,
  );
  if (ms === null || ms === undefined) return <span className={className}>—</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatTimestamp(ms)} className={className} suppressHydrationWarning>
      {/* The shared clock is rounded down to 10 s: a moment "in the future" is just now. */}
      {clock === null ? formatTimestamp(ms) : formatRelative(ms > clock && ms - clock < 60_000 ? clock : ms, clock)}
    </time>
  );
}
