import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { invalidParam } from "@/lib/errors";
import { compareUtf8, entrySortKey, keyToPath, RESERVED_PREFIX, type ArtifactKey } from "@/lib/domain/artifacts/paths";
import type { ArtifactEntry, ArtifactFileEntry, ArtifactStat, ArtifactStore, ByteRange } from "@/lib/domain/artifacts/store";

// Artifacts as plain files under one local root directory (the default backend). Every resolved
// location is checked with realpath against the real root, so no symlink can lead outside it;
// uploads stream to a temp file in the target directory and are renamed into place, so a failed
// upload never leaves a partial file behind. Several instances can share the root over a network
// filesystem: nothing here is kept in memory between requests except the root's real path.

/** RUNBOARD_ARTIFACT_ROOT as a directory, else <RUNBOARD_HOME or ./.runboard>/artifacts. */
export function localArtifactRoot(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.RUNBOARD_ARTIFACT_ROOT;
  if (configured && !/^s3:\/\//i.test(configured)) return path.resolve(configured);
  return path.resolve(env.RUNBOARD_HOME || ".runboard", "artifacts");
}

const TEMP_PREFIX = `${RESERVED_PREFIX}upload-`;
/** Multipart uploads in progress: <root>/.runboard-mpu/<upload id>/<part number>. */
const MPU_DIR = `${RESERVED_PREFIX}mpu`;

const unquote = (etag: string) => etag.trim().replace(/^"|"$/g, "");
const isInside = (root: string, p: string) => p === root || p.startsWith(root + path.sep);

function errnoCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : undefined;
}
const isMissing = (e: unknown) => ["ENOENT", "ENOTDIR"].includes(errnoCode(e) ?? "");
const outside = (key: ArtifactKey) => invalidParam(`Invalid artifact path '${keyToPath(key)}': it resolves outside the artifact root.`);
const notADirectory = (key: ArtifactKey, seg: string) => invalidParam(`Invalid artifact path '${keyToPath(key)}': '${seg}' is a file, not a directory.`);

export class LocalArtifactStore implements ArtifactStore {
  readonly kind = "local" as const;
  private real?: Promise<string>;

  constructor(readonly location: string) {}

  /** The root's real path (created on first use). */
  private realRoot(): Promise<string> {
    if (!this.real) {
      this.real = fs.mkdir(this.location, { recursive: true }).then(() => fs.realpath(this.location));
      this.real.catch(() => (this.real = undefined));
    }
    return this.real;
  }

  /** Real path of an existing location inside the root, or null when it does not exist. */
  private async resolveExisting(key: ArtifactKey): Promise<string | null> {
    const root = await this.realRoot();
    let real: string;
    try {
      real = await fs.realpath(path.join(root, ...key));
    } catch (e) {
      if (!isMissing(e) && errnoCode(e) !== "ELOOP") throw e;
      // Missing: still refuse when the deepest existing ancestor lies outside the root, so a
      // symlink leading out answers the same whether or not its target exists.
      for (let n = key.length - 1; n > 0; n--) {
        const ancestor = await fs.realpath(path.join(root, ...key.slice(0, n))).catch(() => null);
        if (ancestor === null) continue;
        if (!isInside(root, ancestor)) throw outside(key);
        break;
      }
      return null;
    }
    if (!isInside(root, real)) throw outside(key);
    return real;
  }

  /**
   * Creates (as needed) the directories above the target, one component at a time, refusing any
   * component that is a file or a symlink leading outside the root. Returns the real directory.
   */
  private async ensureParentDir(key: ArtifactKey): Promise<string> {
    const root = await this.realRoot();
    let cur = root;
    for (const seg of key.slice(0, -1)) {
      const next = path.join(cur, seg);
      let st = await fs.lstat(next).catch((e) => (isMissing(e) ? null : Promise.reject(e)));
      if (!st) {
        await fs.mkdir(next).catch((e) => (errnoCode(e) === "EEXIST" ? undefined : Promise.reject(e)));
        st = await fs.lstat(next);
      }
      if (st.isSymbolicLink()) {
        const real = await fs.realpath(next).catch(() => null);
        if (!real || !isInside(root, real)) throw outside(key);
        if (!(await fs.stat(real)).isDirectory()) throw notADirectory(key, seg);
        cur = real;
      } else if (st.isDirectory()) {
        cur = next;
      } else {
        throw notADirectory(key, seg);
      }
    }
    const real = await fs.realpath(cur);
    if (!isInside(root, real)) throw outside(key);
    return real;
  }

