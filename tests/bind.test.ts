// Safe defaults (issue 11 item 1): without auth Runboard binds 127.0.0.1 and says so; any other
// address without auth gets a loud warning; RUNBOARD_HOST still wins.
import { describe, expect, it } from "vitest";

const env = (vars: Record<string, string> = {}) => vars as NodeJS.ProcessEnv;
import { bindNotice, DEFAULT_HOST } from "../scripts/lib/bind.mjs";
import { resolveConfig } from "../scripts/lib/config.mjs";

describe("the bind address", () => {
  it("defaults to 127.0.0.1 and honours RUNBOARD_HOST", () => {
    expect(DEFAULT_HOST).toBe("127.0.0.1");
    expect(resolveConfig(env()).host).toBe("127.0.0.1");
    expect(resolveConfig(env({ RUNBOARD_HOST: "0.0.0.0" })).host).toBe("0.0.0.0");
  });

  it("says that only this machine can connect when auth is off on loopback", () => {
    const n = bindNotice("127.0.0.1", 3000, env());
    expect(n.level).toBe("info");
    expect(n.lines.join(" ")).toContain("only this machine");
  });

  it("warns loudly for another address without auth, and not with auth", () => {
    const n = bindNotice("0.0.0.0", 3000, env());
    expect(n.level).toBe("warn");
    expect(n.lines.join("\n")).toContain("WITHOUT AUTHENTICATION");
    expect(bindNotice("0.0.0.0", 3000, env({ RUNBOARD_AUTH: "on" })).level).toBe("info");
  });
});
