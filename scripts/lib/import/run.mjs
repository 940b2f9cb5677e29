// `npm run import`: copies an MLflow-compatible server into a running Runboard, phase by phase —
// experiments (ids kept when free, mapped otherwise), registered models and prompts (versions,
// aliases, tags), logged models (with artifacts), runs (params, tags, full metric histories,
// inputs, outputs, artifacts) — and reports what it copied, skipped and could not copy.
//
// Resumable and idempotent: the target keeps, per source, a fingerprint of every entity it
// copied (import state), so a second import — or one after an interruption — copies only what is
// new or changed. Each run, logged model and registered model is written whole in one
// transaction by the target (artifacts are copied first, so a committed run has them all).
// Fast: searches page by 1,000, histories come 25,000 points per get-history-bulk call for up to
// 100 runs, runs are written in one request each (long histories in 25,000-point chunks), and
// everything runs with bounded concurrency.

import { createHash, randomUUID } from "node:crypto";
import { HttpError } from "./http.mjs";
import { BULK_MAX_RUNS, proxiedArtifactPath } from "./source.mjs";
import { bytes } from "./progress.mjs";

/** Points per request to the target (its limit is 25,000). */
export const POINTS_PER_REQUEST = 25_000;
/** Runs whose history is estimated above this are read key by key with get-history paging. */
const BULK_RUN_ESTIMATE_MAX = 20_000;
/** Artifact files up to this size travel inline with their run's or model's commit… */
const INLINE_FILE_MAX = 256 * 1024;
/** …up to this many bytes per commit (the target accepts 8 MB; base64 adds a third). */
const INLINE_BYTES_PER_REQUEST = 2 * 1024 * 1024;
/** Runs handled together: their histories are fetched in shared bulk calls. */
const RUN_GROUP = 100;
/** After this many entities in a row fail with exhausted retries, the servers are considered down. */
const CONSECUTIVE_FAILURES_FATAL = 25;

// ───────────────────────────── helpers ─────────────────────────────

/** Canonical JSON: object keys sorted, arrays sorted by their elements' canonical form (order carries no meaning in these entities). */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** A content fingerprint of an entity as the source returned it. */
export const fingerprint = (v) => createHash("sha256").update(canonical(v)).digest("hex").slice(0, 32);

/** A bounded pool: `add` waits while `size` tasks run; `drain` waits for all. Errors are the task's own business. */
function taskPool(size) {
  const running = new Set();
  return {
    async add(fn) {
      while (running.size >= size) await Promise.race(running);
      const p = Promise.resolve()
        .then(fn)
        .finally(() => running.delete(p));
      running.add(p);
    },
    async drain() {
      while (running.size) await Promise.race(running);
    },
  };
}

