// Path safety for the artifact store. Every path that reaches a storage backend is an
// ArtifactKey: root-relative segments that passed the checks below. The backends accept nothing
// else (the type is branded), so no request path, URI or listing name can reach the local disk
// or the bucket without going through here first.
import { invalidParam } from "@/lib/errors";

declare const keyBrand: unique symbol;
/** Validated, root-relative path segments ([] is the root). Only this module makes them. */
export type ArtifactKey = readonly string[] & { readonly [keyBrand]: true };

const asKey = (segments: string[]) => segments as unknown as ArtifactKey;

/** The store's root. */
export const ROOT_KEY: ArtifactKey = asKey([]);

/** Names starting with this are reserved for in-flight uploads; no artifact path may use them. */
export const RESERVED_PREFIX = ".runboard-";

const badPath = (p: string, why: string) => invalidParam(`Invalid artifact path '${p}': ${why}.`);
/**
 * Traversal, absolute paths, backslashes, NUL and their percent-encodings: MLflow's server answers
 * exactly "Invalid path" (validate_path_is_safe) and clients compare the text, so the same here.
 * Runboard's own limits (length, reserved names) say what is wrong.
 */
const unsafePath = () => invalidParam("Invalid path");

function decodeOnce(s: string): string | null {
  try {
    const d = decodeURIComponent(s);
    return d === s ? null : d;
  } catch {
    return null;
  }
}

function checkSegment(full: string, seg: string): void {
  if (seg === "." || seg === "..") throw unsafePath();
  if (seg.includes("\\")) throw unsafePath();
  if (seg.includes("\0")) throw unsafePath();
  // A segment that still decodes to traversal (e.g. %2e%2e, %252e%252e, %2f) is refused too.
  let cur: string | null = seg;
  for (let i = 0; i < 4 && cur !== null; i++) {
    cur = decodeOnce(cur);
    if (cur === null) break;
    if (cur === "." || cur === ".." || /[/\\\0]/.test(cur)) throw unsafePath();
  }
  if (Buffer.byteLength(seg) > 255) throw badPath(full, "a path segment is longer than 255 bytes");
  if (seg.startsWith(RESERVED_PREFIX)) throw badPath(full, `names starting with '${RESERVED_PREFIX}' are reserved`);
}

/** S3 keys are at most 1024 bytes; the same limit holds on disk so both backends agree. */
const MAX_PATH_BYTES = 900;

/**
 * Validates a relative artifact path and returns its key ("" / undefined → the root).
 * Duplicate and trailing slashes are ignored; `.`/`..` segments, absolute paths, backslashes,
 * NUL bytes, percent-encoded traversal and reserved names are refused with INVALID_PARAMETER_VALUE.
 */
export function parseArtifactPath(p: string | null | undefined): ArtifactKey {
  if (p === null || p === undefined || p === "") return ROOT_KEY;
  if (p.includes("\0")) throw unsafePath();
  if (p.includes("\\")) throw unsafePath();
  if (p.startsWith("/")) throw unsafePath();
  if (/^[a-zA-Z]:/.test(p)) throw unsafePath();
  const segments = p.split("/").filter((s) => s !== "");
  for (const s of segments) checkSegment(p, s);
  if (Buffer.byteLength(segments.join("/")) > MAX_PATH_BYTES) throw badPath(p, `the path is longer than ${MAX_PATH_BYTES} bytes`);
  return asKey(segments);
}

/** Validates path segments that arrive already split (URL path params). */
export function parseArtifactSegments(segments: readonly string[]): ArtifactKey {
  const joined = segments.join("/");
  for (const s of segments) {
    if (s.includes("/")) throw unsafePath();
    if (s.includes("\0")) throw unsafePath();
  }
  return parseArtifactPath(joined);
}

/** A path given as a string (query/body) or as URL path segments. */
export const toKey = (p: string | readonly string[] | null | undefined): ArtifactKey =>
  Array.isArray(p) ? parseArtifactSegments(p) : parseArtifactPath(p as string | null | undefined);

/** `a` and `b` joined (both already validated). */
export function joinKeys(a: ArtifactKey, b: ArtifactKey): ArtifactKey {
  const joined = [...a, ...b];
  if (Buffer.byteLength(joined.join("/")) > MAX_PATH_BYTES) throw badPath(joined.join("/"), `the path is longer than ${MAX_PATH_BYTES} bytes`);
  return asKey(joined);
}

/** The key of entry `name` (as listed by a backend) inside directory `dir`, validated again. */
export function childKey(dir: ArtifactKey, name: string): ArtifactKey {
  checkSegment([...dir, name].join("/"), name);
  return asKey([...dir, name]);
}

export const parentKey = (key: ArtifactKey): ArtifactKey => asKey(key.slice(0, -1));
export const keyToPath = (key: ArtifactKey): string => key.join("/");
export const baseName = (key: ArtifactKey): string => key[key.length - 1] ?? "";

const MARKER = "/mlflow-artifacts/artifacts";

/**
 * The root-relative path an artifact URI points at: `mlflow-artifacts:/1/abc/artifacts`,
 * `mlflow-artifacts://host:5000/1/abc/artifacts` or
 * `http(s)://host/…/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts` → `1/abc/artifacts`.
 */
export function artifactUriToPath(uri: string): string {
  const m = /^mlflow-artifacts:(.*)$/i.exec(uri);
  if (m) {
    let rest = m[1];
    if (rest.startsWith("//")) {
      const slash = rest.indexOf("/", 2);
      rest = slash === -1 ? "" : rest.slice(slash);
    }
    return rest.replace(/^\/+/, "").replace(/\/+$/, "");
  }
  if (/^https?:\/\//i.test(uri)) {
    const pathname = uri.replace(/^https?:\/\/[^/]*/i, "").replace(/[?#].*$/, "");
    const at = pathname.indexOf(MARKER);
    if (at !== -1 && (pathname.length === at + MARKER.length || pathname[at + MARKER.length] === "/")) {
      return pathname.slice(at + MARKER.length).replace(/^\/+/, "").replace(/\/+$/, "");
    }
  }
  throw invalidParam(`Artifact URI '${uri}' is not served by this Runboard server (expected mlflow-artifacts:/… ).`);
}

/** True when `uri` names this server's artifact store (mlflow-artifacts: or its HTTP form). */
export function isServedArtifactUri(uri: string): boolean {
  try {
    artifactUriToPath(uri);
    return true;
  } catch {
    return false;
  }
}

/** The key of `relPath` below an artifact root URI, both validated. */
export function keyUnder(rootUri: string, relPath?: string | null): ArtifactKey {
  return joinKeys(parseArtifactPath(artifactUriToPath(rootUri)), parseArtifactPath(relPath));
}

/**
 * The order every listing uses, on every backend: by UTF-8 bytes, a directory sorting as its
 * name plus "/" (so `model.txt` < `model/` < `model0`) — S3's own key order.
 */
export function entrySortKey(e: { name: string; isDir: boolean }): string {
  return e.isDir ? `${e.name}/` : e.name;
}

export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
