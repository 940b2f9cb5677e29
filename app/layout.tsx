import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";
import { AppHeader } from "@/components/app-header";
import { pageUser } from "@/lib/auth/page-caller";
import { publicBaseUrl } from "@/lib/request-url";

const description = "MLflow-compatible experiment tracking with a prompt registry and side-by-side run comparison.";

// The icon and the social preview image live in public/; the preview's absolute URL is this
// request's public address (RUNBOARD_PUBLIC_URL, else the Host the browser used).
export async function generateMetadata(): Promise<Metadata> {
  return {
    title: { default: "Runboard", template: "%s · Runboard" },
    description,
    metadataBase: new URL(await publicBaseUrl()),
    icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
    openGraph: { siteName: "Runboard", title: "Runboard", description, images: [{ url: "/og.png", width: 1200, height: 630, alt: "Runboard: what changed between two versions, and what it did to the metrics" }] },
    twitter: { card: "summary_large_image", images: ["/og.png"] },
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, never prerendered: scripts carry the request's CSP nonce
  // (scripts/server.mjs), which a page built ahead of time could not have.
  await connection();
  const user = await pageUser();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <AppHeader user={user && { username: user.username, isAdmin: user.isAdmin }} />
        <main className="mx-auto w-full max-w-[1600px] px-6 py-6">{children}</main>
      </body>
    </html>
  );
}
