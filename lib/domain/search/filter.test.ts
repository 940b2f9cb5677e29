// The filter / order_by grammar (pure: no database).
import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import {
  EXPERIMENT_GRAMMAR,
  FilterSyntaxError,
  LOGGED_MODEL_GRAMMAR,
  MODEL_VERSION_GRAMMAR,
  parseFilter,
  parseOrderBy,
  REGISTERED_MODEL_GRAMMAR,
  RUN_GRAMMAR,
  type Clause,
  type Grammar,
} from "./filter";

const parse = (f: string, g: Grammar = RUN_GRAMMAR) => parseFilter(f, g);
/** The clauses without offsets, for compact expectations. */
const bare = (f: string, g: Grammar = RUN_GRAMMAR) => parse(f, g).map(({ type, key, comparator, value }) => ({ type, key, comparator, value }));
const one = (f: string, g: Grammar = RUN_GRAMMAR) => {
  const c = bare(f, g);
  expect(c).toHaveLength(1);
  return c[0];
};

function failure(f: string, g: Grammar = RUN_GRAMMAR): { message: string; position: number; length: number; token: string } {
  try {
    parseFilter(f, g);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterSyntaxError);
    expect(e).toBeInstanceOf(DomainError);
    const err = e as FilterSyntaxError;
    expect(err.code).toBe("INVALID_PARAMETER_VALUE");
    expect(err.position).toBeGreaterThanOrEqual(0);
    expect(err.position + err.length).toBeLessThanOrEqual(Math.max(f.length, err.position + 1));
    return { message: err.message, position: err.position, length: err.length, token: f.slice(err.position, err.position + err.length) };
  }
  throw new Error(`expected '${f}' to be rejected`);
}

function orderFailure(expr: string, g: Grammar = RUN_GRAMMAR): FilterSyntaxError {
  try {
    parseOrderBy(expr, g);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterSyntaxError);
    return e as FilterSyntaxError;
  }
  throw new Error(`expected order_by '${expr}' to be rejected`);
}

