import { Badge } from "@/components/ui/badge";

const tones = { running: "blue", finished: "green", failed: "red", interrupted: "amber" } as const;

/** An import job's status; "finished" with failures says so. */
export function ImportStatusBadge({ status, failed = 0 }: { status: string; failed?: number }) {
  const tone = status === "finished" && failed > 0 ? "amber" : (tones[status as keyof typeof tones] ?? "neutral");
  return (
    <Badge tone={tone}>
      {status === "running" && <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      {status.charAt(0).toUpperCase() + status.slice(1)}
      {status === "finished" && failed > 0 ? ` with ${failed.toLocaleString("en-US")} failed` : ""}
    </Badge>
  );
}
