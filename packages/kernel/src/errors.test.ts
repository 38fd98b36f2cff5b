import { describe, expect, it, vi } from "vitest";
import { ConfigError, ConnectorError, HttpFailure, isKernelError, SkipError, TruncatedBodyError } from "./errors.js";

/** What another copy of the kernel would define: same brands, different classes. */
async function otherCopy(): Promise<typeof import("./errors.js")> {
  vi.resetModules();
  return import("./errors.js");
}

describe("error kinds are recognised across copies of the kernel", () => {
  it("instanceof follows the brand, not the class identity", async () => {
    const other = await otherCopy();
    expect(other.SkipError).not.toBe(SkipError);
    const skip = new other.SkipError("stream", "not on this plan", 403);
    expect(skip).toBeInstanceOf(SkipError);
    expect(skip).toBeInstanceOf(Error);
    expect(new other.ConfigError("bad")).toBeInstanceOf(ConnectorError);
    expect(new other.ConfigError("bad")).toBeInstanceOf(ConfigError);
    expect(new other.HttpFailure("x", "transient_error", 500, "/x")).toBeInstanceOf(ConnectorError);
    expect(new SkipError("stream", "x")).toBeInstanceOf(other.SkipError);
    expect(isKernelError(skip, "SkipError")).toBe(true);
  });

  it("a subclass declared outside the kernel keeps the ordinary check", () => {
    class TokenTrouble extends ConnectorError {}
    expect(new ConfigError("x")).not.toBeInstanceOf(TokenTrouble);
    expect(new TokenTrouble("x")).toBeInstanceOf(TokenTrouble);
    expect(new TokenTrouble("x")).toBeInstanceOf(ConnectorError);
  });

  it("kinds stay apart", () => {
    expect(new ConnectorError("x")).not.toBeInstanceOf(ConfigError);
    expect(new SkipError("stream", "x")).not.toBeInstanceOf(ConnectorError);
    expect(new TruncatedBodyError("x")).not.toBeInstanceOf(SkipError);
    expect(new Error("x")).not.toBeInstanceOf(ConnectorError);
    expect(null).not.toBeInstanceOf(SkipError);
    expect({ scope: "stream" }).not.toBeInstanceOf(SkipError);
  });
});