describe("parseFilter: accepted input", () => {
  it("returns no clauses for an empty, blank or missing filter", () => {
    expect(parse("")).toEqual([]);
    expect(parse("   \n\t ")).toEqual([]);
    expect(parseFilter(undefined, RUN_GRAMMAR)).toEqual([]);
  });

  it("parses every metric comparator with numbers in every notation", () => {
    for (const op of [">", ">=", "=", "!=", "<", "<="] as const) {
      expect(one(`metrics.acc ${op} 0.5`)).toEqual({ type: "metric", key: "acc", comparator: op, value: 0.5 });
    }
    expect(one("metrics.a > 3").value).toBe(3);
    expect(one("metrics.a > -2.5").value).toBe(-2.5);
    expect(one("metrics.a > 1e-3").value).toBe(0.001);
    expect(one("metrics.a > 2E3").value).toBe(2000);
    expect(one("metrics.a > .5").value).toBe(0.5);
    expect(one("metrics.a > +7").value).toBe(7);
  });

  it("parses every string comparator for params and tags, keywords in any case", () => {
    for (const op of ["=", "!="] as const) {
      expect(one(`params.lr ${op} '0.1'`)).toEqual({ type: "param", key: "lr", comparator: op, value: "0.1" });
      expect(one(`tags.team ${op} 'ml'`)).toEqual({ type: "tag", key: "team", comparator: op, value: "ml" });
    }
    expect(one("params.m LIKE 'cnn%'").comparator).toBe("LIKE");
    expect(one("params.m like 'cnn%'").comparator).toBe("LIKE");
    expect(one("tags.m ILIKE '%x'").comparator).toBe("ILIKE");
    expect(one("tags.m iLike '%x'").comparator).toBe("ILIKE");
  });

  it("accepts every prefix alias, case-insensitively and backticked", () => {
    const cases: [string, Clause["type"]][] = [
      ["metric.k > 1", "metric"],
      ["metrics.k > 1", "metric"],
      ["parameter.k = 'v'", "param"],
      ["parameters.k = 'v'", "param"],
      ["param.k = 'v'", "param"],
      ["params.k = 'v'", "param"],
      ["tag.k = 'v'", "tag"],
      ["tags.k = 'v'", "tag"],
      ["attribute.run_name = 'v'", "attribute"],
      ["attributes.run_name = 'v'", "attribute"],
      ["attr.run_name = 'v'", "attribute"],
      ["run.run_name = 'v'", "attribute"],
      ["run_name = 'v'", "attribute"],
      ["dataset.name = 'v'", "dataset"],
      ["datasets.name = 'v'", "dataset"],
      ["`metrics`.k > 1", "metric"],
      ["`params`.`k` = 'v'", "param"],
      ["Metrics.k > 1", "metric"],
    ];
    for (const [f, type] of cases) expect(one(f).type, f).toBe(type);
  });

  it("reads quoted keys with backticks or double quotes, and dotted unquoted keys", () => {
    expect(one("tags.`mlflow.runName` = 'x'").key).toBe("mlflow.runName");
    expect(one(`tags."user-name" = 'Tomas'`).key).toBe("user-name");
    expect(one(`metrics."my metric" < 2`).key).toBe("my metric");
    expect(one("metrics.`a \"quoted\" key` < 2").key).toBe('a "quoted" key');
    expect(one("metrics.train.loss < 2").key).toBe("train.loss");
    expect(one("params.a-b/c:d = 'x'").key).toBe("a-b/c:d");
  });

  it("reads single- and double-quoted values with escaped quotes", () => {
    expect(one("params.a = 'x y'").value).toBe("x y");
    expect(one(`params.a = "x y"`).value).toBe("x y");
    expect(one("params.a = 'it''s'").value).toBe("it's");
    expect(one(`params.a = "say ""hi"""`).value).toBe('say "hi"');
    expect(one("params.a = 'it\\'s'").value).toBe("it's");
    expect(one(`params.a = "it's"`).value).toBe("it's");
    expect(one("params.a = ''").value).toBe("");
    expect(one("params.a LIKE 'a\\_b%'").value).toBe("a\\_b%");
    expect(one("params.a = 'AND OR ( ) >= x'").value).toBe("AND OR ( ) >= x");
  });

  it("reads lists for IN / NOT IN", () => {
    expect(one("attributes.run_id IN ('a', 'b')")).toEqual({ type: "attribute", key: "run_id", comparator: "IN", value: ["a", "b"] });
    expect(one(`run_id not in ("a","b" , 'c')`)).toEqual({ type: "attribute", key: "run_id", comparator: "NOT IN", value: ["a", "b", "c"] });
    expect(one("run_id in ('only')").value).toEqual(["only"]);
    expect(one("run_id NOT   IN('x')").comparator).toBe("NOT IN");
    expect(one("dataset.digest IN ('d1')")).toEqual({ type: "dataset", key: "digest", comparator: "IN", value: ["d1"] });
    expect(one("dataset.context NOT IN ('train', 'eval')").comparator).toBe("NOT IN");
  });

  it("resolves attribute aliases to canonical names", () => {
    expect(one("attributes.created > 1").key).toBe("start_time");
    expect(one("Created > 1").key).toBe("start_time");
    expect(one("`run name` = 'x'").key).toBe("run_name");
    expect(one("attributes.`Run name` = 'x'").key).toBe("run_name");
    expect(one(`attributes."Run Name" = 'x'`).key).toBe("run_name");
    expect(one("end_time <= 5")).toEqual({ type: "attribute", key: "end_time", comparator: "<=", value: 5 });
    for (const a of ["status", "user_id", "artifact_uri"]) expect(one(`${a} ILIKE 'x'`).key).toBe(a);
  });

  it("joins clauses with AND in any case and records clause offsets", () => {
    const f = "metrics.rmse < 1 and params.model_class = 'LogisticRegression' AnD tags.x != \"y\"";
    const clauses = parse(f);
    expect(clauses.map((c) => f.slice(c.start, c.end))).toEqual([
      "metrics.rmse < 1",
      "params.model_class = 'LogisticRegression'",
      'tags.x != "y"',
    ]);
    expect(parse("  metrics.a>1\n\tAND\nparams.b='c'  ").map((c) => [c.start, c.end])).toEqual([
      [2, 13],
      [19, 31],
    ]);
    expect(bare("metrics.a>=1 AND metrics.a<=2")).toHaveLength(2);
  });
});

