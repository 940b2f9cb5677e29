// Compares two MLflow-compatible servers entity by entity, field by field, after an import:
// experiments, runs (info, params, tags, latest metrics, every metric's full history, inputs,
// outputs, artifacts byte for byte), logged models (with artifacts), registered models and
// prompts with their versions and aliases. Used by tests/import/import.test.ts and, by hand,
// against a real MLflow server (`node tests/import/compare.mjs <source> <target>`).
//
// Only differences an import must make are allowed: experiment ids the target mapped (and so the
// artifact locations derived from them), and fields one side's server does not emit at all
// (an absent field equals "" or []). Returns the differences as readable lines.
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseJson } from "../../scripts/lib/import/http.mjs";

const API = "/api/2.0/mlflow";

/** Credentials per server base URL (`compareServers(…, { auth })`). */
const authOf = new Map();
const headersFor = (base) => (authOf.get(base) ? { Authorization: authOf.get(base) } : {});

async function getJson(base, path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) for (const x of [v].flat()) if (x !== undefined) q.append(k, String(x));
  const res = await fetch(`${base}${path}${q.size ? `?${q}` : ""}`, { headers: headersFor(base) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${text.slice(0, 200)}`);
  return parseJson(text);
}
async function postJson(base, path, body) {
  const res = await fetch(`${base}${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...headersFor(base) }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${path} → ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}
async function all(fetchPage, field) {
  const out = [];
  let page_token;
  do {
    const p = await fetchPage(page_token);
    out.push(...(p[field] ?? []));
    page_token = p.next_page_token;
  } while (page_token);
  return out;
}

/** Absent, null, "" and [] are the same; objects and arrays in a canonical order. */
function norm(v) {
  if (Array.isArray(v)) {
    const items = v.map(norm).filter((x) => x !== undefined);
    if (!items.length) return undefined;
    return items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  if (v && typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      const x = norm(v[k]);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (v === null || v === "") return undefined;
  return v;
}

function diff(path, a, b, out) {
  a = norm(a);
  b = norm(b);
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(`${path}.${k}`, a[k], b[k], out);
    return;
  }
  out.push(`${path}: source ${JSON.stringify(a)?.slice(0, 300)} ≠ here ${JSON.stringify(b)?.slice(0, 300)}`);
}

const omit = (o, keys) => Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => !keys.includes(k)));
const sha = async (res) => createHash("sha256").update(Buffer.from(await res.arrayBuffer())).digest("hex");

async function artifacts(base, kind, id) {
  const files = new Map();
  const walk = async (dir) => {
    const p =
      kind === "run"
        ? await getJson(base, `${API}/artifacts/list`, { run_id: id, path: dir })
        : await getJson(base, `${API}/logged-models/${id}/artifacts/directories`, { artifact_directory_path: dir });
    for (const f of p.files ?? []) {
      const path = dir && !f.path.startsWith(`${dir}/`) ? `${dir}/${f.path}` : f.path;
      if (f.is_dir) await walk(path);
      else files.set(path, Number(f.file_size));
    }
  };
  await walk(undefined);
  return files;
}

async function download(base, kind, id, path) {
  const url =
    kind === "run"
      ? `${base}/get-artifact?${new URLSearchParams({ run_id: id, path })}`
      : `${base}/ajax-api/2.0/mlflow/logged-models/${id}/artifacts/files?${new URLSearchParams({ artifact_file_path: path })}`;
  const res = await fetch(url, { headers: headersFor(base) });
  if (res.status !== 200) throw new Error(`download ${path} → ${res.status}`);
  return sha(res);
}

async function compareArtifacts(src, dst, kind, id, label, out) {
  const [a, b] = await Promise.all([artifacts(src, kind, id), artifacts(dst, kind, id)]);
  diff(`${label}.artifacts`, Object.fromEntries(a), Object.fromEntries(b), out);
  for (const [path] of a) {
    if (!b.has(path)) continue;
    const [x, y] = await Promise.all([download(src, kind, id, path), download(dst, kind, id, path)]);
    if (x !== y) out.push(`${label}.artifacts.${path}: bytes differ`);
  }
  return a.size;
}

