import type { Budget } from "../src/contracts/budget.js";
import type { Clock } from "../src/contracts/clock.js";
import type { Destination } from "../src/contracts/destination.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../src/contracts/http.js";
import type { Connection } from "../src/contracts/source.js";
import type { StreamRecord } from "../src/contracts/stream.js";
import type { AirbyteMessage, MessageSink } from "../src/protocol/messages.js";

export const fixedClock = (start = 1_700_000_000_000): Clock => {
  let now = start;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
};

export const idleBudget: Budget = {
  acquire: async () => undefined,
  observe: () => undefined,
  pause: () => undefined,
  onWait: () => () => undefined,
};

/** An HttpClient answering from a function of the request URL. */
export function fakeHttp(answer: (url: URL) => unknown): HttpClient & { urls: string[] } {
  const urls: string[] = [];
  const send = async (request: HttpRequest): Promise<HttpResponse> => {
    urls.push(request.url);
    const body = answer(new URL(request.url));
    if (body instanceof Error) throw body;
    const text = JSON.stringify(body);
    return { status: 200, headers: {}, text, request, json: () => JSON.parse(text) };
  };
  return { urls, send, getJson: async (url) => { const r = await send({ method: "GET", url, headers: {} }); return { body: r.json(), response: r }; } };
}

export function fakeConnection(http: HttpClient, baseUrl = "https://acme.zendesk.com"): Connection {
  return {
    baseUrl,
    http,
    budget: idleBudget,
    check: async () => ({ ok: true }),
    stats: () => ({ requests: 0, retries: 0, rateLimitWaits: 0 }),
    close: async () => undefined,
  };
}

/** Records every destination call in order, so tests can check "state after data". */
export class RecordingDestination implements Destination {
  readonly events: string[] = [];
  readonly records: Record<string, StreamRecord[]> = {};
  private pending = 0;
  async open() {
    this.events.push("open");
  }
  async write(stream: string, record: StreamRecord) {
    (this.records[stream] ??= []).push(record);
    this.pending++;
  }
  async flush() {
    this.events.push(`flush(${this.pending})`);
    this.pending = 0;
  }
  async endStream(stream: string, ok: boolean) {
    this.events.push(`end(${stream},${ok})`);
  }
  async close() {
    this.events.push("close");
  }
}

export class CapturingSink implements MessageSink {
  readonly messages: AirbyteMessage[] = [];
  emit(message: AirbyteMessage) {
    this.messages.push(message);
  }
  ofType<T extends AirbyteMessage["type"]>(type: T) {
    return this.messages.filter((m) => m.type === type) as Extract<AirbyteMessage, { type: T }>[];
  }
}