describe("parseFilter: errors name the bad token and where it is", () => {
  it("rejects an unknown operator", () => {
    const e = failure("metrics.acc >> 1");
    expect(e.message).toMatch(/^Invalid filter 'metrics.acc >> 1': unexpected token '>>' at position 12/);
    expect([e.position, e.length, e.token]).toEqual([12, 2, ">>"]);
    expect(failure("metrics.a <> 1").token).toBe("<>");
    expect(failure("metrics.a == 1").token).toBe("==");
    expect(failure("params.a NOT LIKE 'x'").token).toBe("LIKE");
    expect(failure("params.a CONTAINS 'x'").token).toBe("CONTAINS");
  });

  it("rejects OR with a clear message", () => {
    const e = failure("metrics.a = 1 OR metrics.b = 2");
    expect(e.message).toMatch(/'OR' is not supported at position 14/);
    expect(e.token).toBe("OR");
    expect(failure("metrics.a = 1 or metrics.b = 2").token).toBe("or");
  });

  it("rejects parentheses grouping", () => {
    const e = failure("(metrics.a = 1)");
    expect(e.message).toMatch(/Parentheses grouping is not supported/);
    expect([e.position, e.token]).toEqual([0, "("]);
    expect(failure("metrics.a = 1 AND (params.b = 'x' AND params.c = 'y')").position).toBe(18);
  });

  it("rejects a missing value", () => {
    const e = failure("params.a =");
    expect(e.message).toMatch(/missing value at position 10/);
    expect(e.position).toBe(10);
    const e2 = failure("params.a = AND metrics.b > 1");
    expect(e2.message).toMatch(/missing value before 'AND'/);
    expect(e2.token).toBe("AND");
    expect(failure("params.a").message).toMatch(/expected a comparator/);
  });

  it("rejects dangling or doubled AND and clauses without AND", () => {
    expect(failure("params.a = 'x' AND").token).toBe("AND");
    expect(failure("params.a = 'x' AND   ").message).toMatch(/expected a clause after 'AND'/);
    expect(failure("params.a = 'x' AND AND metrics.b > 1").token).toBe("AND");
    const e = failure("metrics.a > 1 metrics.b > 2");
    expect(e.message).toMatch(/unexpected token 'metrics.b' \(expected AND\)/);
    expect(e.position).toBe(14);
    expect(failure("AND metrics.a > 1").position).toBe(0);
    expect(failure("params.a = 'x'AND params.b = 'y'").position).toBe(14);
  });

  it("rejects comparators that do not fit the key type", () => {
    const e = failure("metrics.a LIKE '1'");
    expect(e.message).toMatch(/invalid comparator 'LIKE' for metric 'a' at position 10\. Valid comparators are '>', '>=', '=', '!=', '<', '<='/);
    expect(e.token).toBe("LIKE");
    expect(failure("params.a > 'x'").token).toBe(">");
    expect(failure("tags.a <= 'x'").token).toBe("<=");
    expect(failure("params.a IN ('x')").token).toBe("IN");
    expect(failure("run_name IN ('x')").token).toBe("IN");
    expect(failure("start_time LIKE 5").token).toBe("LIKE");
    expect(failure("dataset.name > 'x'").token).toBe(">");
  });

  it("rejects values of the wrong type", () => {
    const m = failure("metrics.a = '1'");
    expect(m.message).toMatch(/expected numeric value type for metric, found '1' at position 12/);
    expect(m.token).toBe("'1'");
    const p = failure("params.a = 1");
    expect(p.message).toMatch(/expected a quoted string value for param \(e\.g\. 'my-value'\), got value 1/);
    expect(p.token).toBe("1");
    expect(failure("attributes.start_time > '5'").message).toMatch(/numeric attribute: start_time/);
    expect(failure("status = FINISHED").token).toBe("FINISHED");
    expect(failure("run_id IN 'a'").token).toBe("'a'");
    expect(failure("run_id = ('a')").message).toMatch(/only allowed with IN/);
    expect(failure("metrics.a > 1abc").token).toBe("1abc");
  });

  it("rejects unterminated quotes and malformed lists", () => {
    const s = failure("params.a = 'abc");
    expect(s.message).toMatch(/unterminated string/);
    expect([s.position, s.length]).toEqual([11, 4]);
    expect(failure(`params.a = "abc`).position).toBe(11);
    expect(failure("tags.`abc = 'x'").position).toBe(5);
    expect(failure("run_id IN ()").message).toMatch(/non-empty list/);
    expect(failure("run_id IN ('a', 1)").token).toBe("1");
    expect(failure("run_id IN ('a' 'b')").token).toBe("'");
    expect(failure("run_id IN ('a',").message).toMatch(/ended/);
    expect(failure("run_id IN ('a'").message).toMatch(/unterminated list/);
  });

  it("rejects unknown attributes, prefixes and dataset keys at the key", () => {
    const a = failure("foo = 'x'");
    expect(a.message).toMatch(/invalid attribute key 'foo' at position 0\. Valid keys are 'run_id', 'run_name'/);
    expect(a.token).toBe("foo");
    const b = failure("attributes.nope = 'x'");
    expect([b.position, b.token]).toEqual([11, "nope"]);
    expect(failure("attributes.experiment_id = '1'").token).toBe("experiment_id"); // order-only
    const p = failure("metricz.a > 1");
    expect(p.message).toMatch(/invalid entity type 'metricz'/);
    expect(p.token).toBe("metricz");
    expect(failure("mlflow.runName = 'x'").token).toBe("mlflow");
    expect(failure("dataset.foo = 'x'").token).toBe("foo");
    expect(failure("metrics. > 1").position).toBe(7);
    expect(failure("tags.`a`b = 'x'").token).toBe("b");
  });
});

