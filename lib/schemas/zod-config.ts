// Zod in the browser runs without its JIT: the JIT's feature probe (`new Function("")`) is reported
// as a Content-Security-Policy violation on every page that parses a schema, even though zod
// catches it (the UI's CSP has no 'unsafe-eval': scripts/server.mjs). The server keeps the JIT.
// Imported for its effect by every schema module, so it runs before any schema is parsed.
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
