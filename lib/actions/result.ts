// What every server action returns (lib/actions/action.ts builds it). A plain type module, so
// client components can import it (`import type`) without pulling in server code.

export type FieldErrors = Record<string, string[] | undefined>;

export type ActionResult<T = undefined> =
  | {
      ok: true;
      /** What a read-style action loaded (undefined for writes). */
      data: T;
      /** A confirmation to show, when the action has one. */
      message?: string;
      fieldErrors?: undefined;
      values?: undefined;
    }
  | {
      ok: false;
      data?: undefined;
      /** A message for the whole form (or the caller). */
      message?: string;
      /** Messages per field name (the form's field names are the schema's). */
      fieldErrors?: FieldErrors;
      /** Echo of the submitted form values, so a failed form keeps what the user typed. */
      values?: Record<string, string>;
    };

/** The initial state of a form bound with useActionState. */
export const IDLE: ActionResult = { ok: false };
