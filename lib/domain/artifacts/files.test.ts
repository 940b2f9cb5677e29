// The artifact operations against the configured backend: the local disk in the "local" Vitest
// project, a real S3-compatible server in the "s3" project. Same tests, same expectations;
// what only one backend can have (symlinks) is tested on that one only.
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  artifactFile,
  artifactStoreInfo,
  checkArtifactStore,
  deleteArtifacts,
  deleteArtifactsAt,
  getArtifactFile,
  listArtifactDirectory,
  listArtifacts,
  listArtifactsPage,
  putArtifact,
  putArtifactAt,
  readArtifactBytes,
  readArtifactPreview,
  walkArtifacts,
} from "@/lib/domain/artifacts/files";
import { listRunArtifacts } from "@/lib/domain/artifacts/run-artifacts";
import { DomainError } from "@/lib/errors";
import { backend, localRoot, rawList, rawRead, rawWrite } from "@/tests/artifact-backend";
import { makeExperiment, makeRun } from "@/tests/api/artifact-fixtures";
import { uniqueName } from "@/tests/helpers";

const bytes = (s: string | Buffer) => Readable.from([Buffer.from(s)]);

async function expectInvalid(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe("INVALID_PARAMETER_VALUE");
  return err as DomainError;
}

test("the configured backend is the one this project tests", async () => {
  expect(artifactStoreInfo().kind).toBe(backend());
  if (backend() === "local") expect(artifactStoreInfo().location).toBe(path.resolve(process.env.RUNBOARD_ARTIFACT_ROOT!));
  else expect(artifactStoreInfo().location).toBe(process.env.RUNBOARD_ARTIFACT_ROOT);
  await checkArtifactStore();
});

