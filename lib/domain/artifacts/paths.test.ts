import { describe, expect, test } from "vitest";
import { DomainError } from "@/lib/errors";
import { artifactUriToPath, childKey, compareUtf8, entrySortKey, keyUnder, parseArtifactPath, parseArtifactSegments } from "@/lib/domain/artifacts/paths";

function expectInvalid(fn: () => unknown) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe("INVALID_PARAMETER_VALUE");
  return err as DomainError;
}

describe("artifact paths", () => {
  test("plain relative paths split into segments; empty means the root", () => {
    expect(parseArtifactPath("1/abc/artifacts/model/MLmodel")).toEqual(["1", "abc", "artifacts", "model", "MLmodel"]);
    expect(parseArtifactPath("a//b/")).toEqual(["a", "b"]);
    expect(parseArtifactPath("")).toEqual([]);
    expect(parseArtifactPath(undefined)).toEqual([]);
    expect(parseArtifactPath("odd name %41.txt")).toEqual(["odd name %41.txt"]);
    expect(parseArtifactSegments(["a", "b c"])).toEqual(["a", "b c"]);
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
    ["a/.runboard-mpu/x"],
    [".runboard-upload-1.tmp"],
    [`a/${"x".repeat(256)}`],
    [Array.from({ length: 100 }, () => "abcdefghij").join("/")],
  ])("refuses %j", (p) => {
    expect(expectInvalid(() => parseArtifactPath(p)).message).toMatch(/^Invalid (artifact )?path/);
  });

  test("segments from the URL may not hide slashes or NUL", () => {
    expectInvalid(() => parseArtifactSegments(["a/b"]));
    expectInvalid(() => parseArtifactSegments(["a\u0000"]));
    expectInvalid(() => childKey(parseArtifactPath("a"), ".."));
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
    expect(keyUnder("mlflow-artifacts:/1/r/artifacts", "model/MLmodel")).toEqual(["1", "r", "artifacts", "model", "MLmodel"]);
    expectInvalid(() => keyUnder("mlflow-artifacts:/1/r/artifacts", "../../x"));
    expectInvalid(() => keyUnder("mlflow-artifacts:/1/../../etc", ""));
  });

  test("listing order is S3's: UTF-8 bytes, a directory as its name plus '/'", () => {
    const names = [
      { name: "model0", isDir: false },
      { name: "model", isDir: true },
      { name: "model.txt", isDir: false },
      { name: "é", isDir: false },
      { name: "z", isDir: false },
      { name: "\u{1F600}", isDir: false },
      { name: "\uFF5E", isDir: false },
    ];
    const sorted = [...names].sort((a, b) => compareUtf8(entrySortKey(a), entrySortKey(b))).map((e) => e.name);
    expect(sorted).toEqual(["model.txt", "model", "model0", "z", "é", "\uFF5E", "\u{1F600}"]);
  });
});
