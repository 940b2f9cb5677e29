// Vitest setup (every test file): Next's server runtime provides AsyncLocalStorage as a global
// before its request/work storages are created; server actions (next/cache, next/navigation)
// need it to exist before they are first imported. tests/actions.ts runs actions in those stores.
import { AsyncLocalStorage } from "node:async_hooks";

(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
