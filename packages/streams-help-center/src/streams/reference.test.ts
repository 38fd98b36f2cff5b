import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { referencePath } from "@calabi/fixtures";
import { helpCenterStreams } from "./index.js";
import { articleAttachmentSchema, articleCommentSchema, articleSchema, categorySchema, sectionSchema, voteSchema } from "../schemas/help-center.js";

const airbyte = referencePath("airbyte-zendesk");
const schemas = { articles: articleSchema, sections: sectionSchema, categories: categorySchema, article_attachments: articleAttachmentSchema, article_votes: voteSchema, article_comments: articleCommentSchema, article_comment_votes: voteSchema } as const;

describe("against Airbyte's reference data", () => {
  it.each(Object.keys(schemas))("%s: declares every property of Airbyte's schema", (name) => {
    const theirs = JSON.parse(readFileSync(join(airbyte, "schemas", `${name}.json`), "utf8"));
    const ours = helpCenterStreams.find((s) => s.spec.name === name)!.spec.jsonSchema as { properties: Record<string, unknown> };
    for (const key of Object.keys(theirs.properties)) expect(Object.keys(ours.properties)).toContain(key);
  });

  it("Airbyte's expected records of these streams parse with our schemas", () => {
    const lines = readFileSync(join(airbyte, "integration", "expected_records.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const ours = lines.filter((l) => l.stream in schemas);
    expect(ours.length).toBeGreaterThanOrEqual(9);
    for (const line of ours) expect(schemas[line.stream as keyof typeof schemas].safeParse(line.data).success).toBe(true);
  });
});
