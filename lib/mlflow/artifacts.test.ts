import { describe, expect, test } from "vitest";
import { contentDisposition, guessContentType, parseRange, toDirectoryListing, toFileInfo } from "@/lib/mlflow/artifacts";

describe("artifact wire helpers", () => {
  test.each([
    ["MLmodel", "text/plain; charset=utf-8"],
    ["model/conda.yaml", "text/plain; charset=utf-8"],
    ["input_example.json", "text/plain; charset=utf-8"],
    ["metrics.CSV", "text/plain; charset=utf-8"],
    ["plot.png", "image/png"],
    ["photo.JPG", "image/jpeg"],
    ["chart.svg", "image/svg+xml"],
    ["report.html", "text/html"],
    ["model.pkl", "application/octet-stream"],
    ["archive.tar.gz", "application/gzip"],
    ["noextension", "application/octet-stream"],
  ])("Content-Type of %s is %s", (name, type) => {
    expect(guessContentType(name)).toBe(type);
  });

  test("Content-Disposition", () => {
    expect(contentDisposition("MLmodel")).toBe("attachment; filename=MLmodel");
    expect(contentDisposition("a b.txt")).toBe(`attachment; filename="a b.txt"; filename*=UTF-8''a%20b.txt`);
    expect(contentDisposition('x"y.txt')).toBe(`attachment; filename="x_y.txt"; filename*=UTF-8''x%22y.txt`);
  });

  test.each([
    [null, 100, null],
    ["bytes=0-9", 100, { start: 0, end: 9 }],
    ["bytes=90-", 100, { start: 90, end: 99 }],
    ["bytes=90-500", 100, { start: 90, end: 99 }],
    ["bytes=-10", 100, { start: 90, end: 99 }],
    ["bytes=-500", 100, { start: 0, end: 99 }],
    ["bytes=100-", 100, "unsatisfiable"],
    ["bytes=-0", 100, "unsatisfiable"],
    ["bytes=0-", 0, "unsatisfiable"],
    ["bytes=5-2", 100, null],
    ["bytes=0-1,5-6", 100, null],
    ["items=0-1", 100, null],
  ])("Range %j of %i bytes → %j", (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  test("FileInfo shapes", () => {
    expect(toFileInfo({ path: "a", isDir: true })).toEqual({ path: "a", is_dir: true });
    expect(toFileInfo({ path: "a/b", isDir: false, fileSize: 0 })).toEqual({ path: "a/b", is_dir: false, file_size: 0 });
    expect(toDirectoryListing([])).toEqual({});
  });
});
