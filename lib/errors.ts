// MLflow's error codes and the HTTP statuses its server derives from them
// (docs/mlflow-compatibility.md#errors). DomainError carries one of these codes from the domain to every edge.
export const HTTP_STATUS = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  ABORTED: 409,
  RESOURCE_CONFLICT: 409,
  REQUEST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  INVALID_STATE: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
  /** A query ran past RUNBOARD_QUERY_TIMEOUT (lib/domain/bounded-read.ts); MLflow's code and status. */
  DEADLINE_EXCEEDED: 504,
  /** The client aborted the request (MLflow's code; 499 as nginx logs it). */
  CANCELLED: 499,
} as const;

export type ErrorCode = keyof typeof HTTP_STATUS;

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
    // A page that hits one of these shows the access page (app/(app)/error.tsx): Next keeps an
    // error's own digest when it hides server error messages from the browser.
    if (code === "PERMISSION_DENIED" || code === "UNAUTHENTICATED") this.digest = `RUNBOARD_${code}`;
  }
  readonly digest?: string;
  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export const invalidParam = (message: string) => new DomainError("INVALID_PARAMETER_VALUE", message);
export const notFound = (message: string) => new DomainError("RESOURCE_DOES_NOT_EXIST", message);
export const alreadyExists = (message: string) => new DomainError("RESOURCE_ALREADY_EXISTS", message);

/** True for PostgreSQL unique-violation errors surfaced through Prisma (raw or model API). */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const err = e as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } }; message?: string };
  if (err.code === "P2002") return true;
  const cause = err.meta?.driverAdapterError?.cause;
  if (cause?.originalCode === "23505" || cause?.kind === "UniqueConstraintViolation") return true;
  return typeof err.message === "string" && err.message.includes("23505");
}
