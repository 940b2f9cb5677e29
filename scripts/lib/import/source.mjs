// Reading an MLflow-compatible server over its REST API for `npm run import`: paged searches
// (experiments, runs, logged models, registered models and prompts, model versions), full
// metric histories (batched through get-history-bulk, with get-history paging where a batch
// is cut short or exact per-point fields are needed), and recursive artifact listings. Only
// public MLflow endpoints are used, so any MLflow server (or Runboard) can be the source.

import { encodePath, HttpError } from "./http.mjs";

const API = "/api/2.0/mlflow";
/** MLflow's caps: get-history-bulk returns at most 25,000 points for at most 100 runs. */
export const BULK_MAX_POINTS = 25_000;
export const BULK_MAX_RUNS = 100;
const HISTORY_PAGE = 25_000;
const IS_PROMPT_FILTER = "tags.`mlflow.prompt.is_prompt` = 'true'";

/** A quoted string literal for MLflow's filter grammar. */
export function filterString(s) {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  throw new Error(`the name ${JSON.stringify(s)} has both kinds of quote; MLflow's filter grammar cannot express it`);
}

/**
 * @param {ReturnType<import("./http.mjs").httpClient>} http
 * @param {{ pageSize?: number, bulkMaxPoints?: number }} [opts]
 */
export function mlflowSource(http, opts = {}) {
  const pageSize = opts.pageSize ?? 1000;
  const bulkMax = Math.min(opts.bulkMaxPoints ?? BULK_MAX_POINTS, BULK_MAX_POINTS);
  let bulkAvailable = true;
  /** The proxied artifact service answers (MLflow without --no-serve-artifacts, Runboard). */
  let proxiedAvailable = true;
  const PROXIED = "/api/2.0/mlflow-artifacts/artifacts";
  /** The store path of a `mlflow-artifacts:/…` URI served by this server (none for another host's). */
  const proxiedRoot = (uri) => (proxiedAvailable && uri ? (/^mlflow-artifacts:(\/[^/].*|\/)$/i.exec(uri)?.[1].replace(/^\/+|\/+$/g, "") ?? null) : null);

  async function* paged(fetchPage) {
    let token;
    const seen = new Set();
    do {
      const page = await fetchPage(token);
      yield page;
      token = page.next_page_token || undefined;
      if (token && seen.has(token)) throw new Error("the source returned the same page token twice");
      if (token) seen.add(token);
    } while (token);
  }

  return {
    http,
    /** Points one get-history-bulk call returns at most (a full answer means it was cut short). */
    bulkMax,

    /** Every experiment, active and deleted. */
    async experiments() {
      const out = [];
      for await (const p of paged((page_token) => http.post(`${API}/experiments/search`, { max_results: pageSize, view_type: "ALL", page_token }))) {
        out.push(...(p.experiments ?? []));
      }
      return out;
    },

    /** Pages of an experiment's runs (active and deleted), optionally only those started since `since` (ms). */
    async *runPages(experimentId, { since } = {}) {
      const filter = since !== undefined ? `attributes.start_time >= ${since}` : undefined;
      for await (const p of paged((page_token) =>
        http.post(`${API}/runs/search`, { experiment_ids: [experimentId], run_view_type: "ALL", max_results: pageSize, page_token, filter }),
      )) {
        yield p.runs ?? [];
      }
    },

    /** Pages of the logged models of some experiments. */
    async *loggedModelPages(experimentIds) {
      for await (const p of paged((page_token) => http.post(`${API}/logged-models/search`, { experiment_ids: experimentIds, max_results: Math.min(pageSize, 1000), page_token }))) {
        yield p.models ?? [];
      }
    },

    /** One logged model, deleted ones included (a run may reference a deleted model); null when unknown. */
    async loggedModel(modelId) {
      try {
        return (await http.get(`${API}/logged-models/${encodeURIComponent(modelId)}`, { allow_deleted: "true" })).model ?? null;
      } catch (e) {
        if (e instanceof HttpError && e.status === 404) return null;
        throw e;
      }
    },

    /** Registered models, or prompts (MLflow keeps them apart unless the filter asks for prompts). */
    async registeredModels({ prompts }) {
      const out = [];
      const filter = prompts ? IS_PROMPT_FILTER : undefined;
      for await (const p of paged((page_token) => http.get(`${API}/registered-models/search`, { max_results: Math.min(pageSize, 1000), page_token, filter }))) {
        out.push(...(p.registered_models ?? []));
      }
      return out;
    },

    /** All versions of a registered model or prompt. */
    async modelVersions(name, { prompt }) {
      const out = [];
      const filter = `name = ${filterString(name)}${prompt ? ` AND ${IS_PROMPT_FILTER}` : ""}`;
      for await (const p of paged((page_token) => http.get(`${API}/model-versions/search`, { filter, max_results: Math.max(pageSize, 1000), page_token }))) {
        out.push(...(p.model_versions ?? []));
      }
      return out;
    },

    /**
     * The whole history of one metric of one run, page by page (get-history; `max_results` is
     * always sent: MLflow 3.4–3.13 answer nothing without it). Points as wire tuples
     * [step, timestamp, value, model_id?, dataset_name?, dataset_digest?].
     * @param {(points: unknown[][]) => Promise<void> | void} [onPage] receives each page instead of collecting
     */
    async metricHistory(runId, key, onPage) {
      const all = [];
      for await (const p of paged((page_token) => http.get(`${API}/metrics/get-history`, { run_id: runId, run_uuid: runId, metric_key: key, max_results: HISTORY_PAGE, page_token }))) {
        const points = (p.metrics ?? []).map(tuple);
        if (onPage) await onPage(points);
        else all.push(...points);
      }
      return all;
    },

    /**
     * Histories of one metric for up to 100 runs in one call (get-history-bulk). Returns the
     * points per run and whether the source's cap cut the answer short (then only the runs
     * before the last one returned are complete).
     * @returns {Promise<{ byRun: Map<string, unknown[][]>, truncated: boolean, lastRunId?: string } | null>} null when the endpoint is missing
     */
    async metricHistoryBulk(runIds, key) {
      if (!bulkAvailable) return null;
      let res;
      try {
        res = await http.get("/ajax-api/2.0/mlflow/metrics/get-history-bulk", { run_id: runIds, metric_key: key, max_results: bulkMax });
      } catch (e) {
        if (e instanceof HttpError && e.status === 404 && e.code !== "RESOURCE_DOES_NOT_EXIST") {
          bulkAvailable = false;
          return null;
        }
        throw e;
      }
      const byRun = new Map();
      let lastRunId;
      for (const m of res.metrics ?? []) {
        let list = byRun.get(m.run_id);
        if (!list) byRun.set(m.run_id, (list = []));
        list.push(tuple(m));
        lastRunId = m.run_id;
      }
      return { byRun, truncated: (res.metrics?.length ?? 0) >= bulkMax, lastRunId };
    },

    /**
     * Every artifact file of a run or logged model, recursively: [{path, size}] with paths
     * relative to its artifact root. Read through the proxied artifact service when the
     * artifact URI is this server's `mlflow-artifacts:` store (what the MLflow client does;
     * no tracking-store lookup per call), else through the tracking API's listings.
     * @param {"run" | "model"} kind
     */
    async listArtifacts(kind, id, artifactUri) {
      const root = proxiedRoot(artifactUri);
      if (root !== null) {
        try {
          return await walk(async (dir) => (await http.get(PROXIED, { path: dir ? `${root}/${dir}` : root })).files ?? [], true);
        } catch (e) {
          // Served with --no-serve-artifacts (503) or not at all: the tracking API from now on.
          if (!(e instanceof HttpError) || ![404, 501, 503].includes(e.status ?? 0) || e.code === "RESOURCE_DOES_NOT_EXIST") throw e;
          proxiedAvailable = false;
        }
      }
      return walk(async (dir, page_token) =>
        kind === "run"
          ? http.get(`${API}/artifacts/list`, { run_id: id, run_uuid: id, path: dir, page_token })
          : http.get(`${API}/logged-models/${encodeURIComponent(id)}/artifacts/directories`, { artifact_directory_path: dir, page_token }),
      );
    },

    /** Where one artifact file is downloaded from (path + query on this server). */
    artifactDownload(kind, id, path, artifactUri) {
      const root = proxiedRoot(artifactUri);
      if (root !== null) return { path: `${PROXIED}/${encodePath(`${root}/${path}`)}`, query: undefined };
      return kind === "run"
        ? { path: "/get-artifact", query: { run_id: id, run_uuid: id, path } }
        : { path: `/ajax-api/2.0/mlflow/logged-models/${encodeURIComponent(id)}/artifacts/files`, query: { artifact_file_path: path } };
    },
  };
}

