// The import benchmark's baseline: re-logging runs from one server into another run by run
// with the official MLflow client's HTTP call pattern, one call after another as MlflowClient
// makes them. The pattern was recorded from MLflow 3.11's client running this copy loop
// (search_runs → get_metric_history per key → create_run → log_batch → log_inputs →
// download_artifacts → log_artifacts → set_terminated) through a logging proxy:
//
//   source: runs/search (pages of 1000); per run: metrics/get-history per metric key
//           (max_results 25000, paged), runs/get, the proxied artifact listing of each
//           directory (the root twice) and one GET per file
//   target: experiments/create; per run: runs/create (tags), runs/log-batch (≤ 1000 entities,
//           ≤ 100 params per call), runs/log-inputs, runs/get twice, one PUT per file,
//           runs/update (status, end time)
//
// download_artifacts writes the files to a local directory and log_artifacts reads them back, as
// here; the client's other costs (Python, protobuf) are not emulated: this is the call pattern
// at its fastest.

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const API = "/api/2.0/mlflow";
const rootOf = (uri) => uri.replace(/^mlflow-artifacts:\/*/, "");
const enc = (p) => p.split("/").map(encodeURIComponent).join("/");

/** A sequential JSON + bytes client for one server. */
export function relogClient(baseUrl) {
  const call = async (method, p, { query, body, raw, bytes } = {}) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) for (const x of [v].flat()) if (x !== undefined && x !== null) q.append(k, String(x));
    const res = await fetch(`${baseUrl}${p}${q.size ? `?${q}` : ""}`, {
      method,
      headers: raw !== undefined ? { "Content-Type": "application/octet-stream" } : body !== undefined ? { "Content-Type": "application/json" } : {},
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    if (res.status !== 200) throw new Error(`${method} ${p} → ${res.status} ${(await res.text()).slice(0, 200)}`);
    if (bytes) return Buffer.from(await res.arrayBuffer());
    return JSON.parse((await res.text()) || "{}");
  };
  return { call, get: (p, query) => call("GET", p, { query }), post: (p, body) => call("POST", p, { body }) };
}

/** download_artifacts: the proxied listing of every directory, one GET per file, written under `dir`. */
async function downloadAll(src, artifactUri, dir) {
  const files = [];
  const root = rootOf(artifactUri);
  // The client lists the root twice: once to see that it is a directory, then while walking it.
  await src.get("/api/2.0/mlflow-artifacts/artifacts", { path: root });
  const walk = async (at) => {
    const listing = await src.get("/api/2.0/mlflow-artifacts/artifacts", { path: at });
    for (const f of listing.files ?? []) {
      const p = `${at}/${f.path}`;
      if (f.is_dir) await walk(p);
      else {
        const rel = p.slice(root.length + 1);
        const local = path.join(dir, rel);
        mkdirSync(path.dirname(local), { recursive: true });
        writeFileSync(local, await src.call("GET", `/api/2.0/mlflow-artifacts/artifacts/${enc(p)}`, { bytes: true }));
        files.push({ rel, local });
      }
    }
  };
  await walk(root);
  return files;
}

/**
 * Re-logs the experiments whose names start with `prefix` (their runs with params, tags,
 * histories, dataset inputs, artifacts, status) into `dst` as `<into><name>`. Returns runs copied.
 */
export async function relogCopy(src, dst, prefix, into) {
  let runs = 0;
  const exps = (await src.post(`${API}/experiments/search`, { max_results: 1000, view_type: "ALL", filter: `name LIKE '${prefix}%'` })).experiments ?? [];
  for (const e of exps) {
    const { experiment_id: expId } = await dst.post(`${API}/experiments/create`, { name: `${into}${e.name}`, tags: e.tags });
    let page_token;
    do {
      const page = await src.post(`${API}/runs/search`, { experiment_ids: [e.experiment_id], run_view_type: "ALL", max_results: 1000, page_token });
      for (const r of page.runs ?? []) {
        const id = r.info.run_id;
        const { run } = await dst.post(`${API}/runs/create`, { experiment_id: expId, user_id: r.info.user_id, run_name: r.info.run_name, start_time: r.info.start_time, tags: r.data?.tags ?? [] });
        const newId = run.info.run_id;
        const metrics = [];
        for (const m of r.data?.metrics ?? []) {
          let token;
          do {
            const h = await src.get(`${API}/metrics/get-history`, { run_id: id, run_uuid: id, metric_key: m.key, max_results: 25000, page_token: token });
            for (const p of h.metrics ?? []) metrics.push({ key: p.key, value: p.value, timestamp: p.timestamp, step: p.step });
            token = h.next_page_token;
          } while (token);
        }
        const params = r.data?.params ?? [];
        for (let p = 0, m = 0; p < params.length || m < metrics.length; ) {
          const ps = params.slice(p, p + 100);
          const ms = metrics.slice(m, m + 1000 - ps.length);
          await dst.post(`${API}/runs/log-batch`, { run_id: newId, params: ps, metrics: ms });
          p += ps.length;
          m += ms.length;
        }
        if (r.inputs?.dataset_inputs?.length) await dst.post(`${API}/runs/log-inputs`, { run_id: newId, datasets: r.inputs.dataset_inputs });
        await src.get(`${API}/runs/get`, { run_id: id, run_uuid: id });
        const dir = mkdtempSync(path.join(os.tmpdir(), "relog-"));
        try {
          const files = await downloadAll(src, r.info.artifact_uri, dir);
          await dst.get(`${API}/runs/get`, { run_id: newId, run_uuid: newId });
          await dst.get(`${API}/runs/get`, { run_id: newId, run_uuid: newId });
          for (const f of files) await dst.call("PUT", `/api/2.0/mlflow-artifacts/artifacts/${enc(`${rootOf(run.info.artifact_uri)}/${f.rel}`)}`, { raw: readFileSync(f.local) });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        await dst.post(`${API}/runs/update`, { run_id: newId, run_uuid: newId, status: r.info.status, end_time: r.info.end_time });
        if (r.info.lifecycle_stage === "deleted") await dst.post(`${API}/runs/delete`, { run_id: newId });
        runs++;
      }
      page_token = page.next_page_token;
    } while (page_token);
  }
  return runs;
}
