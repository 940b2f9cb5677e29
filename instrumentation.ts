// Runs once when a server process starts (Next.js instrumentation hook): background jobs.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startPurgeSchedule } = await import("@/lib/purge-schedule");
  startPurgeSchedule();
}
