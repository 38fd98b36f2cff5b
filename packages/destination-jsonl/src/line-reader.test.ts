import { open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readLines } from "./line-reader.js";
import { makeTempDir, removeDir } from "./__tests__/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

interface TextLine {
  offset: number;
  length: number;
  text: string;
  terminated: boolean;
}

async function linesOf(content: string, chunk: number): Promise<TextLine[]> {
  const path = join(dir, "f");
  await writeFile(path, content);
  const handle = await open(path, "r");
  try {
    const lines: TextLine[] = [];
    for await (const { offset, bytes, terminated } of readLines(handle, chunk)) {
      lines.push({ offset, length: bytes.length, text: bytes.toString("utf8"), terminated });
    }
    return lines;
  } finally {
    await handle.close();
  }
}

describe("readLines", () => {
  it.each([1, 3, 7, 1024])("yields lines with byte offsets (chunk %i)", async (chunk) => {
    const lines = await linesOf('{"a":1}\n\n{"é":"€"}\nlast', chunk);
    expect(lines).toEqual([
      { offset: 0, length: 7, text: '{"a":1}', terminated: true },
      { offset: 8, length: 0, text: "", terminated: true },
      { offset: 9, length: 12, text: '{"é":"€"}', terminated: true },
      { offset: 22, length: 4, text: "last", terminated: false },
    ]);
  });

  it("yields nothing for an empty file", async () => {
    expect(await linesOf("", 4)).toEqual([]);
  });

  it("handles lines far longer than a chunk", async () => {
    const long = "x".repeat(10_000);
    const lines = await linesOf(`${long}\nshort\n`, 64);
    expect(lines.map((l) => l.text)).toEqual([long, "short"]);
    expect(lines[1]!.offset).toBe(10_001);
  });
});