describe("grammars for the other searches", () => {
  it("experiments: name and times, tags, nothing else", () => {
    expect(bare("name LIKE 'exp%' AND creation_time > 5 AND tags.`team` = 'x' AND attributes.last_update_time <= 9", EXPERIMENT_GRAMMAR)).toEqual([
      { type: "attribute", key: "name", comparator: "LIKE", value: "exp%" },
      { type: "attribute", key: "creation_time", comparator: ">", value: 5 },
      { type: "tag", key: "team", comparator: "=", value: "x" },
      { type: "attribute", key: "last_update_time", comparator: "<=", value: 9 },
    ]);
    expect(failure("metrics.a > 1", EXPERIMENT_GRAMMAR).token).toBe("metrics");
    expect(failure("params.a = 'x'", EXPERIMENT_GRAMMAR).token).toBe("params");
    expect(failure("run_name = 'x'", EXPERIMENT_GRAMMAR).token).toBe("run_name");
    expect(failure("name IN ('x')", EXPERIMENT_GRAMMAR).token).toBe("IN");
    expect(parseOrderBy("experiment_id DESC", EXPERIMENT_GRAMMAR)).toEqual({ type: "attribute", key: "experiment_id", ascending: false });
    expect(parseOrderBy("last_update_time", EXPERIMENT_GRAMMAR).key).toBe("last_update_time");
    expect(orderFailure("tags.x", EXPERIMENT_GRAMMAR).message).toMatch(/cannot be ordered by tag/);
  });

  it("registered models: name and tags; prompt filters; order keys with the timestamp alias", () => {
    expect(bare("name ILIKE '%chat%' AND tag.`mlflow.prompt.is_prompt` != 'true'", REGISTERED_MODEL_GRAMMAR)).toEqual([
      { type: "attribute", key: "name", comparator: "ILIKE", value: "%chat%" },
      { type: "tag", key: "mlflow.prompt.is_prompt", comparator: "!=", value: "true" },
    ]);
    expect(one("tags._mlflow_experiment_ids LIKE '%,1,%'", REGISTERED_MODEL_GRAMMAR).key).toBe("_mlflow_experiment_ids");
    expect(failure("creation_timestamp > 1", REGISTERED_MODEL_GRAMMAR).token).toBe("creation_timestamp");
    expect(failure("metrics.a > 1", REGISTERED_MODEL_GRAMMAR).token).toBe("metrics");
    expect(parseOrderBy("timestamp DESC", REGISTERED_MODEL_GRAMMAR)).toEqual({ type: "attribute", key: "last_updated_timestamp", ascending: false });
    expect(parseOrderBy("creation_timestamp", REGISTERED_MODEL_GRAMMAR).key).toBe("creation_timestamp");
    expect(parseOrderBy("name asc", REGISTERED_MODEL_GRAMMAR).key).toBe("name");
  });

  it("model versions: name, version_number, run_id (IN), source_path, tags", () => {
    expect(bare("name = 'm' AND version_number >= 2 AND run_id IN ('r1') AND source_path LIKE 's3://%' AND tags.k = 'v'", MODEL_VERSION_GRAMMAR)).toEqual([
      { type: "attribute", key: "name", comparator: "=", value: "m" },
      { type: "attribute", key: "version_number", comparator: ">=", value: 2 },
      { type: "attribute", key: "run_id", comparator: "IN", value: ["r1"] },
      { type: "attribute", key: "source_path", comparator: "LIKE", value: "s3://%" },
      { type: "tag", key: "k", comparator: "=", value: "v" },
    ]);
    expect(failure("run_id NOT IN ('r1')", MODEL_VERSION_GRAMMAR).token).toBe("NOT IN");
    expect(failure("version_number = '2'", MODEL_VERSION_GRAMMAR).token).toBe("'2'");
    expect(parseOrderBy("version_number DESC", MODEL_VERSION_GRAMMAR)).toEqual({ type: "attribute", key: "version_number", ascending: false });
    expect(parseOrderBy("last_updated_timestamp", MODEL_VERSION_GRAMMAR).key).toBe("last_updated_timestamp");
  });

  it("logged models: attributes with lists, timestamp aliases, metrics/params/tags; order by metrics only", () => {
    expect(bare("name IN ('a', 'b') AND status = 'LOGGED_MODEL_READY' AND creation_time > 5 AND metrics.acc >= 0.5 AND params.lr = '0.1' AND tags.t != 'x'", LOGGED_MODEL_GRAMMAR)).toEqual([
      { type: "attribute", key: "name", comparator: "IN", value: ["a", "b"] },
      { type: "attribute", key: "status", comparator: "=", value: "LOGGED_MODEL_READY" },
      { type: "attribute", key: "creation_timestamp", comparator: ">", value: 5 },
      { type: "metric", key: "acc", comparator: ">=", value: 0.5 },
      { type: "param", key: "lr", comparator: "=", value: "0.1" },
      { type: "tag", key: "t", comparator: "!=", value: "x" },
    ]);
    expect(one("last_updated_time < 9", LOGGED_MODEL_GRAMMAR).key).toBe("last_updated_timestamp");
    expect(one("source_run_id NOT IN ('r')", LOGGED_MODEL_GRAMMAR).comparator).toBe("NOT IN");
    expect(failure("dataset.name = 'x'", LOGGED_MODEL_GRAMMAR).token).toBe("dataset");
    expect(parseOrderBy("metrics.acc DESC", LOGGED_MODEL_GRAMMAR)).toEqual({ type: "metric", key: "acc", ascending: false });
    expect(parseOrderBy("creation_time", LOGGED_MODEL_GRAMMAR).key).toBe("creation_timestamp");
    expect(orderFailure("params.lr", LOGGED_MODEL_GRAMMAR).code).toBe("INVALID_PARAMETER_VALUE");
  });
});

