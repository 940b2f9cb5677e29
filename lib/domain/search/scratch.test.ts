import { test } from "vitest";
import { parseFilter, parseOrderBy, RUN_GRAMMAR } from "./filter";
const cases = [
  "metrics.acc >> 1",
  "metrics.rmse < 1 and params.model_class = 'LogisticRegression'",
  "attributes.run_name = 'sentiment_v1'",
  `tags."user-name" = 'Tomas'`,
  "attributes.created > 1700000000000",
  "attributes.run_id IN ('a1b2', 'c3d4')",
  "`Run name` = 'x'",
  "metrics.a = 1 OR metrics.b = 2",
  "(metrics.a = 1)",
  "params.a = foo",
  "params.a = 'foo",
  "foo = 'x'",
  "metrics.a > '1'",
  "metrics.a LIKE 1",
  "params.a =",
  "params.a = 'x' AND",
  "`tags`.`mlflow.runName` ILIKE '%x%' AnD run.status != 'FAILED'",
  "dataset.context NOT IN ('train')",
  "metrics.a > -1.5e3",
  "params.a = 'it''s'",
];
test("scratch", () => {
  for (const c of cases) {
    try { console.log(c, "=>", JSON.stringify(parseFilter(c, RUN_GRAMMAR))); }
    catch (e) { const x = e as { message: string; position: number; length: number }; console.log(c, "=> ERR", x.message, x.position, x.length); }
  }
  for (const o of ["metrics.rmse DESC", "params.alpha", "tags.`mlflow.runName` ASC", "attributes.start_time desc", "created", "foo", "metrics.a DOWN"]) {
    try { console.log(o, "=>", JSON.stringify(parseOrderBy(o, RUN_GRAMMAR))); }
    catch (e) { console.log(o, "=> ERR", (e as Error).message); }
  }
});
