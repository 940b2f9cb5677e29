// The Runboard being imported into: its import endpoints (/api/2.0/runboard/import/*) and its
// proxied artifact store (PUT /api/2.0/mlflow-artifacts/artifacts/…).

const BASE = "/api/2.0/runboard/import";

/** @param {ReturnType<import("./http.mjs").httpClient>} http */
export function runboardTarget(http) {
  return {
    http,
    start: (sourceUrl, options) => http.post(`${BASE}/start`, { source_url: sourceUrl, options }),
    /** Every state row of one kind: Map source_key → {target_key, fingerprint, detail}. */
    async state(jobId, kind) {
      const out = new Map();
      let page_token;
      do {
        const page = await http.get(`${BASE}/state`, { job_id: jobId, kind, page_token });
        for (const e of page.entities ?? []) out.set(e.source_key, e);
        page_token = page.next_page_token;
      } while (page_token);
      return out;
    },
    progress: (jobId, progress) => http.post(`${BASE}/progress`, { job_id: jobId, progress }),
    finish: (jobId, status, report) => http.post(`${BASE}/finish`, { job_id: jobId, status, report }),
    experiments: (jobId, experiments) => http.post(`${BASE}/experiments`, { job_id: jobId, experiments }),
    registeredModel: (body) => http.post(`${BASE}/registered-models`, body),
    loggedModel: (body) => http.post(`${BASE}/logged-models`, body),
    stageMetrics: (body) => http.post(`${BASE}/runs/metrics`, body),
    run: (body) => http.post(`${BASE}/runs`, body),
  };
}
