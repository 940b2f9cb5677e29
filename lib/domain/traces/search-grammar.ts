// The search_traces filter grammar (docs/mlflow-compatibility.md#trace-search; MLflow SearchTraceUtils), expressed with the
// shared parser of lib/domain/search/filter.ts. Pure: the REST API and the traces table's
// filter box both parse with it.
import {
  FilterSyntaxError,
  NUMERIC_COMPARATORS,
  parseFilter,
  parseOrderByList,
  type AttributeSpec,
  type Clause,
  type Comparator,
  type Grammar,
  type OrderBy,
} from "@/lib/domain/search/filter";

const TAG_COMPARATORS = ["=", "!=", "LIKE", "ILIKE", "RLIKE", "IS NULL", "IS NOT NULL"] as const satisfies readonly Comparator[];
const STRING_ATTRIBUTE_COMPARATORS = ["=", "!=", "IN", "NOT IN", "LIKE", "ILIKE", "RLIKE"] as const satisfies readonly Comparator[];
const STRING_COMPARATORS = ["=", "!=", "LIKE", "ILIKE", "RLIKE"] as const satisfies readonly Comparator[];

const str = (comparators: readonly Comparator[], orderable: boolean): AttributeSpec => ({ kind: "string", comparators, orderable });
const num = (): AttributeSpec => ({ kind: "number", comparators: NUMERIC_COMPARATORS, orderable: true });

export const TRACE_GRAMMAR: Grammar = {
  subject: "trace",
  prefixes: {
    attribute: "attribute",
    attributes: "attribute",
    trace: "attribute",
    tag: "tag",
    tags: "tag",
    request_metadata: "metadata",
    metadata: "metadata",
    span: "span",
    feedback: "feedback",
    expectation: "expectation",
    issue: "issue",
  },
  entities: {
    tag: { kind: "string", comparators: TAG_COMPARATORS, orderable: true },
    metadata: { kind: "string", comparators: TAG_COMPARATORS, orderable: true },
    span: { kind: "string", comparators: STRING_ATTRIBUTE_COMPARATORS, orderable: false },
    feedback: { kind: "string", comparators: TAG_COMPARATORS, orderable: false },
    expectation: { kind: "string", comparators: TAG_COMPARATORS, orderable: false },
    issue: { kind: "string", comparators: ["="], keys: ["id"], orderable: false },
  },
  attributes: {
    request_id: str(STRING_ATTRIBUTE_COMPARATORS, true),
    timestamp_ms: num(),
    execution_time_ms: num(),
    end_time_ms: num(),
    status: str(STRING_ATTRIBUTE_COMPARATORS, true),
    client_request_id: str(STRING_ATTRIBUTE_COMPARATORS, false),
    name: str(STRING_ATTRIBUTE_COMPARATORS, true),
    run_id: str(STRING_ATTRIBUTE_COMPARATORS, true),
    prompt: str(STRING_COMPARATORS, false),
    text: str(["LIKE", "ILIKE"], false),
    experiment_id: { kind: "string", comparators: [], orderable: true },
    // Runboard extension (the traces table sorts and filters by token usage).
    total_tokens: num(),
  },
  attributeAliases: {
    timestamp: "timestamp_ms",
    execution_time: "execution_time_ms",
    end_time: "end_time_ms",
    tokens: "total_tokens",
  },
};

const SPAN_COLUMNS = new Set(["name", "type", "status", "content"]);

/** Parses a trace filter; span keys are checked here (name, type, status, content, attributes.<key>). */
export function parseTraceFilter(filter: string | undefined): Clause[] {
  const clauses = parseFilter(filter, TRACE_GRAMMAR);
  for (const c of clauses) {
    if (c.type !== "span") continue;
    const ok = SPAN_COLUMNS.has(c.key) || (c.key.startsWith("attributes.") && c.key.length > "attributes.".length);
    if (!ok) {
      throw new FilterSyntaxError(
        `Invalid filter '${filter}': invalid span key '${c.key}' at position ${c.start}. Valid keys are 'name', 'type', 'status', 'content', 'attributes.<key>'`,
        c.start,
        c.end - c.start,
      );
    }
    if (c.key === "content" && c.comparator !== "LIKE" && c.comparator !== "ILIKE") {
      throw new FilterSyntaxError(
        `Invalid filter '${filter}': invalid comparator '${c.comparator}' for span 'content' at position ${c.start}. Valid comparators are 'LIKE', 'ILIKE'`,
        c.start,
        c.end - c.start,
      );
    }
  }
  return clauses;
}

export function parseTraceOrderBy(exprs: readonly string[] | undefined): OrderBy[] {
  return parseOrderByList(exprs, TRACE_GRAMMAR);
}