describe("artifact store", () => {
  const base = uniqueName("dom");

  test("put, list, read back, overwrite, delete", async () => {
    const r = await putArtifact(`${base}/a/b/c.txt`, bytes("hello"));
    expect(r.size).toBe(5);
    await putArtifact(`${base}/a/top.json`, bytes('{"x": 1}'));
    expect(await listArtifactDirectory(`${base}/a`)).toEqual([
      { name: "b", isDir: true },
      { name: "top.json", isDir: false, fileSize: 8 },
    ]);
    expect((await rawRead(`${base}/a/b/c.txt`))?.toString()).toBe("hello");
    await putArtifact(`${base}/a/b/c.txt`, bytes("bye"));
    expect((await getArtifactFile(`${base}/a/b/c.txt`)).size).toBe(3);
    // Files and missing paths list as nothing.
    expect(await listArtifactDirectory(`${base}/a/top.json`)).toEqual([]);
    expect(await listArtifactDirectory(`${base}/missing`)).toEqual([]);
    await deleteArtifacts(`${base}/a/b`);
    expect(await listArtifactDirectory(`${base}/a`)).toEqual([{ name: "top.json", isDir: false, fileSize: 8 }]);
    await deleteArtifacts(`${base}/nothing/here`); // no error
    await expectInvalid(deleteArtifacts(""));
    expect(await rawList(`${base}/a`)).toEqual(["top.json"]);
  });

  test("uploads cannot turn a file into a directory or overwrite a directory", async () => {
    await putArtifact(`${base}/f/file`, bytes("x"));
    expect((await expectInvalid(putArtifact(`${base}/f/file/inner`, bytes("y")))).message).toMatch(/'file' is a file, not a directory/);
    expect((await expectInvalid(putArtifact(`${base}/f`, bytes("y")))).message).toMatch(/a directory already exists/);
    await expectInvalid(putArtifact("", bytes("y")));
    expect(await rawList(`${base}/f`)).toEqual(["file"]);
  });

  test("a failed upload leaves neither the file nor a temp file", async () => {
    async function* failing() {
      yield Buffer.from("partial data");
      throw new Error("client went away");
    }
    await putArtifact(`${base}/fail/keep.txt`, bytes("k"));
    await expect(putArtifact(`${base}/fail/x.bin`, failing())).rejects.toThrow("client went away");
    // A large body failing after several parts went up: the multipart upload is aborted.
    async function* failingLate() {
      for (let i = 0; i < 3; i++) yield Buffer.alloc(8 * 1024 * 1024, i);
      throw new Error("client went away late");
    }
    await expect(putArtifact(`${base}/fail/big.bin`, failingLate())).rejects.toThrow("client went away late");
    expect(await rawList(`${base}/fail`)).toEqual(["keep.txt"]);
    expect(await listArtifactDirectory(`${base}/fail`)).toEqual([{ name: "keep.txt", isDir: false, fileSize: 1 }]);
  });

  test("listArtifacts, walkArtifacts and previews under a root URI", async () => {
    const uri = `mlflow-artifacts:/${base}/run1/artifacts`;
    const big = Buffer.alloc(300_000, "x");
    await putArtifact(`${base}/run1/artifacts/model/MLmodel`, bytes("flavors: {}\n"));
    await putArtifact(`${base}/run1/artifacts/big.txt`, Readable.from([big]));
    await putArtifact(`${base}/run1/artifacts/blob.bin`, bytes(Buffer.from([0, 1, 2, 3])));
    await putArtifactAt(uri, "model/sub/deep.txt", "deep");
    expect(await listArtifacts(uri)).toEqual([
      { path: "big.txt", isDir: false, fileSize: 300_000 },
      { path: "blob.bin", isDir: false, fileSize: 4 },
      { path: "model", isDir: true, fileSize: undefined },
    ]);
    expect(await listArtifacts(uri, "model")).toEqual([
      { path: "model/MLmodel", isDir: false, fileSize: 12 },
      { path: "model/sub", isDir: true, fileSize: undefined },
    ]);
    expect(await walkArtifacts(uri, 100)).toEqual({
      files: [
        { path: "big.txt", size: 300_000 },
        { path: "blob.bin", size: 4 },
        { path: "model/MLmodel", size: 12 },
        { path: "model/sub/deep.txt", size: 4 },
      ],
      truncated: false,
    });
    expect((await walkArtifacts(uri, 2)).truncated).toBe(true);
    const p = await readArtifactPreview(uri, "big.txt", 1000);
    expect(p.data.length).toBe(1000);
    expect(p).toMatchObject({ size: 300_000, truncated: true, binary: false });
    const whole = await readArtifactPreview(uri, "model/MLmodel", 1000);
    expect(whole.data.toString()).toBe("flavors: {}\n");
    expect(whole.truncated).toBe(false);
    expect((await readArtifactPreview(uri, "blob.bin")).binary).toBe(true);
    expect((await readArtifactBytes(uri, "model/sub/deep.txt", 100)).toString()).toBe("deep");
    await expectInvalid(readArtifactBytes(uri, "big.txt", 1000));
    await expect(artifactFile(uri, "nope.txt")).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
    await expect(artifactFile(uri, "model")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expectInvalid(listArtifacts(uri, "../other"));
    await expectInvalid(listArtifacts("s3://bucket/x"));
    await deleteArtifactsAt(uri);
    expect(await rawList(`${base}/run1`)).toEqual([]);
  });

  test("listRunArtifacts reads the run's artifact_uri", async () => {
    const exp = await makeExperiment();
    const run = await makeRun(exp.id);
    await putArtifact(`${exp.id}/${run.runId}/artifacts/notes/readme.md`, bytes("# hi"));
    const l = await listRunArtifacts(run.runId);
    expect(l).toEqual({ rootUri: run.artifactUri, files: [{ path: "notes", isDir: true, fileSize: undefined }], nextPageToken: undefined });
    expect((await listRunArtifacts(run.runId, "notes")).files).toEqual([{ path: "notes/readme.md", isDir: false, fileSize: 4 }]);
    await expect(listRunArtifacts("0".repeat(32))).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
    await expectInvalid(listRunArtifacts(run.runId, undefined, "not-a-token"));
  });

  test("pages through names that are prefixes of each other, files and directories mixed", async () => {
    const dir = `${base}/paging`;
    const names = ["model", "model.txt", "model0", "a", "b/", "b.csv", "c/", "é.txt", "z", "zz/"];
    await rawWrite(names.map((n) => ({ path: n.endsWith("/") ? `${dir}/${n}inner.txt` : `${dir}/${n}`, data: n })));
    const uri = `mlflow-artifacts:/${dir}`;
    const expected = ["a", "b.csv", "b/", "c/", "model", "model.txt", "model0", "z", "zz/", "é.txt"];
    for (const size of [1, 3, 4, 100]) {
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await listArtifactsPage(uri, null, token, size);
        expect(page.files.length).toBeLessThanOrEqual(size);
        seen.push(...page.files.map((f) => (f.isDir ? `${f.path}/` : f.path)));
        token = page.nextPageToken;
      } while (token);
      expect(seen, `page size ${size}`).toEqual(expected);
    }
    expect((await listArtifactDirectory(dir)).map((e) => e.name)).toEqual(expected.map((n) => n.replace(/\/$/, "")));
  });

  // On S3 the same crossing of backend pages is tested with a small page size (s3-store.test.ts):
  // s3rver takes ~10 s to store a thousand objects.
  test.runIf(backend() === "local")("tracking-API listings page at 1000 entries", async () => {
    const exp = await makeExperiment();
    const run = await makeRun(exp.id);
    const root = `${exp.id}/${run.runId}/artifacts`;
    await rawWrite(Array.from({ length: 1005 }, (_, i) => ({ path: `${root}/f${String(i).padStart(4, "0")}`, data: "" })));
    await rawWrite([{ path: `${root}/sub/x`, data: "x" }]);
    const first = await listRunArtifacts(run.runId);
    expect(first.files).toHaveLength(1000);
    expect(first.nextPageToken).toBeTruthy();
    const second = await listRunArtifacts(run.runId, undefined, first.nextPageToken);
    expect(second.files.map((f) => f.path)).toEqual(["f1000", "f1001", "f1002", "f1003", "f1004", "sub"]);
    expect(second.nextPageToken).toBeUndefined();
    expect(await listArtifactDirectory(root)).toHaveLength(1006);
    expect((await walkArtifacts(run.artifactUri, 5000)).files).toHaveLength(1006);
    await deleteArtifactsAt(run.artifactUri);
    expect(await rawList(root)).toEqual([]);
  });
});

