// HTTP for `npm run import`: JSON calls and streamed artifact copies with retries, exponential
// backoff and jitter (as the MLflow client retries: 429 and 5xx, timeouts, dropped connections),
// MLflow's credential environment variables, and a JSON parser that accepts the bare NaN /
// Infinity some MLflow endpoints emit (Flask's jsonify).

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export class HttpError extends Error {
  /**
   * @param {string} message
   * @param {{ status?: number, code?: string, retryable?: boolean, url?: string }} info
   */
  constructor(message, info = {}) {
    super(message);
    this.name = "HttpError";
    this.status = info.status;
    this.code = info.code;
    this.retryable = info.retryable ?? false;
    this.url = info.url;
  }
}

/**
 * The Authorization header for a set of credentials: Basic when a username and password are
 * given, else Bearer with a token (MLflow's rule: username/password win).
 * @param {{ username?: string, password?: string, token?: string }} c
 */
export function authHeader(c) {
  if (c.username && c.password) return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
  if (c.token) return `Bearer ${c.token}`;
  return undefined;
}

/** Credentials from `<PREFIX>_USERNAME` / `_PASSWORD` / `_TOKEN` (e.g. MLFLOW_TRACKING_…). */
export function credentialsFromEnv(prefix, env = process.env) {
  return { username: env[`${prefix}_USERNAME`] || undefined, password: env[`${prefix}_PASSWORD`] || undefined, token: env[`${prefix}_TOKEN`] || undefined };
}

/**
 * A base URL without credentials, plus the credentials it carried (`http://user:pw@host/`).
 * @param {string} raw
 */
export function splitUrl(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`'${raw}' is not a URL (expected e.g. http://mlflow-host:5000).`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`'${raw}': only http:// and https:// servers can be imported from or into.`);
  const creds = u.username ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : undefined;
  u.username = "";
  u.password = "";
  u.search = "";
  u.hash = "";
  return { url: u.toString().replace(/\/+$/, ""), credentials: creds };
}

/**
 * JSON.parse that also reads the bare NaN, Infinity and -Infinity tokens Python's json module
 * writes (MLflow's get-history-bulk), turning them into the strings protobuf JSON uses.
 * @param {string} text
 */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!/NaN|Infinity/.test(text)) throw e;
  }
  let out = "";
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") {
        out += text[i + 1] ?? "";
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      i++;
      continue;
    }
    const token = text.startsWith("NaN", i) ? "NaN" : text.startsWith("-Infinity", i) ? "-Infinity" : text.startsWith("Infinity", i) ? "Infinity" : null;
    if (token) {
      out += JSON.stringify(token);
      i += token.length;
      continue;
    }
    out += c;
    i++;
  }
  return JSON.parse(out);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Encodes each segment of a relative path for a URL. */
export const encodePath = (p) => p.split("/").filter(Boolean).map(encodeURIComponent).join("/");

/**
 * A client for one server.
 * @param {{ baseUrl: string, authorization?: string, label: string, retries?: number, backoffMs?: number,
 *           maxBackoffMs?: number, timeoutMs?: number, onRetry?: (info: object) => void }} opts
 */
