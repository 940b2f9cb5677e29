import type { Metadata } from "next";
import "./globals.css";
import { AppHeader } from "@/components/app-header";
import { pageUser } from "@/lib/auth/page-caller";

export const metadata: Metadata = {
  title: { default: "Runboard", template: "%s · Runboard" },
  description: "MLflow-compatible experiment tracking with a prompt registry and side-by-side run comparison.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
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
