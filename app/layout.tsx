import type { Metadata } from "next";
import "./globals.css";
import { AppHeader } from "@/components/app-header";

export const metadata: Metadata = {
  title: { default: "Runboard", template: "%s · Runboard" },
  description: "MLflow-compatible experiment tracking with a prompt registry and side-by-side run comparison.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <AppHeader />
        <main className="mx-auto w-full max-w-[1600px] px-6 py-6">{children}</main>
      </body>
    </html>
  );
}
