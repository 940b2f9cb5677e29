// Every route handler of the app, found from the files (so a new route is covered the day it
// lands): URL pattern, path parameters and exported HTTP methods.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export const APP_DIR = path.resolve(import.meta.dirname, "../../app");
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

export interface DiscoveredRoute {
  file: string;
  /** e.g. /api/2.0/mlflow/logged-models/[model_id]/tags/[...tag_key] */
  pattern: string;
  params: { name: string; catchAll: boolean }[];
  handlers: Partial<Record<(typeof METHODS)[number], Handler>>;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name === "route.ts") out.push(p);
  }
  return out;
}

export async function discoverRoutes(): Promise<DiscoveredRoute[]> {
  const routes: DiscoveredRoute[] = [];
  for (const file of walk(APP_DIR).sort()) {
    const rel = path.relative(APP_DIR, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
    const params = rel
      .map((s) => /^\[\[?(\.\.\.)?([^\]]+)\]\]?$/.exec(s))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => ({ name: m[2], catchAll: !!m[1] }));
    const mod = (await import(file)) as Record<string, unknown>;
    const handlers: DiscoveredRoute["handlers"] = {};
    for (const m of METHODS) if (typeof mod[m] === "function") handlers[m] = mod[m] as Handler;
    routes.push({ file: path.relative(APP_DIR, file), pattern: "/" + rel.join("/"), params, handlers });
  }
  return routes;
}