describe.runIf(backend() === "local")("local backend: symlinks", () => {
  const base = uniqueName("links");
  let outside: string;

  beforeAll(async () => {
    outside = await mkdtemp(path.join(os.tmpdir(), "runboard-outside-"));
  });
  afterAll(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  test("symlinks that lead outside the root are neither followed for writes nor reads", async () => {
    const dir = path.join(localRoot(), base, "links");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(outside, "secret.txt"), "top secret");
    await symlink(outside, path.join(dir, "out-dir"));
    await symlink(path.join(outside, "secret.txt"), path.join(dir, "out-file"));

    await expectInvalid(putArtifact(`${base}/links/out-dir/planted.txt`, bytes("evil")));
    await expectInvalid(putArtifact(`${base}/links/out-dir/new/deeper.txt`, bytes("evil")));
    await expectInvalid(getArtifactFile(`${base}/links/out-file`));
    await expectInvalid(getArtifactFile(`${base}/links/out-dir/secret.txt`));
    await expectInvalid(listArtifactDirectory(`${base}/links/out-dir`));
    // The listing of the directory holding the links hides them.
    expect(await listArtifactDirectory(`${base}/links`)).toEqual([]);
    // Deleting the link removes the link only.
    await deleteArtifacts(`${base}/links/out-dir`);
    expect(await readdir(outside)).toEqual(["secret.txt"]);
    expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("top secret");

    // Overwriting a symlinked file replaces the link, never writes through it.
    await putArtifact(`${base}/links/out-file`, bytes("replaced"));
    expect(await readFile(path.join(outside, "secret.txt"), "utf8")).toBe("top secret");
    expect(await readFile(path.join(dir, "out-file"), "utf8")).toBe("replaced");
  });

  test("symlinks inside the root work", async () => {
    await putArtifact(`${base}/real/data.csv`, bytes("a,b\n1,2\n"));
    await symlink(path.join(localRoot(), base, "real"), path.join(localRoot(), base, "alias"));
    expect((await getArtifactFile(`${base}/alias/data.csv`)).size).toBe(8);
    await putArtifact(`${base}/alias/more.csv`, bytes("c\n"));
    expect(await readFile(path.join(localRoot(), base, "real/more.csv"), "utf8")).toBe("c\n");
  });
});
