import "server-only";

// Who may import. An import writes runs, models and experiments with ids chosen by another
// server, bypassing the checks of the public endpoints, so it is an administrator's tool. Every
// import domain function calls this first; it is the one place the rule lives.

/**
 * Throws unless the caller may run imports. Until Runboard has users (issue 11) every caller is
 * the single local user, who may.
 */
export async function assertCanImport(): Promise<void> {}
