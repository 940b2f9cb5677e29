import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time";
import { ChangePasswordForm, CreateTokenForm, RevokeTokenButton } from "@/components/auth/account-forms";
import { pageUser } from "@/lib/auth/page-caller";
import { listTokens } from "@/lib/domain/auth/tokens";
import { publicBaseUrl } from "@/lib/request-url";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

/** Tokens not revoked and not expired. */
function liveTokens<T extends { revokedAt: number | null; expiresAt: number | null }>(tokens: T[]): T[] {
  const now = Date.now();
  return tokens.filter((t) => t.revokedAt === null && (t.expiresAt === null || t.expiresAt > now));
}

/** The signed-in user's account: password and personal access tokens for the MLflow client. */
export default async function AccountPage() {
  const user = await pageUser();
  if (!user) {
    return <EmptyState title="No accounts while auth is off">Start Runboard with RUNBOARD_AUTH=on to sign in, share experiments and create access tokens.</EmptyState>;
  }
  const [tokens, base] = await Promise.all([listTokens(), publicBaseUrl()]);
  const live = liveTokens(tokens);
  return (
    <div className="max-w-4xl space-y-8">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{user.username}</h1>
        <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">{user.isAdmin ? "Administrator" : "Member"}</p>
      </div>
      <section aria-labelledby="tokens" className="space-y-3">
        <h2 id="tokens" className="font-semibold">Access tokens</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">For scripts and the MLflow client: set MLFLOW_TRACKING_TOKEN instead of a password. Revoke a token you no longer use.</p>
        <CreateTokenForm trackingUri={base} />
        {live.length === 0 ? (
          <p className="text-sm text-zinc-500">No active tokens.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-zinc-500 uppercase">
              <tr>
                <th className="py-2 font-medium">Name</th>
                <th className="font-medium">Token</th>
                <th className="font-medium">Created</th>
                <th className="font-medium">Last used</th>
                <th className="font-medium">Expires</th>
                <th />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {live.map((t) => (
                <tr key={t.id} data-testid="token-row">
                  <td className="py-2 font-medium">{t.name}</td>
                  <td className="font-mono text-xs text-zinc-500">{t.prefix}…</td>
                  <td><TimeAgo ms={t.createdAt} /></td>
                  <td>{t.lastUsedAt ? <TimeAgo ms={t.lastUsedAt} /> : <span className="text-zinc-400">never</span>}</td>
                  <td>{t.expiresAt ? new Date(t.expiresAt).toISOString().slice(0, 10) : "never"}</td>
                  <td className="text-right"><RevokeTokenButton id={t.id} name={t.name} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="password" className="space-y-3">
        <h2 id="password" className="font-semibold">Password</h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
