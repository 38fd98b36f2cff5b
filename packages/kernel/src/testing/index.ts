export { FakeClock, type FakeClockOptions } from "./fake-clock.js";
export { startTestServer, sendJson, type TestServer, type SeenRequest } from "./loopback-server.js";
export { checkStreamConformance, type CheckName, type ConformanceOptions, type ConformanceReport } from "./conformance.js";
export {
  testConnection,
  readStream,
  lastCheckpoint,
  type TestConnection,
  type TestConnectionOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type CapturedLog,
} from "./read-stream.js";
export {
  startFixtureServer,
  pageByNumber,
  pageByCursor,
  linkHeader,
  type FixtureServer,
  type FixtureServerOptions,
  type FixtureRoutes,
  type FixtureHandler,
  type FixtureRequest,
  type FixtureReply,
  type PageSlice,
  type NumberedPage,
  type CursorPage,
  type PageByNumberOptions,
  type PageByCursorOptions,
} from "./fixture-server.js";
