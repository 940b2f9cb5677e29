"use client";
import { useEffect, useState } from "react";
import { formatRelative, formatTimestamp } from "@/lib/format";

/** Relative time ("3 minutes ago") with the absolute time on hover; re-renders every minute. */
export function TimeAgo({ ms, className }: { ms: number | null | undefined; className?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  if (ms === null || ms === undefined) return <span className={className}>—</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatTimestamp(ms)} className={className} suppressHydrationWarning>
      {now === null ? formatTimestamp(ms) : formatRelative(ms, now)}
    </time>
  );
}
