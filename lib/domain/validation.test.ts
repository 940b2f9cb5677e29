// MLflow's input validators (docs/mlflow-compatibility.md#limits): pure functions, no database.
import { afterEach, describe, expect, it } from "vitest";
import {
  posixNormpath,
  pyListRepr,
  validateBatchLimits,
  validateEntityKey,
  validateExperimentName,
  validateKey,
  validateMetric,
  validateParamKeysUnique,
  validateParamValue,
  validateTagValue,
} from "@/lib/domain/validation";

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as Error & { code?: string }).code + ": " + (e as Error).message;
  }
  return "ok";
};

describe("posixNormpath (Python's posixpath.normpath)", () => {
  it.each([
    ["", "."],
    [".", "."],
    ["a/b", "a/b"],
    ["a//b", "a/b"],
    ["a/./b", "a/b"],
    ["a/../b", "b"],
    ["../a", "../a"],
    ["/a/../../b", "/b"],
    ["//a", "//a"],
    ["///a", "/a"],
    ["a/", "a"],
  ])("%j → %j", (input, expected) => expect(posixNormpath(input)).toBe(expected));
});

describe("validateKey", () => {
  it("accepts MLflow's characters, Unicode letters and digits", () => {
    for (const k of ["loss", "val/loss", "a b", "a-b.c_d", "time:step", "métrique", "精度", "x1"]) expect(message(() => validateKey("key", k))).toBe("ok");
  });
  it("rejects other characters and non-unique paths, naming the field", () => {
    expect(message(() => validateKey("metrics[2].key", "a*b"))).toBe(
      `INVALID_PARAMETER_VALUE: Invalid value "a*b" for parameter 'metrics[2].key' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).`,
    );
    for (const k of ["a//b", "a/./b", "/a", "..", "../a", "a/", "."]) {
      expect(message(() => validateKey("key", k))).toContain("Names may be treated as files in certain cases");
    }
    expect(message(() => validateKey("key", null))).toContain("A key name must be provided.");
  });
  it("limits keys to 250 characters", () => {
    expect(message(() => validateEntityKey("params[0].key", "k".repeat(250)))).toBe("ok");
    expect(message(() => validateEntityKey("params[0].key", "k".repeat(251)))).toBe(
      "INVALID_PARAMETER_VALUE: 'params[0].key' exceeds the maximum length of 250 characters",
    );
  });
});

describe("param and tag values", () => {
  afterEach(() => {
    delete process.env.MLFLOW_TRUNCATE_LONG_VALUES;
  });
  it("truncates like MLflow by default and rejects when MLFLOW_TRUNCATE_LONG_VALUES=false", () => {
    expect(validateParamValue("value", "x".repeat(6001)).length).toBe(6000);
    expect(validateTagValue("value", "x".repeat(8001)).length).toBe(8000);
    expect(validateParamValue("value", undefined)).toBe("");
    process.env.MLFLOW_TRUNCATE_LONG_VALUES = "false";
    expect(message(() => validateParamValue("params[1].value", "x".repeat(6001)))).toBe(
      "INVALID_PARAMETER_VALUE: 'params[1].value' exceeds the maximum length of 6000 characters",
    );
  });
});

describe("validateMetric", () => {
  it("allows NaN and ±Infinity, requires a nonnegative integer timestamp and integer step", () => {
    for (const value of [0, -1.5, NaN, Infinity, -Infinity]) expect(message(() => validateMetric("", { key: "m", value, timestamp: 0n }))).toBe("ok");
    expect(message(() => validateMetric("metrics[0]", { key: "m", value: 1, timestamp: -1n }))).toContain("'metrics[0].timestamp'");
    expect(message(() => validateMetric("", { key: "m", value: 1, timestamp: 1.5 }))).toContain("'timestamp'");
    expect(message(() => validateMetric("", { key: "m", value: 1, timestamp: 1, step: 0.5 }))).toContain("'step'");
    expect(message(() => validateMetric("", { key: "m", value: "1" as unknown as number, timestamp: 1 }))).toContain("'value'");
  });
});

describe("batches", () => {
  it("enforces MLflow's limits with its message", () => {
    expect(message(() => validateBatchLimits(1000, 0, 0))).toBe("ok");
    expect(message(() => validateBatchLimits(900, 100, 0))).toBe("ok");
    expect(message(() => validateBatchLimits(900, 100, 1))).toBe(
      "INVALID_PARAMETER_VALUE: A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001 metrics, params, and tags. Please split up metrics, params, and tags across multiple requests and try again.",
    );
  });
  it("reports duplicate param keys as a Python list", () => {
    expect(message(() => validateParamKeysUnique([{ key: "a" }, { key: "b" }, { key: "a" }, { key: "it's" }, { key: "it's" }]))).toBe(
      `INVALID_PARAMETER_VALUE: Duplicate parameter keys have been submitted: ['a', "it's"]. Please ensure the request contains only one param value per param key.`,
    );
    expect(pyListRepr(["a'b\"c"])).toBe(`['a\\'b"c']`);
  });
});

describe("validateExperimentName", () => {
  it("requires a non-empty name of at most 500 characters", () => {
    expect(message(() => validateExperimentName(""))).toBe("INVALID_PARAMETER_VALUE: Invalid experiment name: ''");
    expect(message(() => validateExperimentName("n".repeat(501)))).toBe("INVALID_PARAMETER_VALUE: 'name' exceeds the maximum length of 500 characters");
  });
});