/**
 * Lists a tree of artifacts. `list(dir, pageToken)` answers one directory (a page object with
 * files and next_page_token, or with `simple` just the files, whose paths may be basenames).
 */
async function walk(list, simple = false) {
  const files = [];
  const visit = async (dir) => {
    const dirs = [];
    let token;
    do {
      const page = simple ? { files: await list(dir) } : await list(dir, token);
      for (const f of page.files ?? []) {
        const path = dir && !f.path.startsWith(`${dir}/`) ? `${dir}/${f.path}` : f.path;
        if (f.is_dir) dirs.push(path);
        else files.push({ path, size: f.file_size === undefined ? null : Number(f.file_size) });
      }
      token = simple ? undefined : page.next_page_token;
    } while (token);
    await Promise.all(dirs.map(visit)); // sibling directories are listed at once
  };
  await visit(undefined);
  return files;
}

/** A metric JSON object as the compact wire tuple of the import endpoints. */
function tuple(m) {
  const t = [m.step ?? 0, m.timestamp ?? 0, m.value];
  if (m.model_id || m.dataset_name || m.dataset_digest) t.push(m.model_id ?? null, m.dataset_name ?? null, m.dataset_digest ?? null);
  return t;
}

/** The URL path of a file under a `mlflow-artifacts:` (or HTTP proxied) artifact URI on Runboard. */
export function proxiedArtifactPath(artifactUri, relPath) {
  let root;
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?(.*)$/i.exec(artifactUri);
  if (m) root = m[1];
  else {
    const at = artifactUri.indexOf("/mlflow-artifacts/artifacts");
    if (!/^https?:\/\//i.test(artifactUri) || at === -1) return null;
    root = artifactUri.slice(at + "/mlflow-artifacts/artifacts".length);
  }
  return `/api/2.0/mlflow-artifacts/artifacts/${encodePath(`${root}/${relPath}`)}`;
}