  /** Streams `body` to a temp file in `dir`, then renames it to `target`. */
  private async writeAtomically(dir: string, target: string, body: Readable): Promise<number> {
    const tmp = path.join(dir, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}.tmp`);
    try {
      await pipeline(body, createWriteStream(tmp, { flags: "wx", mode: 0o644 }));
      const { size } = await fs.stat(tmp);
      await fs.rename(tmp, target);
      return size;
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw e;
    }
  }

  async put(key: ArtifactKey, body: Readable): Promise<{ size: number }> {
    const dir = await this.ensureParentDir(key);
    const target = path.join(dir, key[key.length - 1]);
    const existing = await fs.lstat(target).catch(() => null);
    if (existing?.isDirectory()) throw invalidParam(`Invalid artifact path '${keyToPath(key)}': a directory already exists at this path.`);
    return { size: await this.writeAtomically(dir, target, body) };
  }

  async stat(key: ArtifactKey): Promise<ArtifactStat | null> {
    const real = await this.resolveExisting(key);
    if (!real) return null;
    const st = await fs.stat(real).catch((e) => (isMissing(e) ? null : Promise.reject(e)));
    if (!st) return null;
    if (st.isDirectory()) return { type: "dir" };
    if (st.isFile()) return { type: "file", size: st.size, etag: `${st.ino}-${st.size}-${st.mtimeMs}` };
    return null;
  }

  /** All entries of a directory, sorted; [] for a file or a missing path. */
  private async entries(dirKey: ArtifactKey): Promise<ArtifactEntry[]> {
    const dir = await this.resolveExisting(dirKey);
    if (!dir) return [];
    const st = await fs.stat(dir);
    if (!st.isDirectory()) return [];
    const root = await this.realRoot();
    const dirents = await fs.readdir(dir, { withFileTypes: true });
    const entries = await Promise.all(
      dirents
        .filter((d) => !d.name.startsWith(RESERVED_PREFIX))
        .map(async (d): Promise<ArtifactEntry | null> => {
          const p = path.join(dir, d.name);
          if (d.isSymbolicLink()) {
            const real = await fs.realpath(p).catch(() => null);
            if (!real || !isInside(root, real)) return null;
          }
          const s = await fs.stat(p).catch(() => null);
          if (!s) return null;
          if (s.isDirectory()) return { name: d.name, isDir: true };
          if (s.isFile()) return { name: d.name, isDir: false, fileSize: s.size };
          return null;
        }),
    );
    return entries.filter((e): e is ArtifactEntry => e !== null).sort((a, b) => compareUtf8(entrySortKey(a), entrySortKey(b)));
  }

  /** The last directory read by list(), so paging through a big one reads it once, not once per page. */
  private lastListing?: { dir: string; mtimeMs: number; at: number; entries: { name: string; isDir: boolean }[] };

  /** Names and kinds of a directory's entries in entrySortKey order (links resolved inside the root). */
  private async sortedKinds(real: string, mtimeMs: number): Promise<{ name: string; isDir: boolean }[]> {
    const cached = this.lastListing;
    // A directory's mtime changes when an entry is added, removed or renamed; a link's target
    // can change without it, so the copy serves one listing's pages (seconds), no more.
    if (cached && cached.dir === real && cached.mtimeMs === mtimeMs && Date.now() - cached.at < 5000) return cached.entries;
    const root = await this.realRoot();
    const dirents = (await fs.readdir(real, { withFileTypes: true })).filter((d) => !d.name.startsWith(RESERVED_PREFIX));
    const kinds = await Promise.all(
      dirents.map(async (d): Promise<{ name: string; isDir: boolean } | null> => {
        if (d.isDirectory()) return { name: d.name, isDir: true };
        if (d.isFile()) return { name: d.name, isDir: false };
        if (!d.isSymbolicLink()) return null;
        // A link is listed as what it points at, if that is inside the root.
        const target = await fs.realpath(path.join(real, d.name)).catch(() => null);
        if (!target || !isInside(root, target)) return null;
        const ts = await fs.stat(target).catch(() => null);
        return ts?.isDirectory() ? { name: d.name, isDir: true } : ts?.isFile() ? { name: d.name, isDir: false } : null;
      }),
    );
    const entries = kinds.filter((e): e is { name: string; isDir: boolean } => e !== null).sort((a, b) => compareUtf8(entrySortKey(a), entrySortKey(b)));
    this.lastListing = { dir: real, mtimeMs, at: Date.now(), entries };
    return entries;
  }

  async list(dir: ArtifactKey, opts: { after?: string; limit: number }): Promise<{ entries: ArtifactEntry[]; more: boolean }> {
    // Names and kinds come from one readdir (no stat per entry), so a page of a 100,000-file
    // directory stats only its own files: paging through it is linear, not quadratic.
    const real = await this.resolveExisting(dir);
    if (!real) return { entries: [], more: false };
    const st = await fs.stat(real);
    if (!st.isDirectory()) return { entries: [], more: false };
    let all = await this.sortedKinds(real, st.mtimeMs);
    if (opts.after !== undefined) {
      const after = opts.after;
      all = all.filter((e) => compareUtf8(entrySortKey(e), after) > 0);
    }
    const page = all.slice(0, opts.limit);
    const entries = await Promise.all(
      page.map(async (e): Promise<ArtifactEntry | null> => {
        if (e.isDir) return { name: e.name, isDir: true };
        const fst = await fs.stat(path.join(real, e.name)).catch(() => null);
        return fst?.isFile() ? { name: e.name, isDir: false, fileSize: fst.size } : null; // gone meanwhile
      }),
    );
    return { entries: entries.filter((e): e is ArtifactEntry => e !== null), more: all.length > opts.limit };
  }

  async walk(dir: ArtifactKey, limit: number): Promise<{ files: ArtifactFileEntry[]; truncated: boolean }> {
    const files: ArtifactFileEntry[] = [];
    // Depth-first in sort order gives path order.
    const visit = async (key: ArtifactKey, prefix: string): Promise<boolean> => {
      for (const e of await this.entries(key)) {
        const p = prefix ? `${prefix}/${e.name}` : e.name;
        if (e.isDir) {
          if (!(await visit([...key, e.name] as unknown as ArtifactKey, p))) return false;
        } else {
          if (files.length >= limit) return false;
          files.push({ path: p, size: e.fileSize ?? 0 });
        }
      }
      return true;
    };
    const complete = await visit(dir, "");
    return { files, truncated: !complete };
  }

  async read(key: ArtifactKey, _file: ArtifactStat, range?: ByteRange): Promise<Readable> {
    const real = await this.resolveExisting(key);
    if (!real) throw invalidParam(`Artifact '${keyToPath(key)}' disappeared.`);
    return createReadStream(real, range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: ArtifactKey): Promise<void> {
    const parent = await this.resolveExisting(key.slice(0, -1) as unknown as ArtifactKey);
    if (!parent) return;
    const target = path.join(parent, key[key.length - 1]);
    const st = await fs.lstat(target).catch(() => null);
    if (!st) return;
    // A symlink is removed itself, never followed; fs.rm does not follow links inside trees.
    if (st.isSymbolicLink()) await fs.unlink(target);
    else await fs.rm(target, { recursive: true, force: true });
  }

  async check(): Promise<void> {
    const root = await this.realRoot();
    await fs.access(root, fs.constants.R_OK | fs.constants.W_OK);
  }

  // ─── multipart ───

  private async uploadDir(uploadId: string, create = false): Promise<string> {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) throw invalidParam(`Invalid upload_id '${uploadId}'.`);
    const root = await this.realRoot();
    const dir = path.join(root, MPU_DIR, uploadId);
    if (create) await fs.mkdir(dir, { recursive: true });
    else if (!(await fs.stat(dir).catch(() => null))?.isDirectory()) throw invalidParam(`Upload '${uploadId}' does not exist (completed, aborted or never created).`);
    return dir;
  }

  async createMultipartUpload(key: ArtifactKey): Promise<string> {
    // Fail early, as a plain upload would, when the target cannot be a file.
    await this.ensureParentDir(key);
    if ((await this.stat(key))?.type === "dir") throw invalidParam(`Invalid artifact path '${keyToPath(key)}': a directory already exists at this path.`);
    const uploadId = randomBytes(16).toString("hex");
    const dir = await this.uploadDir(uploadId, true);
    await fs.writeFile(path.join(dir, "target"), keyToPath(key));
    return uploadId;
  }

  private async checkTarget(dir: string, key: ArtifactKey, uploadId: string): Promise<void> {
    const target = await fs.readFile(path.join(dir, "target"), "utf8").catch(() => null);
    if (target !== keyToPath(key)) throw invalidParam(`Upload '${uploadId}' is not an upload to '${keyToPath(key)}'.`);
  }

  async uploadPart(key: ArtifactKey, uploadId: string, partNumber: number, body: Readable): Promise<{ etag: string }> {
    const dir = await this.uploadDir(uploadId);
    await this.checkTarget(dir, key, uploadId);
    const md5 = createHash("md5");
    const tap = new PassThrough();
    tap.on("data", (b: Buffer) => md5.update(b));
    body.on("error", (e) => tap.destroy(e));
    await this.writeAtomically(dir, path.join(dir, `part-${partNumber}`), body.pipe(tap));
    const etag = `"${md5.digest("hex")}"`;
    await fs.writeFile(path.join(dir, `part-${partNumber}.etag`), etag);
    return { etag };
  }

  async completeMultipartUpload(key: ArtifactKey, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<{ size: number }> {
    const dir = await this.uploadDir(uploadId);
    await this.checkTarget(dir, key, uploadId);
    for (const p of parts) {
      const etag = await fs.readFile(path.join(dir, `part-${p.partNumber}.etag`), "utf8").catch(() => null);
      if (etag === null) throw invalidParam(`Part ${p.partNumber} of upload '${uploadId}' was never uploaded.`);
      if (unquote(etag) !== unquote(p.etag)) throw invalidParam(`Part ${p.partNumber} of upload '${uploadId}': the etag does not match the uploaded part.`);
    }
    const files = parts.map((p) => path.join(dir, `part-${p.partNumber}`));
    async function* concatenated() {
      for (const f of files) yield* createReadStream(f);
    }
    const result = await this.put(key, Readable.from(concatenated()));
    await fs.rm(dir, { recursive: true, force: true });
    return result;
  }

  async abortMultipartUpload(_key: ArtifactKey, uploadId: string): Promise<void> {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) throw invalidParam(`Invalid upload_id '${uploadId}'.`);
    const root = await this.realRoot();
    await fs.rm(path.join(root, MPU_DIR, uploadId), { recursive: true, force: true });
  }
}
