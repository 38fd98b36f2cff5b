export { FakeClock, type FakeClockOptions } from "./fake-clock.js";
export { startTestServer, sendJson, type TestServer, type SeenRequest } from "./loopback-server.js";
export { referenceDir, hasReference, readReference, recorded } from "./reference-data.js";
export { checkStreamConformance, type ConformanceOptions, type ConformanceReport } from "./conformance.js";
