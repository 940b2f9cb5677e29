// The Import page's read model of a job's stored report (written by `npm run import`, see
// scripts/lib/import/run.mjs) and of its live progress: plain data, parsed tolerantly — a
// report from an older importer, or a field it did not write, shows as absent, never as an error.
import { z } from "zod";
import "@/lib/schemas/zod-config";

const num = z.number().catch(0);
const optNum = z.number().optional().catch(undefined);
const str = z.string().catch("");
const optStr = z.string().optional().catch(undefined);

/** Counts of one phase, as the report (listed / metric_points / artifact_*) or the progress (total / points / files / bytes) has them. */
const phase = z
  .object({
    listed: optNum,
    total: optNum,
    copied: num,
    skipped: num,
    failed: num,
    versions: optNum,
    metric_points: optNum,
    points: optNum,
    artifact_files: optNum,
    files: optNum,
    artifact_bytes: optNum,
    bytes: optNum,
    seconds: optNum,
  })
  .transform((p) => ({
    listed: p.listed ?? p.total ?? 0,
    copied: p.copied,
    skipped: p.skipped,
    failed: p.failed,
    versions: p.versions ?? 0,
    points: p.metric_points ?? p.points ?? 0,
    files: p.artifact_files ?? p.files ?? 0,
    bytes: p.artifact_bytes ?? p.bytes ?? 0,
    seconds: p.seconds ?? null,
  }));
export type ImportPhaseView = z.output<typeof phase> & { name: string };

const phases = z.record(z.string(), phase).catch({});

const experiment = z.object({
  source_id: str,
  name: str,
  id: optStr,
  result: str,
  id_kept: z.boolean().optional().catch(undefined),
  reason: optStr,
});

const failure = z.object({ kind: str, id: str, name: optStr, reason: str });

const reportSchema = z.object({
  status: optStr,
  seconds: optNum,
  counts: phases,
  experiments: z.array(experiment).catch([]),
  failures: z.array(failure).catch([]),
  failuresOmitted: optNum,
  warnings: z.array(z.string()).catch([]),
  error: optStr,
  target: optStr,
  requests: z
    .object({ source: z.object({ requests: num, retries: num }).optional().catch(undefined), target: z.object({ requests: num, retries: num }).optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

const progressSchema = z.object({ phase: z.string().nullable().catch(null), phases });

export interface ImportReportView {
  phases: ImportPhaseView[];
  experiments: z.output<typeof experiment>[];
  failures: z.output<typeof failure>[];
  failuresOmitted: number;
  warnings: string[];
  error: string | null;
  seconds: number | null;
  /** The phase running now (live progress only). */
  currentPhase: string | null;
  requests: { source: number; target: number; retries: number } | null;
}

const toPhases = (p: Record<string, z.output<typeof phase>>) => Object.entries(p).map(([name, c]) => ({ name, ...c }));

/** The view of a job: its final report, else its last progress. */
export function importReportView(report: unknown, progress: unknown): ImportReportView {
  if (report && typeof report === "object") {
    const r = reportSchema.parse(report);
    const req = r.requests;
    return {
      phases: toPhases(r.counts),
      experiments: r.experiments,
      failures: r.failures,
      failuresOmitted: r.failuresOmitted ?? 0,
      warnings: r.warnings,
      error: r.error ?? null,
      seconds: r.seconds ?? null,
      currentPhase: null,
      requests: req ? { source: req.source?.requests ?? 0, target: req.target?.requests ?? 0, retries: (req.source?.retries ?? 0) + (req.target?.retries ?? 0) } : null,
    };
  }
  const p = progressSchema.safeParse(progress ?? {});
  const view = p.success ? p.data : { phase: null, phases: {} };
  return { phases: toPhases(view.phases), experiments: [], failures: [], failuresOmitted: 0, warnings: [], error: null, seconds: null, currentPhase: view.phase, requests: null };
}

/** Copied / unchanged / failed over every phase. */
export function totals(v: ImportReportView) {
  return v.phases.reduce((a, p) => ({ copied: a.copied + p.copied, skipped: a.skipped + p.skipped, failed: a.failed + p.failed }), { copied: 0, skipped: 0, failed: 0 });
}
