import { notFound, redirect } from "next/navigation";
import { getRunInfo } from "@/lib/domain/runs/read";

export const dynamic = "force-dynamic";

/** /runs/<id> → the run's page under its experiment (handy for links that only know the run id). */
export default async function RunRedirect({ params, searchParams }: PageProps<"/runs/[runId]">) {
  const { runId } = await params;
  const info = await getRunInfo(runId);
  if (!info) notFound();
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") sp.set(k, v);
  const qs = sp.toString();
  redirect(`/experiments/${info.experimentId}/runs/${runId}${qs ? `?${qs}` : ""}`);
}
