import "server-only";
import { requireAdmin } from "@/lib/domain/auth/authorize";

// Who may import. An import writes runs, models and experiments with ids chosen by another
// server, bypassing the checks of the public endpoints, so it is an administrator's tool. Every
// import domain function calls this first; it is the one place the rule lives.

/** Throws PERMISSION_DENIED unless the caller is an administrator (or auth is off). */
export async function assertCanImport(): Promise<void> {
  await requireAdmin();
}
