// The safe default for the listening address (issue 11): without RUNBOARD_AUTH, Runboard binds
// 127.0.0.1 — only this machine can reach it — as MLflow does, and says so at start. Binding any
// other address without auth is allowed (a trusted network, a proxy on the host) but prints a
// loud warning: then anyone who can reach the port can read, change and delete everything.

export const DEFAULT_HOST = "127.0.0.1";

/** RUNBOARD_AUTH=on (also true/1/yes), as lib/domain/auth/config.ts reads it. */
export const authOn = (env = process.env) => /^(on|true|1|yes)$/i.test((env.RUNBOARD_AUTH ?? "").trim());

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;

/** What to print about the bind address at start: { level: "info" | "warn", lines }. */
export function bindNotice(host, port, env = process.env) {
  if (authOn(env)) {
    return { level: "info", lines: [`auth is on: every request needs a signed-in user, a password or a token (listening on ${host}:${port})`] };
  }
  if (LOOPBACK.test(host)) {
    return {
      level: "info",
      lines: [`auth is off: listening on ${host} only, so only this machine can reach Runboard. To host it for a team, set RUNBOARD_AUTH=on and RUNBOARD_HOST=0.0.0.0 (README: "Host it for a team").`],
    };
  }
  const bar = "!".repeat(78);
  return {
    level: "warn",
    lines: [
      bar,
      `WARNING: listening on ${host}:${port} WITHOUT AUTHENTICATION.`,
      "Anyone who can reach this port can read, change and delete every experiment, run, prompt and model.",
      "Set RUNBOARD_AUTH=on (and RUNBOARD_ADMIN_USERNAME/RUNBOARD_ADMIN_PASSWORD), or unset RUNBOARD_HOST to bind 127.0.0.1.",
      bar,
    ],
  };
}
