import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  artifactFile,
  artifactFilePath,
  artifactRoot,
  artifactUriToPath,
  deleteArtifacts,
  getArtifactFile,
  listArtifactDirectory,
  listArtifacts,
  listRunArtifacts,
  parseArtifactPath,
  putArtifact,
  readArtifactPreview,
} from "@/lib/domain/artifacts";
import { DomainError } from "@/lib/errors";
import { makeExperiment, makeRun } from "@/tests/api/artifact-fixtures";
import { uniqueName } from "@/tests/helpers";

const bytes = (s: string | Buffer) => Readable.from([Buffer.from(s)]);

async function expectInvalid(p: Promise<unknown> | (() => unknown)) {
  const run = typeof p === "function" ? Promise.resolve().then(p) : p;
  const err = await run.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe("INVALID_PARAMETER_VALUE");
  return err as DomainError;
}

describe("artifact paths", () => {
  test("root comes from RUNBOARD_ARTIFACT_ROOT and is absolute", () => {
    expect(process.env.RUNBOARD_ARTIFACT_ROOT).toBeTruthy();
    expect(artifactRoot()).toBe(path.resolve(process.env.RUNBOARD_ARTIFACT_ROOT!));
    expect(path.isAbsolute(artifactRoot())).toBe(true);
  });

  test("plain relative paths split into segments; empty means the root", () => {
    expect(parseArtifactPath("1/abc/artifacts/model/MLmodel")).toEqual(["1", "abc", "artifacts", "model", "MLmodel"]);
    expect(parseArtifactPath("a//b/")).toEqual(["a", "b"]);
    expect(parseArtifactPath("")).toEqual([]);
    expect(parseArtifactPath(undefined)).toEqual([]);
    expect(parseArtifactPath("odd name %41.txt")).toEqual(["odd name %41.txt"]);
  });

  test.each([
    ["../etc/passwd"],
    ["a/../../b"],
    ["a/./b"],
    ["/etc/passwd"],
    ["C:/Windows"],
    ["a\\..\\b"],
    ["a/b\u0000c"],
    ["a/%2e%2e/b"],
    ["a/%2E%2E/b"],
    ["a/%252e%252e/b"],
    ["a/..%2fb"],
    ["a/%5c"],
  ])("refuses %j", async (p) => {
    const err = await expectInvalid(() => parseArtifactPath(p));
    expect(err.message).toMatch(/Invalid artifact path/);
  });

  test("artifact URIs map to root-relative paths", () => {
    expect(artifactUriToPath("mlflow-artifacts:/0/abc/artifacts")).toBe("0/abc/artifacts");
    expect(artifactUriToPath("mlflow-artifacts:/0/models/m-1/artifacts/")).toBe("0/models/m-1/artifacts");
    expect(artifactUriToPath("mlflow-artifacts://host:5000/3/x/artifacts")).toBe("3/x/artifacts");
    expect(artifactUriToPath("mlflow-artifacts:")).toBe("");
    expect(artifactUriToPath("http://h:3000/api/2.0/mlflow-artifacts/artifacts/7/r/artifacts")).toBe("7/r/artifacts");
    expect(artifactUriToPath("https://h/mlflow/api/2.0/mlflow-artifacts/artifacts")).toBe("");
    expect(() => artifactUriToPath("s3://bucket/1/abc")).toThrow(DomainError);
    expect(() => artifactUriToPath("file:///tmp/x")).toThrow(DomainError);
    expect(() => artifactUriToPath("http://h/other/path")).toThrow(DomainError);
  });
});