/** Runs fn over items with at most n at once. */
async function eachLimit(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

const chunks = (list, n) => Array.from({ length: Math.ceil(list.length / n) }, (_, i) => list.slice(i * n, (i + 1) * n));
const errorText = (e) => (e instanceof HttpError ? e.message : e?.message ?? String(e));
const sameValue = (a, b) => String(a) === String(b) || (Number(a) === Number(b) && Number.isFinite(Number(a)));

/** The history of one key ends at the run's latest value (MLflow keeps both; a cut history would not). */
function containsLatest(points, latest) {
  return points.some((p) => Number(p[0]) === Number(latest.step ?? 0) && Number(p[1]) === Number(latest.timestamp) && sameValue(p[2], latest.value));
}

/** Estimated history length of a run's key (a logged step per point, from 0). */
const estimate = (m) => Math.max(1, Math.min(Number(m.step ?? 0) + 1, 1e9));

// ───────────────────────────── the import ─────────────────────────────

/**
 * @param {{
 *   source: ReturnType<import("./source.mjs").mlflowSource>,
 *   target: ReturnType<import("./target.mjs").runboardTarget>,
 *   sourceUrl: string, targetUrl: string,
 *   experiments?: string[], since?: number, skip?: Set<string>,
 *   concurrency?: number, full?: boolean, checkArtifacts?: boolean, pointsPerRequest?: number,
 *   progress: import("./progress.mjs").Progress,
 *   signal?: AbortSignal,
 * }} o
 */
export async function runImport(o) {
  const { source, target, progress } = o;
  const skip = o.skip ?? new Set();
  const concurrency = Math.max(1, o.concurrency ?? 8);
  const perRequest = Math.min(o.pointsPerRequest ?? POINTS_PER_REQUEST, POINTS_PER_REQUEST);
  const bulkEstimateMax = Math.min(BULK_RUN_ESTIMATE_MAX, Math.floor(source.bulkMax * 0.8));
  const log = (m) => progress.log(m);
  const startedAt = Date.now();
  const failures = [];
  const warnings = [];
  let consecutiveRetryFailures = 0;
  let fatal = null;
  const stopped = () => fatal !== null || o.signal?.aborted;

  const options = {
    experiments: o.experiments ?? null,
    since: o.since === undefined ? null : new Date(o.since).toISOString(),
    skip: [...skip],
    concurrency,
    full: !!o.full,
    checkArtifacts: !!o.checkArtifacts,
  };
  const started = await target.start(o.sourceUrl, options);
  const jobId = started.job.job_id;
  if (started.previous) {
    const p = started.previous;
    log(`[import] job ${jobId}; the previous import from this source (job ${p.job_id}) ${p.status === "interrupted" ? "was interrupted: resuming" : `${p.status}`}; ${Object.entries(started.known).map(([k, n]) => `${n} ${k.replace("_", " ")}s`).join(", ")} already copied`);
  } else log(`[import] job ${jobId}: first import from ${started.job.source_url}`);

  const heartbeat = setInterval(() => {
    target.progress(jobId, progress.snapshot()).catch(() => {});
  }, 5000);
  heartbeat.unref();

  /** Records an entity failure (the import goes on); many retry-exhausted failures in a row are fatal. */
  const fail = (phase, kind, id, e, name) => {
    phase.failed++;
    const reason = errorText(e);
    failures.push({ kind, id, ...(name ? { name } : {}), reason });
    if (e instanceof HttpError && e.retryable) {
      if (++consecutiveRetryFailures >= CONSECUTIVE_FAILURES_FATAL && !fatal) fatal = new Error(`giving up: ${consecutiveRetryFailures} entities in a row failed after retries (last: ${reason})`);
    } else consecutiveRetryFailures = 0;
  };
  const ok = () => (consecutiveRetryFailures = 0);

  const state = {};
  /** @type {Record<string, any>} */
  const report = { job_id: jobId, source: started.job.source_url, target: o.targetUrl, status: "running", started_at: new Date(startedAt).toISOString(), options, experiments: [], counts: {}, failures, warnings };
  let status = "finished";

  try {
    for (const kind of ["experiment", "registered_model", "logged_model", "run"]) state[kind] = await target.state(jobId, kind);

    // ───── experiments ─────
    const expPhase = progress.phase("experiments");
    const all = await source.experiments();
    let selected = all;
    if (o.experiments?.length) {
      const wanted = new Set(o.experiments);
      selected = all.filter((e) => wanted.has(e.name) || wanted.has(e.experiment_id));
      const found = new Set(selected.flatMap((e) => [e.name, e.experiment_id]));
      const missing = o.experiments.filter((w) => !found.has(w));
      if (missing.length) throw new Error(`no experiment ${missing.map((m) => `'${m}'`).join(", ")} at the source (give names or ids)`);
    }
    expPhase.total = selected.length;
    expPhase.listed = true;
    /** source experiment id → { id, artifactLocation } here */
    const mapping = new Map();
    const changed = [];
    for (const e of selected) {
      const fp = fingerprint(e);
      const prev = state.experiment.get(e.experiment_id);
      if (prev && prev.fingerprint === fp && !o.full && prev.detail?.artifactLocation) {
        mapping.set(e.experiment_id, { id: prev.target_key, artifactLocation: prev.detail.artifactLocation });
        report.experiments.push({ source_id: e.experiment_id, name: e.name, id: prev.target_key, result: "unchanged" });
        expPhase.skipped++;
      } else changed.push({ fingerprint: fp, experiment: e });
    }
    for (const batch of chunks(changed, 100)) {
      const res = await target.experiments(jobId, batch);
      for (const r of res.experiments) {
        const entry = { source_id: r.source_experiment_id, name: r.name, id: r.experiment_id, result: r.result, id_kept: r.id_kept, reason: r.reason };
        report.experiments.push(entry);
        if (r.result === "failed") {
          fail(expPhase, "experiment", r.source_experiment_id, new Error(r.reason), r.name);
          continue;
        }
        expPhase.copied++;
        mapping.set(r.source_experiment_id, { id: r.experiment_id, artifactLocation: r.artifact_location });
        if (!r.id_kept) log(`[import] experiment ${r.source_experiment_id} '${r.name}' → ${r.experiment_id} here (${r.reason ?? r.result})`);
      }
    }
    progress.end(expPhase);

    // ───── registered models and prompts ─────
    for (const prompts of [false, true]) {
      if (stopped()) break;
      if (skip.has(prompts ? "prompts" : "registry")) continue;
      const phase = progress.phase(prompts ? "prompts" : "registered models");
      let models = await source.registeredModels({ prompts });
      if (o.since !== undefined) models = models.filter((m) => Number(m.last_updated_timestamp ?? 0) >= o.since);
      phase.total = models.length;
      phase.listed = true;
      await eachLimit(models, concurrency, async (m) => {
        if (stopped()) return;
        try {
          const versions = await source.modelVersions(m.name, { prompt: prompts });
          const { latest_versions: _latest, ...rm } = m;
          void _latest;
          const fp = fingerprint({ rm, versions });
          const prev = state.registered_model.get(m.name);
          if (prev && prev.fingerprint === fp && !o.full) {
            phase.skipped++;
            return;
          }
          const res = await target.registeredModel({ job_id: jobId, fingerprint: fp, registered_model: rm, model_versions: versions });
          phase.copied++;
          phase.versions += res.versions;
          ok();
        } catch (e) {
          fail(phase, prompts ? "prompt" : "registered_model", m.name, e);
        }
      });
      progress.end(phase);
    }

    // ───── logged models ─────
    /** @type {Map<string, Promise<boolean>>} model id → imported (or already here) */
    const models = new Map();
    const modelPhase = skip.has("logged-models") ? null : progress.phase("logged models");

    /**
     * Copies the artifacts of a run or model that are new or changed since `previous` (a
     * {path: size} manifest): small files are read into memory and returned to go inline with
     * the entity's commit (one request instead of one per file); larger ones are streamed to
     * the target's artifact store now.
     * @returns {Promise<{ manifest: Record<string, number>, files: { path: string, data: string }[] }>}
     */
    const copyArtifacts = async (phase, kind, id, sourceUri, artifactUri, previous) => {
      if (skip.has("artifacts")) return { manifest: {}, files: [] };
      const listed = await source.listArtifacts(kind, id, sourceUri);
      const manifest = {};
      const todo = [];
      for (const f of listed) {
        if (!o.full && previous && f.size !== null && previous[f.path] === f.size) manifest[f.path] = f.size;
        else todo.push(f);
      }
      if (todo.length && !proxiedArtifactPath(artifactUri, "x")) throw new Error(`its artifact location here (${artifactUri}) is not Runboard's artifact store`);
      let budget = INLINE_BYTES_PER_REQUEST;
      const files = [];
      await eachLimit(todo, 4, async (f) => {
        const dl = source.artifactDownload(kind, id, f.path, sourceUri);
        let n;
        if (f.size !== null && f.size <= INLINE_FILE_MAX && budget >= f.size) {
          budget -= f.size;
          const data = await source.http.bytes(dl.path, dl.query, f.size);
          files.push({ path: f.path, data: data.toString("base64") });
          n = data.length;
        } else n = await source.http.copyTo(dl.path, dl.query, target.http, proxiedArtifactPath(artifactUri, f.path), f.size);
        manifest[f.path] = n;
        phase.files++;
        phase.bytes += n;
      });
      return { manifest, files };
    };

    const importModel = async (phase, model, lifecycle) => {
      const id = model.info.model_id;
      const exp = mapping.get(model.info.experiment_id);
      if (!exp) throw new Error(`its experiment ${model.info.experiment_id} was not imported`);
      const fp = fingerprint({ model, lifecycle });
      const prev = state.logged_model.get(id);
      if (prev && prev.fingerprint === fp && !o.full && !o.checkArtifacts) return "skipped";
      const uri = `${exp.artifactLocation.replace(/\/+$/, "")}/models/${id}/artifacts`;
      const { manifest, files } = await copyArtifacts(phase, "model", id, model.info.artifact_uri, uri, prev?.detail?.artifacts);
      if (prev && prev.fingerprint === fp && !o.full && canonical(manifest) === canonical(prev.detail?.artifacts ?? {})) return "skipped";
      await target.loggedModel({ job_id: jobId, fingerprint: fp, model, lifecycle_stage: lifecycle, artifacts: manifest, artifact_files: files });
      return "copied";
    };

    if (modelPhase) {
      const ids = [...mapping.keys()];
      for (const batch of chunks(ids, 100)) {
        if (stopped()) break;
        for await (const all of source.loggedModelPages(batch)) {
          const page = o.since === undefined ? all : all.filter((m) => Number(m.info.creation_timestamp_ms ?? 0) >= o.since);
          modelPhase.total += page.length;
          await eachLimit(page, concurrency, async (m) => {
            if (stopped()) return;
            const id = m.info.model_id;
            const p = importModel(modelPhase, m, "active").then(
              (r) => {
                modelPhase[r === "skipped" ? "skipped" : "copied"]++;
                ok();
                return true;
              },
              (e) => {
                fail(modelPhase, "logged_model", id, e, m.info.name);
                return false;
              },
            );
            models.set(id, p);
            await p;
          });
        }
      }
      modelPhase.listed = true;
      progress.end(modelPhase);
    }

    /** A model a run references but the search did not return (deleted, or of another experiment): fetched and imported once. */
    const ensureModel = (runPhase, id) => {
      if (!models.has(id)) {
        models.set(
          id,
          (async () => {
            if (state.logged_model.has(id) || skip.has("logged-models")) return state.logged_model.has(id);
            const model = await source.loggedModel(id);
            if (!model) return false;
            if (!mapping.has(model.info.experiment_id)) return false;
            await importModel(runPhase, model, "deleted");
            return true;
          })().catch((e) => {
            warnings.push(`logged model ${id}: ${errorText(e)}`);
            return false;
          }),
        );
      }
      return models.get(id);
    };

    // ───── runs ─────
    if (!skip.has("runs") && !stopped()) {
      const runPhase = progress.phase("runs");
      const groups = taskPool(3);

      /**
       * Histories of a group of runs: bulk calls for most, "stream" (get-history paging, run by
       * run) for runs with long histories, exact model/dataset fields, or a cut bulk answer.
       * @returns {Map<string, Map<string, unknown[][]>>} run → key → points (keys to stream are absent)
       */
      const groupHistories = async (runs) => {
        const out = new Map(runs.map((r) => [r.info.run_id, new Map()]));
        const byKey = new Map();
        for (const r of runs) {
          const latest = r.data?.metrics ?? [];
          const total = latest.reduce((a, m) => a + estimate(m), 0);
          // Runs that produced or used logged models may carry per-point model ids: read exactly.
          const exact = (r.outputs?.model_outputs?.length ?? 0) + (r.inputs?.model_inputs?.length ?? 0) > 0;
          if (exact || total > bulkEstimateMax) continue;
          for (const m of latest) {
            let list = byKey.get(m.key);
            if (!list) byKey.set(m.key, (list = []));
            list.push({ runId: r.info.run_id, estimate: estimate(m) });
          }
        }
        const calls = [];
        for (const [key, list] of byKey) {
          let pack = [];
          let sum = 0;
          for (const x of list) {
            if (pack.length && (pack.length >= BULK_MAX_RUNS || sum + x.estimate > bulkEstimateMax)) {
              calls.push({ key, runIds: pack });
              pack = [];
              sum = 0;
            }
            pack.push(x.runId);
            sum += x.estimate;
          }
          if (pack.length) calls.push({ key, runIds: pack });
        }
        const bulk = async ({ key, runIds }) => {
          const res = await source.metricHistoryBulk(runIds, key);
          if (!res) return; // no bulk endpoint: every key is streamed
          const rest = [];
          for (const id of runIds) {
            const points = res.byRun.get(id);
            if (points && !(res.truncated && id === res.lastRunId)) out.get(id).set(key, points);
            else rest.push(id);
          }
          if (!res.truncated || rest.length <= 1) return; // a lone run left over is streamed
          const half = Math.ceil(rest.length / 2);
          await Promise.all([bulk({ key, runIds: rest.slice(0, half) }), bulk({ key, runIds: rest.slice(half) })]);
        };
        await eachLimit(calls, concurrency, bulk);
        return out;
      };

      /** Copies one run: artifacts, then the run with its history in one commit (long histories staged first). */
      const copyRun = async ({ run, fp, prev }, historiesPromise) => {
        const id = run.info.run_id;
        const exp = mapping.get(run.info.experiment_id);
        const uri = `${exp.artifactLocation.replace(/\/+$/, "")}/${id}/artifacts`;
        const { manifest, files } = await copyArtifacts(runPhase, "run", id, run.info.artifact_uri, uri, prev?.detail?.artifacts);
        if (prev && prev.fingerprint === fp && !o.full && canonical(manifest) === canonical(prev.detail?.artifacts ?? {})) return "skipped";
        const modelIds = [...(run.inputs?.model_inputs ?? []), ...(run.outputs?.model_outputs ?? [])].map((m) => m.model_id);
        for (const mid of new Set(modelIds)) if (!(await ensureModel(runPhase, mid))) warnings.push(`run ${id}: logged model ${mid} is not at the source; the link is left out`);
        const histories = (await historiesPromise).get(id);

        // Metric points, buffered up to one request; beyond that, staged in chunks.
        const batch = randomUUID().replaceAll("-", "");
        let buffer = new Map();
        let buffered = 0;
        let staged = 0;
        let seq = 0;
        const groupsOf = (b) => [...b].map(([key, points]) => ({ key, points }));
        const flush = async () => {
          await target.stageMetrics({ job_id: jobId, run_id: id, batch, seq: seq++, metrics: groupsOf(buffer) });
          staged += buffered;
          buffer = new Map();
          buffered = 0;
        };
        const add = async (key, points) => {
          for (let i = 0; i < points.length; ) {
            if (buffered >= perRequest) await flush();
            const take = points.slice(i, i + (perRequest - buffered));
            const list = buffer.get(key);
            if (list) list.push(...take);
            else buffer.set(key, take);
            buffered += take.length;
            i += take.length;
          }
        };
        for (const latest of run.data?.metrics ?? []) {
          let points = histories?.get(latest.key);
          if (!points || !containsLatest(points, latest)) {
            // Streamed page by page, staged as it comes: a long history is never held whole.
            let seen = false;
            await source.metricHistory(id, latest.key, async (page) => {
              if (!seen && containsLatest(page, latest)) seen = true;
              await add(latest.key, page);
            });
            if (!seen) throw new Error(`the source's history of metric '${latest.key}' lacks its latest value (step ${latest.step ?? 0}); not copied`);
            points = null;
          }
          if (points) await add(latest.key, points);
        }
        const { metrics: _latest, ...data } = run.data ?? {};
        void _latest;
        await target.run({
          job_id: jobId,
          fingerprint: fp,
          run: { ...run, data },
          metrics: groupsOf(buffer),
          staged: staged ? { batch, points: staged } : undefined,
          artifacts: manifest,
          artifact_files: files,
        });
        runPhase.points += staged + buffered;
        return "copied";
      };

      const processGroup = async (items) => {
        // The group's histories are read while its runs' artifacts are being copied.
        const histories = groupHistories(items.map((x) => x.run)).catch((e) => {
          // The group's bulk reads failed: each run falls back to reading its own history.
          warnings.push(`bulk metric read failed (${errorText(e)}); read run by run`);
          return new Map();
        });
        await eachLimit(items, concurrency, async (item) => {
          if (stopped()) return;
          const id = item.run.info.run_id;
          for (let attempt = 0; ; attempt++) {
            try {
              const r = await copyRun(item, histories);
              runPhase[r === "skipped" ? "skipped" : "copied"]++;
              ok();
              return;
            } catch (e) {
              // A commit retried after a lost answer finds its staged chunks gone: redo the run once.
              if (attempt === 0 && e instanceof HttpError && /staged metric points were announced/.test(e.message)) continue;
              fail(runPhase, "run", id, e, item.run.info.run_name);
              return;
            }
          }
        });
      };

      for (const [sourceExpId] of mapping) {
        if (stopped()) break;
        for await (const page of source.runPages(sourceExpId, { since: o.since })) {
          if (stopped()) break;
          runPhase.total += page.length;
          const todo = [];
          const check = [];
          for (const run of page) {
            const fp = fingerprint(run);
            const prev = state.run.get(run.info.run_id);
            const same = prev && prev.fingerprint === fp && !o.full;
            if (same && o.checkArtifacts && !skip.has("artifacts")) check.push({ run, fp, prev });
            else if (same) runPhase.skipped++;
            else todo.push({ run, fp, prev });
          }
          // --check-artifacts: an unchanged run is copied again only when its artifact files changed.
          await eachLimit(check, concurrency, async (item) => {
            try {
              const files = await source.listArtifacts("run", item.run.info.run_id, item.run.info.artifact_uri);
              const was = item.prev.detail?.artifacts ?? {};
              if (files.length === Object.keys(was).length && files.every((f) => was[f.path] === f.size)) runPhase.skipped++;
              else todo.push(item);
            } catch (e) {
              fail(runPhase, "run", item.run.info.run_id, e, item.run.info.run_name);
            }
          });
          for (const g of chunks(todo, RUN_GROUP)) await groups.add(() => processGroup(g));
        }
      }
      await groups.drain();
      runPhase.listed = !stopped();
      progress.end(runPhase);
    }
    if (fatal) throw fatal;
    if (o.signal?.aborted) status = "interrupted";
  } catch (e) {
    status = o.signal?.aborted ? "interrupted" : "failed";
    report.error = errorText(e);
  } finally {
    clearInterval(heartbeat);
    progress.stop();
  }

  const phases = progress.snapshot().phases;
  report.status = status;
  report.finished_at = new Date().toISOString();
  report.seconds = Math.round((Date.now() - startedAt) / 100) / 10;
  report.counts = Object.fromEntries(
    Object.entries(phases).map(([name, p]) => [name, { listed: p.total, copied: p.copied, skipped: p.skipped, failed: p.failed, ...(p.versions ? { versions: p.versions } : {}), ...(p.points ? { metric_points: p.points } : {}), ...(p.files ? { artifact_files: p.files, artifact_bytes: p.bytes } : {}), seconds: p.seconds }]),
  );
  report.requests = { source: { ...source.http.stats }, target: { ...target.http.stats } };
  try {
    await target.finish(jobId, status, report);
  } catch (e) {
    warnings.push(`could not store the report on the target: ${errorText(e)}`);
  }
  return report;
}

/** The report as lines for the terminal. */
export function summarize(report) {
  const lines = [`Import ${report.status} in ${report.seconds} s (job ${report.job_id}): ${report.source} → ${report.target}`];
  for (const [name, c] of Object.entries(report.counts)) {
    const extra = [c.metric_points ? `${c.metric_points.toLocaleString("en-US")} metric points` : "", c.versions ? `${c.versions} versions` : "", c.artifact_files ? `${c.artifact_files} artifact files (${bytes(c.artifact_bytes)})` : ""].filter(Boolean);
    lines.push(`  ${name.padEnd(18)} copied ${c.copied}, unchanged ${c.skipped}, failed ${c.failed}${extra.length ? `; ${extra.join(", ")}` : ""}`);
  }
  const mapped = report.experiments.filter((e) => e.result !== "unchanged" && e.result !== "failed" && !e.id_kept);
  if (mapped.length) {
    lines.push("  experiment ids mapped (source → here):");
    for (const e of mapped) lines.push(`    ${e.source_id} '${e.name}' → ${e.id}  (${e.reason ?? e.result})`);
  }
  if (report.failures.length) {
    lines.push(`  failures (${report.failures.length}):`);
    for (const f of report.failures.slice(0, 20)) lines.push(`    ${f.kind} ${f.id}${f.name ? ` '${f.name}'` : ""}: ${f.reason}`);
    if (report.failures.length > 20) lines.push(`    … ${report.failures.length - 20} more in the JSON report`);
  }
  if (report.warnings.length) {
    lines.push(`  warnings (${report.warnings.length}):`);
    for (const w of report.warnings.slice(0, 10)) lines.push(`    ${w}`);
  }
  if (report.error) lines.push(`  error: ${report.error}`);
  return lines.join("\n");
}
