import { describe, expect, it } from "vitest";
import { createProtocolValidator } from "../../test/protocol-validator.js";
import {
  controlConfigMessage,
  errorTraceMessage,
  logMessage,
  recordMessage,
  stateMessage,
  streamStatusMessage,
} from "./builders.js";

describe("protocol message builders", () => {
  const validator = createProtocolValidator();

  it.each([
    ["RECORD", recordMessage("tickets", { id: 1 }, 1700000000000)],
    ["STATE", stateMessage("tickets", { generated_timestamp: "1723660897" }, 12)],
    ["LOG", logMessage("WARN", "careful")],
    ["TRACE STREAM_STATUS", streamStatusMessage("tickets", "RUNNING", 1700000000000)],
    ["TRACE ERROR", errorTraceMessage("boom", "config_error", 1700000000000, "tickets", "HttpFailure")],
    ["CONTROL", controlConfigMessage({ account: "acme" }, 1700000000000)],
  ])("%s validates against airbyte_protocol.yaml", (_name, message) => {
    expect(validator.message(message)).toEqual([]);
  });

  it("the validator rejects a malformed message (so the test above can fail)", () => {
    expect(validator.message({ type: "RECORD", record: { stream: "x" } })).not.toEqual([]);
    expect(validator.message({ type: "STATE", state: { type: "NOPE" } })).not.toEqual([]);
  });
});