describe("artifact store", () => {
  const base = uniqueName("dom");
  let outside: string;

  beforeAll(async () => {
    outside = await mkdtemp(path.join(os.tmpdir(), "runboard-outside-"));
  });
  afterAll(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  test("put, list, read back, overwrite, delete", async () => {
    const r = await putArtifact(`${base}/a/b/c.txt`, bytes("hello"));
    expect(r.size).toBe(5);
    await putArtifact(`${base}/a/top.json`, bytes('{"x": 1}'));
    expect(await listArtifactDirectory(`${base}/a`)).toEqual([
      { name: "b", isDir: true },
      { name: "top.json", isDir: false, fileSize: 8 },
    ]);
    expect(await readFile(path.join(artifactRoot(), base, "a/b/c.txt"), "utf8")).toBe("hello");
    await putArtifact(`${base}/a/b/c.txt`, bytes("bye"));
    expect((await getArtifactFile(`${base}/a/b/c.txt`)).size).toBe(3);
    // Files and missing paths list as nothing.
    expect(await listArtifactDirectory(`${base}/a/top.json`)).toEqual([]);
    expect(await listArtifactDirectory(`${base}/missing`)).toEqual([]);
    await deleteArtifacts(`${base}/a/b`);
    expect(await listArtifactDirectory(`${base}/a`)).toEqual([{ name: "top.json", isDir: false, fileSize: 8 }]);
    await deleteArtifacts(`${base}/nothing/here`); // no error
    await expectInvalid(deleteArtifacts(""));
  });

  test("uploads cannot turn a file into a directory or overwrite a directory", async () => {
    await putArtifact(`${base}/f/file`, bytes("x"));
    await expectInvalid(putArtifact(`${base}/f/file/inner`, bytes("y")));
    await expectInvalid(putArtifact(`${base}/f`, bytes("y")));
    await expectInvalid(putArtifact("", bytes("y")));
  });

  test("a failed upload leaves neither the file nor a temp file", async () => {
    async function* failing() {
      yield Buffer.from("partial data");
      throw new Error("client went away");
    }
    await expect(putArtifact(`${base}/fail/x.bin`, failing())).rejects.toThrow("client went away");
    expect(await readdir(path.join(artifactRoot(), base, "fail"))).toEqual([]);
    expect(await listArtifactDirectory(`${base}/fail`)).toEqual([]);
  });

  test("symlinks that lead outside the root are neither followed for writes nor reads", async () => {
    const dir = path.join(artifactRoot(), base, "links");
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
    await symlink(path.join(artifactRoot(), base, "real"), path.join(artifactRoot(), base, "alias"));
    expect((await getArtifactFile(`${base}/alias/data.csv`)).size).toBe(8);
    await putArtifact(`${base}/alias/more.csv`, bytes("c\n"));
    expect(await readFile(path.join(artifactRoot(), base, "real/more.csv"), "utf8")).toBe("c\n");
  });

  test("listArtifacts and previews under a root URI", async () => {
    const uri = `mlflow-artifacts:/${base}/run1/artifacts`;
    const big = Buffer.alloc(300_000, "x");
    await putArtifact(`${base}/run1/artifacts/model/MLmodel`, bytes("flavors: {}\n"));
    await putArtifact(`${base}/run1/artifacts/big.txt`, Readable.from([big]));
    await putArtifact(`${base}/run1/artifacts/blob.bin`, bytes(Buffer.from([0, 1, 2, 3])));
    expect(await listArtifacts(uri)).toEqual([
      { path: "big.txt", isDir: false, fileSize: 300_000 },
      { path: "blob.bin", isDir: false, fileSize: 4 },
      { path: "model", isDir: true, fileSize: undefined },
    ]);
    expect(await listArtifacts(uri, "model")).toEqual([{ path: "model/MLmodel", isDir: false, fileSize: 12 }]);
    const p = await readArtifactPreview(uri, "big.txt", 1000);
    expect(p.data.length).toBe(1000);
    expect(p).toMatchObject({ size: 300_000, truncated: true, binary: false });
    const whole = await readArtifactPreview(uri, "model/MLmodel", 1000);
    expect(whole.data.toString()).toBe("flavors: {}\n");
    expect(whole.truncated).toBe(false);
    expect((await readArtifactPreview(uri, "blob.bin")).binary).toBe(true);
    expect(await artifactFilePath(uri, "model/MLmodel")).toBe(path.join(await import("node:fs/promises").then((f) => f.realpath(artifactRoot())), base, "run1/artifacts/model/MLmodel"));
    await expect(artifactFile(uri, "nope.txt")).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
    await expect(artifactFile(uri, "model")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expectInvalid(listArtifacts(uri, "../other"));
    await expectInvalid(listArtifacts("s3://bucket/x"));
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

  test("listings page at 1000 entries", async () => {
    const dir = path.join(artifactRoot(), base, "many");
    await mkdir(dir, { recursive: true });
    await Promise.all(Array.from({ length: 1005 }, (_, i) => writeFile(path.join(dir, `f${String(i).padStart(4, "0")}`), "")));
    const exp = await makeExperiment();
    const run = await makeRun(exp.id);
    await rm(path.join(artifactRoot(), exp.id), { recursive: true, force: true });
    await mkdir(path.join(artifactRoot(), exp.id, run.runId), { recursive: true });
    await symlink(dir, path.join(artifactRoot(), exp.id, run.runId, "artifacts"));
    const first = await listRunArtifacts(run.runId);
    expect(first.files).toHaveLength(1000);
    expect(first.nextPageToken).toBeTruthy();
    const second = await listRunArtifacts(run.runId, undefined, first.nextPageToken);
    expect(second.files.map((f) => f.path)).toEqual(["f1000", "f1001", "f1002", "f1003", "f1004"]);
    expect(second.nextPageToken).toBeUndefined();
  });
});
