export { FakeClock, type FakeClockOptions } from "./fake-clock.js";
export { startTestServer, sendJson, type TestServer, type SeenRequest } from "./loopback-server.js";
export { checkStreamConformance, type CheckName, type ConformanceOptions, type ConformanceReport } from "./conformance.js";
