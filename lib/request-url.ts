import "server-only";
import { headers } from "next/headers";

/** The URL this instance is reached at, as the browser sees it (for MLFLOW_TRACKING_URI hints). */
export async function publicBaseUrl(): Promise<string> {
  if (process.env.RUNBOARD_PUBLIC_URL) return process.env.RUNBOARD_PUBLIC_URL.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? `localhost:${process.env.PORT ?? 3000}`;
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
