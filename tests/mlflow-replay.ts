// Replays HTTP calls recorded from the real MLflow Python client (tests/fixtures/mlflow-client/)
// against Runboard's route handlers in-process, the way Next routes them (static segments
// first, then [param], then [...catch-all]; /ajax-api → /api). Ids the server generates
// (experiments, runs, assessments, datasets, scorers) are mapped from the recorded responses
// to the fresh ones; ids and names the client generates (trace ids, experiment and prompt
// names) are swapped for same-length unique ones — in JSON text and in protobuf bytes — so a
// recording replays any number of times into one database.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

export interface RecordedCall {
  method: string;
  url: string;
  contentType?: string;
  experimentHeader?: string;
  body?: string;
  bodyBase64?: string;
  status: number;
  response?: unknown;
}

export interface Recording {
  recorded: string;
  calls: RecordedCall[];
}

export interface ReplayedCall {
  call: RecordedCall;
  status: number;
  text: string;
  json: Record<string, unknown> | null;
}

const APP = path.resolve(import.meta.dirname, "../app");

export function loadRecording(name: string): Recording {
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, "fixtures/mlflow-client", name), "utf8")) as Recording;
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** The route.ts file Next would pick for a path, and its params. */
export function resolveRoute(pathname: string): { file: string; params: Record<string, string | string[]> } {
  const segs = pathname.replace(/^\/ajax-api\//, "/api/").split("/").filter(Boolean).map(decodeURIComponent);
  const params: Record<string, string | string[]> = {};
  const walk = (dir: string, i: number): string | null => {
    if (i === segs.length) {
      const f = path.join(dir, "route.ts");
      if (existsSync(f)) return f;
      const optional = readdirSync(dir).find((d) => /^\[\[\.\.\..+\]\]$/.test(d));
      return optional && existsSync(path.join(dir, optional, "route.ts")) ? path.join(dir, optional, "route.ts") : null;
    }
    const entries = readdirSync(dir).filter((d) => statSync(path.join(dir, d)).isDirectory());
    if (entries.includes(segs[i])) {
      const r = walk(path.join(dir, segs[i]), i + 1);
      if (r) return r;
    }
    for (const e of entries.filter((d) => /^\[[^.[\]]+\]$/.test(d))) {
      const r = walk(path.join(dir, e), i + 1);
      if (r) {
        params[e.slice(1, -1)] = segs[i];
        return r;
      }
    }
    const catchAll = entries.find((d) => /^\[\[?\.\.\..+\]\]?$/.test(d));
    if (catchAll && existsSync(path.join(dir, catchAll, "route.ts"))) {
      params[catchAll.replace(/[[\].]/g, "")] = segs.slice(i);
      return path.join(dir, catchAll, "route.ts");
    }
    return null;
  };
  const file = walk(APP, 0);
  if (!file) throw new Error(`no route for ${pathname}`);
  return { file, params };
}

/** Sends one request through the route Next would pick. */
export async function dispatch(method: string, url: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
  const u = new URL(url, "http://runboard.test");
  const { file, params } = resolveRoute(u.pathname);
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, Handler | undefined>;
  const fn = mod[method];
  if (!fn) return new Response(null, { status: 405 });
  const req = new Request(u, { method, body: init.body, headers: init.headers });
  return fn(req, { params: Promise.resolve(params) });
}

const SERVER_ID_KEYS = new Set(["experiment_id", "run_id", "run_uuid", "assessment_id", "dataset_id", "scorer_id", "dataset_record_id"]);
const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString("hex").slice(0, n);

export class Replayer {
  /** Long unique strings: recorded → replayed (global substitution). */
  private readonly strings = new Map<string, string>();
  /** Experiment ids (short numbers): substituted only where an experiment id goes. */
  private readonly experiments = new Map<string, string>();
  /** Raw 16-byte OTel trace ids in protobuf bodies. */
  private readonly bytes: [Buffer, Buffer][] = [];

  constructor(recording: Recording, opts: { names?: string[] } = {}) {
    const all = JSON.stringify(recording.calls);
    // Client-generated trace ids → fresh ones of the same length (text and bytes).
    for (const m of new Set(all.match(/tr-[0-9a-f]{32}/g) ?? [])) {
      const fresh = "tr-" + hex(32);
      this.strings.set(m, fresh);
      const [a, b] = [Buffer.from(m.slice(3), "hex"), Buffer.from(fresh.slice(3), "hex")];
      this.bytes.push([a, b]);
      this.strings.set(a.toString("base64"), b.toString("base64")); // traces.json carries them in base64
    }
    for (const name of opts.names ?? []) this.strings.set(name, this.uniqueLike(name));
  }

  /** A unique string as long as `s` (so length-prefixed protobuf strings stay valid). */
  uniqueLike(s: string): string {
    const tag = hex(Math.min(8, s.length));
    return (s.slice(0, Math.max(0, s.length - tag.length - 1)) + "-" + tag).slice(-s.length).padStart(s.length, "x");
  }

  /** The replayed value for a recorded one (trace ids, names, server ids). */
  map(s: string): string {
    return this.strings.get(s) ?? this.experiments.get(s) ?? s;
  }

  /** A recorded text with every substitution applied. */
  substitute(s: string): string {
    return this.subText(s);
  }

  private subText(s: string): string {
    let out = s;
    for (const [a, b] of this.strings) out = out.split(a).join(b);
    return out;
  }

  private subUrl(url: string): string {
    let out = this.subText(url);
    out = out.replace(/([?&](?:experiment_id|experiment_ids)=)([^&]+)/g, (_m, k, v) => k + (this.experiments.get(v) ?? v));
    out = out.replace(/(\/mlflow-artifacts\/artifacts\/)(\d+)\//, (_m, k, v) => k + (this.experiments.get(v) ?? v) + "/");
    return out;
  }

  private subJson(v: unknown, key?: string): unknown {
    if (typeof v === "string") {
      if (key === "experiment_id" && this.experiments.has(v)) return this.experiments.get(v);
      return this.subText(v);
    }
    if (Array.isArray(v)) return v.map((x) => this.subJson(x, key === "experiment_ids" ? "experiment_id" : key));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.subJson(x, k)]));
    return v;
  }

  private subBytes(b: Buffer): Buffer {
    const out = Buffer.from(this.subText(b.toString("latin1")), "latin1");
    for (const [a, c] of this.bytes) {
      let i = out.indexOf(a);
      while (i >= 0) {
        c.copy(out, i);
        i = out.indexOf(a, i + a.length);
      }
    }
    return out;
  }

  /** Learns server-generated ids: recorded response vs replayed response, key by key. */
  private learn(recorded: unknown, actual: unknown, key?: string): void {
    if (typeof recorded === "string" && typeof actual === "string" && key && SERVER_ID_KEYS.has(key) && recorded !== actual) {
      if (key === "experiment_id") this.experiments.set(recorded, actual);
      else this.strings.set(recorded, actual);
      return;
    }
    if (typeof recorded === "number" && typeof actual === "number" && key === "experiment_id" && recorded !== actual) {
      this.experiments.set(String(recorded), String(actual));
      return;
    }
    if (Array.isArray(recorded) && Array.isArray(actual)) {
      recorded.forEach((r, i) => this.learn(r, actual[i], key));
    } else if (recorded && actual && typeof recorded === "object" && typeof actual === "object") {
      for (const [k, r] of Object.entries(recorded)) this.learn(r, (actual as Record<string, unknown>)[k], k);
    }
  }

  async replay(call: RecordedCall): Promise<ReplayedCall> {
    const headers: Record<string, string> = {};
    if (call.contentType) headers["content-type"] = call.contentType;
    if (call.experimentHeader) headers["x-mlflow-experiment-id"] = this.experiments.get(call.experimentHeader) ?? call.experimentHeader;
    let body: BodyInit | undefined;
    if (call.bodyBase64 !== undefined) body = new Uint8Array(this.subBytes(Buffer.from(call.bodyBase64, "base64")));
    else if (call.body !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(call.body);
      } catch {
        parsed = undefined;
      }
      body = parsed === undefined || call.url.includes("/mlflow-artifacts/") ? this.subText(call.body) : JSON.stringify(this.subJson(parsed));
    }
    const res = await dispatch(call.method, this.subUrl(call.url), { body, headers });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    if (call.response !== undefined && json) this.learn(call.response, json);
    return { call, status: res.status, text, json };
  }

  /** Replays every call (optionally only those `keep` accepts), expecting the recorded status. */
  async replayAll(recording: Recording, keep: (c: RecordedCall) => boolean = () => true): Promise<ReplayedCall[]> {
    const out: ReplayedCall[] = [];
    for (const call of recording.calls.filter(keep)) {
      const r = await this.replay(call);
      expect({ call: `${call.method} ${call.url}`, status: r.status, body: r.status === call.status ? "" : r.text }).toEqual({ call: `${call.method} ${call.url}`, status: call.status, body: "" });
      out.push(r);
    }
    return out;
  }
}

/** The recorded call matching method + URL prefix (n-th match). */
export function recorded(rec: Recording, method: string, urlPrefix: string, n = 0): RecordedCall {
  const c = rec.calls.filter((x) => x.method === method && x.url.startsWith(urlPrefix))[n];
  if (!c) throw new Error(`no recorded ${method} ${urlPrefix}`);
  return c;
}
