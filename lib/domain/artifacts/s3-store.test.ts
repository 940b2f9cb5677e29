// The S3 backend's own paging: with 3 keys per ListObjectsV2 call, every listing, walk and
// recursive delete below crosses many continuation tokens of the real server.
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { parseArtifactPath } from "@/lib/domain/artifacts/paths";
import { parseS3Root, S3ArtifactStore } from "@/lib/domain/artifacts/s3-store";
import { backend, rawList } from "@/tests/artifact-backend";
import { uniqueName } from "@/tests/helpers";

test("s3:// roots parse into bucket and prefix", () => {
  expect(parseS3Root("s3://bucket")).toEqual({ bucket: "bucket", prefix: "" });
  expect(parseS3Root("s3://bucket/")).toEqual({ bucket: "bucket", prefix: "" });
  expect(parseS3Root("S3://bucket//a/b/")).toEqual({ bucket: "bucket", prefix: "a/b" });
  expect(parseS3Root("/var/lib/runboard")).toBeNull();
  expect(parseS3Root("s3:/bucket")).toBeNull();
});

describe.runIf(backend() === "s3")("S3 store paging", () => {
  const store = () => new S3ArtifactStore(parseS3Root(process.env.RUNBOARD_ARTIFACT_ROOT!)!, 3);
  const base = uniqueName("s3page");
  const key = (p: string) => parseArtifactPath(`${base}/${p}`);

  test("list, walk and delete cross many ListObjectsV2 pages", async () => {
    const files = ["a", "b/1", "b/2", "b/3", "b/4", "c.txt", "d/e/f", "d/e/g", "model", "model.txt", "model0", "x/y", "z"];
    for (const f of files) await store().put(key(f), Readable.from([Buffer.from(f)]));
    const all = [];
    let after: string | undefined;
    for (;;) {
      const page = await store().list(parseArtifactPath(base), { after, limit: 2 });
      all.push(...page.entries.map((e) => (e.isDir ? `${e.name}/` : e.name)));
      if (!page.more) break;
      after = all[all.length - 1];
    }
    expect(all).toEqual(["a", "b/", "c.txt", "d/", "model", "model.txt", "model0", "x/", "z"]);
    expect((await store().list(key("b"), { limit: 10 })).entries.map((e) => e.name)).toEqual(["1", "2", "3", "4"]);
    expect((await store().walk(parseArtifactPath(base), 100)).files.map((f) => f.path)).toEqual(files);
    expect(await store().walk(parseArtifactPath(base), 4)).toMatchObject({ truncated: true });
    expect(await store().stat(key("d/e"))).toEqual({ type: "dir" });
    await store().delete(key("b"));
    expect(await store().stat(key("b"))).toBeNull();
    await store().delete(parseArtifactPath(base));
    expect(await rawList(base)).toEqual([]);
  });
});