export function httpClient(opts) {
  const { baseUrl, label } = opts;
  const retries = opts.retries ?? 6;
  const backoffMs = opts.backoffMs ?? 200;
  const maxBackoffMs = opts.maxBackoffMs ?? 10_000;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const stats = { requests: 0, retries: 0, bytesIn: 0, bytesOut: 0, /** @type {Record<string, { n: number, ms: number }>} */ byEndpoint: {} };
  /** Time spent per endpoint (ids left out), for the report. */
  const timed = async (what, fn) => {
    const key = what.split(" {")[0].replace(/\/(m-)?[0-9a-f]{32}\b.*$/, "/…").replace(/(\/artifacts)\/.*$/, "$1/…");
    const t = performance.now();
    try {
      return await fn();
    } finally {
      const e = (stats.byEndpoint[key] ??= { n: 0, ms: 0 });
      e.n++;
      e.ms += performance.now() - t;
    }
  };

  const headers = (extra = {}) => ({ ...(opts.authorization ? { Authorization: opts.authorization } : {}), "User-Agent": "runboard-import", ...extra });

  /** Runs `attempt` with retries; `attempt` throws HttpError (retryable or not) or returns. */
  async function withRetries(what, attempt) {
    for (let n = 0; ; n++) {
      try {
        return await timed(what, attempt);
      } catch (e) {
        const err = toHttpError(e, what);
        if (!err.retryable || n >= retries) throw err;
        stats.retries++;
        const wait = err.retryAfterMs ?? Math.min(maxBackoffMs, backoffMs * 2 ** n) * (0.5 + Math.random());
        opts.onRetry?.({ label, what, attempt: n + 1, status: err.status, message: err.message, waitMs: Math.round(wait) });
        await sleep(wait);
      }
    }
  }

  function toHttpError(e, what) {
    if (e instanceof HttpError) return e;
    if (e?.name === "TimeoutError" || e?.name === "AbortError") return new HttpError(`${label}: ${what} timed out after ${timeoutMs / 1000} s`, { retryable: true });
    const cause = e?.cause?.code ?? e?.code ?? e?.message;
    return new HttpError(`${label}: ${what} failed (${cause})`, { retryable: true, code: cause });
  }

  async function failure(res, what) {
    const text = await res.text().catch(() => "");
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const code = body && typeof body === "object" ? body.error_code : undefined;
    const msg = body && typeof body === "object" && body.message ? body.message : text.replace(/\s+/g, " ").slice(0, 200) || res.statusText;
    const err = new HttpError(`${label}: ${what} → ${res.status}${code ? ` ${code}` : ""}: ${msg}`, { status: res.status, code, retryable: RETRY_STATUSES.has(res.status), url: res.url });
    const ra = res.headers.get("retry-after");
    if (ra && /^\d+$/.test(ra)) err.retryAfterMs = Math.min(Number(ra) * 1000, 60_000);
    return err;
  }

  const url = (path, query) => {
    const q = query ? new URLSearchParams() : null;
    if (q) {
      for (const [k, v] of Object.entries(query)) {
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)));
        else q.append(k, String(v));
      }
    }
    const qs = q && q.size ? `?${q}` : "";
    return `${baseUrl}${path}${qs}`;
  };

  /**
   * A JSON call. GET sends `query`; others send `body` as JSON.
   * @param {string} method @param {string} path @param {{ query?: object, body?: unknown }} [o]
   */
  async function json(method, path, o = {}) {
    const what = `${method} ${path}`;
    return withRetries(what, async () => {
      stats.requests++;
      const body = o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
      if (body) stats.bytesOut += body.length;
      const res = await fetch(url(path, o.query), {
        method,
        headers: headers(body ? { "Content-Type": "application/json" } : {}),
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status !== 200) throw await failure(res, what);
      const text = await res.text();
      stats.bytesIn += text.length;
      return text ? parseJson(text) : {};
    });
  }

  /**
   * Streams one file from `from` (this client) to `to` (another client's PUT), checking the byte
   * count against `expectedSize` (when known) and the response's Content-Length. Retried whole.
   * @returns {Promise<number>} bytes copied
   */
  async function copyTo(fromPath, fromQuery, to, toPath, expectedSize) {
    const what = `copy ${fromPath}${fromQuery ? ` ${JSON.stringify(fromQuery)}` : ""}`;
    return withRetries(what, async () => {
      stats.requests++;
      const abort = new AbortController();
      const res = await fetch(url(fromPath, fromQuery), { headers: headers(), signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs * 10)]) });
      if (res.status !== 200) throw await failure(res, `GET ${fromPath}`);
      const length = res.headers.get("content-length");
      let bytes = 0;
      const counted = res.body
        ? res.body.pipeThrough(
            new TransformStream({
              transform(chunk, ctl) {
                bytes += chunk.byteLength;
                ctl.enqueue(chunk);
              },
            }),
          )
        : null;
      try {
        await to.put(toPath, counted ?? new Uint8Array(0), res.headers.get("content-type") ?? "application/octet-stream");
      } catch (e) {
        abort.abort(); // release the source connection
        throw e;
      }
      stats.bytesIn += bytes;
      to.stats.bytesOut += bytes;
      if (length !== null && Number(length) !== bytes) throw new HttpError(`${what}: received ${bytes} of ${length} bytes`, { retryable: true });
      if (expectedSize !== undefined && expectedSize !== null && expectedSize !== bytes) {
        throw new HttpError(`${what}: the source lists ${expectedSize} bytes but sent ${bytes}`, { retryable: false });
      }
      return bytes;
    });
  }

  /** One file's bytes (small files, sent on inline), checked against `expectedSize`. */
  async function bytes(path, query, expectedSize) {
    const what = `GET ${path}`;
    return withRetries(what, async () => {
      stats.requests++;
      const res = await fetch(url(path, query), { headers: headers(), signal: AbortSignal.timeout(timeoutMs) });
      if (res.status !== 200) throw await failure(res, what);
      const buf = Buffer.from(await res.arrayBuffer());
      stats.bytesIn += buf.length;
      const length = res.headers.get("content-length");
      if (length !== null && Number(length) !== buf.length) throw new HttpError(`${what}: received ${buf.length} of ${length} bytes`, { retryable: true });
      if (expectedSize !== undefined && expectedSize !== null && expectedSize !== buf.length) {
        throw new HttpError(`${what} ${JSON.stringify(query ?? {})}: the source lists ${expectedSize} bytes but sent ${buf.length}`, { retryable: false });
      }
      return buf;
    });
  }

  /** PUT raw bytes or a stream (no retry of its own: the caller's copy is retried whole). */
  async function put(path, body, contentType) {
    stats.requests++;
    const res = await fetch(`${baseUrl}${path}`, {
      method: "PUT",
      headers: headers({ "Content-Type": contentType }),
      body,
      duplex: "half",
      signal: AbortSignal.timeout(timeoutMs * 10),
    });
    if (res.status !== 200) throw await failure(res, `PUT ${path}`);
    await res.arrayBuffer();
  }

  return { baseUrl, label, stats, json, get: (p, query) => json("GET", p, { query }), post: (p, body) => json("POST", p, { body }), copyTo, bytes, put };
}