/**
 * @param {string} src source base URL @param {string} dst target base URL
 * @param {{ allowMerged?: string[], registry?: boolean, loggedModelMetrics?: "all" | "latest", auth?: { source?: string, target?: string } }} [opts]
 *   loggedModelMetrics: "latest" when the target keeps only the latest model metric per key (Runboard) and the source all (MLflow)
 * @returns {Promise<{ differences: string[], counts: Record<string, number> }>}
 */
export async function compareServers(src, dst, opts = {}) {
  if (opts.auth?.source) authOf.set(src, opts.auth.source);
  if (opts.auth?.target) authOf.set(dst, opts.auth.target);
  const out = [];
  const counts = { experiments: 0, runs: 0, metricPoints: 0, artifactFiles: 0, loggedModels: 0, registeredModels: 0, modelVersions: 0 };
  const exps = await all((page_token) => postJson(src, `${API}/experiments/search`, { view_type: "ALL", max_results: 1000, page_token }), "experiments");
  const dstExps = await all((page_token) => postJson(dst, `${API}/experiments/search`, { view_type: "ALL", max_results: 1000, page_token }), "experiments");
  const dstByName = new Map(dstExps.map((e) => [e.name, e]));
  const expMap = new Map();
  for (const e of exps) {
    counts.experiments++;
    const here = dstByName.get(e.name);
    if (!here) {
      out.push(`experiment '${e.name}': missing here`);
      continue;
    }
    expMap.set(e.experiment_id, here.experiment_id);
    const merged = (opts.allowMerged ?? []).includes(e.name);
    const skipFields = ["experiment_id", "artifact_location", ...(merged ? ["last_update_time", "creation_time", "tags"] : [])];
    diff(`experiment '${e.name}'`, omit(e, skipFields), omit(here, skipFields), out);
    if (here.artifact_location !== `mlflow-artifacts:/${here.experiment_id}` && !merged) out.push(`experiment '${e.name}': artifact location here is ${here.artifact_location}`);
  }
  const mapId = (id) => expMap.get(id) ?? id;

  for (const e of exps) {
    const runs = await all((page_token) => postJson(src, `${API}/runs/search`, { experiment_ids: [e.experiment_id], run_view_type: "ALL", max_results: 1000, page_token }), "runs");
    for (const run of runs) {
      counts.runs++;
      const id = run.info.run_id;
      const label = `run ${id}`;
      let here;
      try {
        here = (await getJson(dst, `${API}/runs/get`, { run_id: id })).run;
      } catch (err) {
        out.push(`${label}: ${err.message}`);
        continue;
      }
      const info = (i) => omit(i, ["artifact_uri", "experiment_id", "run_uuid"]);
      diff(`${label}.info`, info(run.info), info(here.info), out);
      if (here.info.experiment_id !== mapId(run.info.experiment_id)) out.push(`${label}: experiment ${here.info.experiment_id}, expected ${mapId(run.info.experiment_id)}`);
      if (here.info.artifact_uri !== `mlflow-artifacts:/${here.info.experiment_id}/${id}/artifacts`) out.push(`${label}: artifact_uri ${here.info.artifact_uri}`);
      diff(`${label}.data`, run.data, here.data, out);
      diff(`${label}.inputs`, run.inputs, here.inputs, out);
      diff(`${label}.outputs`, run.outputs, here.outputs, out);
      for (const m of run.data?.metrics ?? []) {
        const h = async (base) =>
          (await all((page_token) => getJson(base, `${API}/metrics/get-history`, { run_id: id, metric_key: m.key, max_results: 25000, page_token }), "metrics")).map((p) => omit(p, ["run_id"]));
        const [a, b] = await Promise.all([h(src), h(dst)]);
        counts.metricPoints += a.length;
        diff(`${label}.history.${m.key}`, a, b, out);
      }
      counts.artifactFiles += await compareArtifacts(src, dst, "run", id, label, out);
    }

    const models = await all((page_token) => postJson(src, `${API}/logged-models/search`, { experiment_ids: [e.experiment_id], max_results: 100, page_token }), "models");
    for (const m of models) {
      counts.loggedModels++;
      const id = m.info.model_id;
      const label = `logged model ${id}`;
      let here;
      try {
        here = (await getJson(dst, `${API}/logged-models/${id}`)).model;
      } catch (err) {
        out.push(`${label}: ${err.message}`);
        continue;
      }
      const info = (i) => omit(i, ["artifact_uri", "experiment_id", "registrations"]);
      diff(`${label}.info`, info(m.info), info(here.info), out);
      if (m.info.registrations) diff(`${label}.info.registrations`, m.info.registrations, here.info.registrations, out);
      diff(`${label}.data.params`, m.data?.params, here.data?.params, out);
      if (opts.loggedModelMetrics === "latest") {
        const mine = new Set((m.data?.metrics ?? []).map((x) => JSON.stringify(norm(x))));
        for (const x of here.data?.metrics ?? []) if (!mine.has(JSON.stringify(norm(x)))) out.push(`${label}.data.metrics: ${JSON.stringify(x)} is not at the source`);
      } else diff(`${label}.data.metrics`, m.data?.metrics, here.data?.metrics, out);
      counts.artifactFiles += await compareArtifacts(src, dst, "model", id, label, out);
    }
  }

  if (opts.registry !== false) {
    for (const prompts of [false, true]) {
      const filter = prompts ? "tags.`mlflow.prompt.is_prompt` = 'true'" : undefined;
      const rms = await all((page_token) => getJson(src, `${API}/registered-models/search`, { max_results: 1000, page_token, filter }), "registered_models");
      for (const rm of rms) {
        counts.registeredModels++;
        const label = `${prompts ? "prompt" : "registered model"} '${rm.name}'`;
        let here;
        try {
          here = (await getJson(dst, `${API}/registered-models/get`, { name: rm.name })).registered_model;
        } catch (err) {
          out.push(`${label}: ${err.message}`);
          continue;
        }
        diff(label, omit(rm, ["latest_versions"]), omit(here, ["latest_versions"]), out);
        const vfilter = `name = '${rm.name}'${prompts ? ` AND ${filter}` : ""}`;
        const versions = async (base) => all((page_token) => getJson(base, `${API}/model-versions/search`, { filter: vfilter, max_results: 1000, page_token }), "model_versions");
        const [a, b] = await Promise.all([versions(src), versions(dst)]);
        const byVersion = new Map(b.map((v) => [v.version, v]));
        for (const v of a) {
          counts.modelVersions++;
          const there = byVersion.get(v.version);
          if (!there) {
            out.push(`${label} version ${v.version}: missing here`);
            continue;
          }
          // model_id: MLflow does not return it (Runboard derives it from a models:/ source); aliases: Runboard lists them per version.
          const skip = [...(v.model_id === undefined ? ["model_id"] : []), ...(v.aliases === undefined ? ["aliases"] : [])];
          // A source under a mapped experiment's artifact location points at that experiment here.
          const m = /^mlflow-artifacts:\/([^/]+)\/(.*)$/.exec(v.source ?? "");
          const source = m && expMap.has(m[1]) ? `mlflow-artifacts:/${expMap.get(m[1])}/${m[2]}` : v.source;
          diff(`${label} version ${v.version}`, omit({ ...v, source }, skip), omit(there, skip), out);
        }
        if (b.length !== a.length) out.push(`${label}: ${a.length} versions at the source, ${b.length} here`);
      }
    }
  }
  return { differences: out, counts };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [src, dst, ...merged] = process.argv.slice(2);
  const r = await compareServers(src, dst, { allowMerged: merged.length ? merged : ["Default"], loggedModelMetrics: "latest" });
  console.log(JSON.stringify(r.counts));
  console.log(r.differences.length ? r.differences.join("\n") : "no differences");
}
