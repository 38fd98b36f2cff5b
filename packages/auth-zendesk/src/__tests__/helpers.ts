/** Test support: fake clock, reference data, a loopback token endpoint. Not part of the build. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readReference } from "@calabi/fixtures";
import type { Clock, Logger } from "@calabi/kernel";

/** A JSON file of Airbyte's Zendesk reference data (fixtures/reference/airbyte-zendesk/RELATIVE). */
export function reference<T = Record<string, unknown>>(relative: string): T {
  return readReference(`airbyte-zendesk/${relative}`) as T;
}

/** A clock that only moves when told to; `sleep` advances it instantly. */
export class FakeClock implements Clock {
  sleeps: number[] = [];
  constructor(public ms = Date.parse("2026-11-25T12:00:00Z")) {}
  now(): number {
    return this.ms;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.ms += ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  form: Record<string, string>;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

export interface TestServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Handler for each request; default 404. */
  handle: (request: RecordedRequest) => Reply | Promise<Reply>;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1:0 that records requests and answers through `handle`. */
export async function startTestServer(handle?: TestServer["handle"]): Promise<TestServer> {
  const state: TestServer = {
    baseUrl: "",
    requests: [],
    handle: handle ?? (() => ({ status: 404, body: { error: "InvalidEndpoint", description: "Not found" } })),
    close: async () => {},
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        form: Object.fromEntries(new URLSearchParams(body)),
      };
      state.requests.push(recorded);
      void Promise.resolve(state.handle(recorded)).then(async (reply) => {
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        const payload = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...reply.headers });
        res.end(payload);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
