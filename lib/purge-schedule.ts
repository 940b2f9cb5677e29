import "server-only";
import { parseRetention, runScheduledPurge } from "@/lib/domain/purge";

// The purge schedule (started once per server process by instrumentation.ts): with
// RUNBOARD_PURGE_AFTER set (e.g. `30d`), every RUNBOARD_PURGE_INTERVAL (default `1h`, first run a
// minute after start) what was deleted longer ago than that is purged (lib/domain/purge.ts).
// Every instance runs the schedule; an advisory lock lets one of them work at a time.

const g = globalThis as unknown as { runboardPurgeScheduled?: boolean };

export function startPurgeSchedule(env: NodeJS.ProcessEnv = process.env): void {
  if (g.runboardPurgeScheduled || !env.RUNBOARD_PURGE_AFTER) return;
  g.runboardPurgeScheduled = true;
  const retention = parseRetention(env.RUNBOARD_PURGE_AFTER);
  const every = parseRetention(env.RUNBOARD_PURGE_INTERVAL ?? "1h");
  if (retention === null || every === null || every <= 0) {
    console.error(`[runboard] RUNBOARD_PURGE_AFTER='${env.RUNBOARD_PURGE_AFTER}' / RUNBOARD_PURGE_INTERVAL='${env.RUNBOARD_PURGE_INTERVAL ?? ""}' are not durations like 30d, 12h, 90m: nothing will be purged.`);
    return;
  }
  const tick = async () => {
    try {
      const r = await runScheduledPurge(retention);
      if (r && r.runs + r.loggedModels + r.experiments > 0) {
        console.log(`[runboard] purged ${r.runs} run(s), ${r.loggedModels} logged model(s), ${r.experiments} experiment(s) deleted more than ${env.RUNBOARD_PURGE_AFTER} ago${r.keptForModelVersions ? ` (kept ${r.keptForModelVersions} that model versions use)` : ""}`);
      }
    } catch (e) {
      console.error("[runboard] purge failed (retried at the next interval)", e);
    }
  };
  setTimeout(tick, 60_000).unref();
  setInterval(tick, every).unref();
}
