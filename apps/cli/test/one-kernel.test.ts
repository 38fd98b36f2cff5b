import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kernelSeenFrom } from "../src/one-kernel.js";

let root: string;
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "calabi-one-kernel-")));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function kernelAt(dir: string): Promise<string> {
  const kernel = join(dir, "node_modules", "@calabi", "kernel");
  await mkdir(kernel, { recursive: true });
  await writeFile(join(kernel, "package.json"), '{"name":"@calabi/kernel"}');
  return kernel;
}

describe("kernelSeenFrom (whether the one-kernel resolution hook is needed)", () => {
  it("finds the nearest node_modules/@calabi/kernel above a folder, through symlinks", async () => {
    const top = await kernelAt(root);
    const plugin = join(root, "node_modules", "plugin-a");
    await mkdir(plugin, { recursive: true });
    expect(kernelSeenFrom(plugin)).toBe(top);
    // A plugin with its own copy sees that one: the CLI must then register the hook.
    const own = await kernelAt(join(root, "linked", "plugin-b"));
    expect(kernelSeenFrom(join(root, "linked", "plugin-b"))).toBe(own);
    // A symlink to the same copy (pnpm, npm link) is the same kernel.
    const linked = join(root, "linked", "plugin-c");
    await mkdir(join(linked, "node_modules", "@calabi"), { recursive: true });
    await symlink(top, join(linked, "node_modules", "@calabi", "kernel"));
    expect(kernelSeenFrom(linked)).toBe(top);
  });

  it("returns undefined where no kernel is reachable", async () => {
    const lonely = join(root, "lonely");
    await mkdir(lonely);
    // tmpdir has no node_modules/@calabi/kernel above it on a normal machine.
    expect(kernelSeenFrom(lonely)).toBeUndefined();
  });
});