describe("parseOrderBy", () => {
  it("parses identifiers with optional ASC/DESC in any case", () => {
    expect(parseOrderBy("metrics.rmse DESC", RUN_GRAMMAR)).toEqual({ type: "metric", key: "rmse", ascending: false });
    expect(parseOrderBy("params.alpha", RUN_GRAMMAR)).toEqual({ type: "param", key: "alpha", ascending: true });
    expect(parseOrderBy("tags.`mlflow.runName` ASC", RUN_GRAMMAR)).toEqual({ type: "tag", key: "mlflow.runName", ascending: true });
    expect(parseOrderBy("attributes.start_time desc", RUN_GRAMMAR)).toEqual({ type: "attribute", key: "start_time", ascending: false });
    expect(parseOrderBy("  created   Desc ", RUN_GRAMMAR)).toEqual({ type: "attribute", key: "start_time", ascending: false });
    expect(parseOrderBy(`metrics."my metric"`, RUN_GRAMMAR).key).toBe("my metric");
    for (const a of ["run_id", "run_name", "status", "user_id", "artifact_uri", "end_time", "experiment_id"]) {
      expect(parseOrderBy(a, RUN_GRAMMAR).key).toBe(a);
    }
  });

  it("rejects bad order_by clauses with INVALID_PARAMETER_VALUE and a position", () => {
    const e = orderFailure("metrics.a DOWN");
    expect(e.message).toMatch(/^Invalid order_by clause 'metrics.a DOWN': invalid ordering key 'DOWN'/);
    expect([e.position, e.length]).toEqual([10, 4]);
    expect(orderFailure("attributes.nope").position).toBe(11);
    expect(orderFailure("metrics.a DESC extra").position).toBe(15);
    expect(orderFailure("").message).toMatch(/empty/);
    expect(orderFailure("dataset.name").message).toMatch(/cannot be ordered by dataset/);
    expect(orderFailure("metrics.a = 1").position).toBe(10);
  });
});
