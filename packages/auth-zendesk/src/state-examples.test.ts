import { parseStateInput } from "@calabi/kernel";
import { describe, expect, it } from "vitest";
import { reference } from "./__tests__/helpers.js";

// The kernel's state-file reader against Airbyte's Zendesk state files (moved here from the
// kernel, which names no API).
describe("Airbyte's Zendesk state examples", () => {
  it("reads every shape in the reference state examples and the legacy map", () => {
    const examples = reference<Record<string, unknown>>("integration/state_examples.json");
    for (const [key, example] of Object.entries(examples)) {
      const states = parseStateInput([example], key);
      expect(Object.values(states)).toHaveLength(1);
    }
    expect(parseStateInput([examples.tickets], "tickets").tickets).toEqual({ generated_timestamp: "1723660897" });
    const legacy = reference("integration/legacy_state_per_stream_map.json");
    expect(Object.keys(parseStateInput(legacy, "legacy")).length).toBeGreaterThan(0);
  });
});
