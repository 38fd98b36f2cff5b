/**
 * A small Zendesk Talk API on loopback, from the kernel's fixture server: seeded calls, legs and
 * phone numbers; the incremental exports filter on `start_time`, answer 1,000 records a page with
 * `count`, `end_time` and a `next_page` that is never null (as Talk does), and refuse a start_time
 * less than a minute old; phone numbers page with `next_page`. API-token credentials are checked.
 */
import { type FixtureReply, type FixtureRequest, type FixtureServer, pageByNumber, startFixtureServer } from "@calabi/kernel/testing";

export const EMAIL = "talk-tests@example.com";
export const API_TOKEN = "talk-token-456";
const PAGE = 1000;

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const seconds = (value: string) => Math.floor(Date.parse(value) / 1000);

export interface TalkData {
  calls: Record<string, unknown>[];
  legs: Record<string, unknown>[];
  phone_numbers: Record<string, unknown>[];
}

/**
 * `calls` calls updated every ~3 minutes from 2026-01-05 (every eighth in the same second as the
 * one before, so page boundaries fall on shared seconds), and one or two legs per call.
 */
export function seed(counts: { calls: number; phoneNumbers: number } = { calls: 2300, phoneNumbers: 120 }): TalkData {
  const calls: Record<string, unknown>[] = [];
  const legs: Record<string, unknown>[] = [];
  let legId = 90_000;
  for (let i = 1; i <= counts.calls; i++) {
    const updated = Date.UTC(2026, 0, 5) + (i - (i % 8 === 0 ? 1 : 0)) * 187_000;
    const created = updated - 600_000;
    calls.push({
      id: 50_000 + i,
      created_at: iso(created),
      updated_at: iso(updated),
      agent_id: 100 + (i % 6),
      call_charge: (i % 13) / 10 + "",
      completion_status: i % 9 === 0 ? "abandoned_in_queue" : "completed",
      customer_id: 7000 + (i % 50),
      direction: i % 3 === 0 ? "outbound" : "inbound",
      duration: 30 + (i % 600),
      hold_time: i % 40,
      minutes_billed: 1 + (i % 10),
      phone_number_id: 1 + (i % counts.phoneNumbers),
      ticket_id: i % 4 === 0 ? null : 3000 + i,
      voicemail: i % 11 === 0,
      wait_time: i % 90,
    });
    for (let k = 0; k < 1 + (i % 2); k++) {
      legs.push({
        id: ++legId,
        call_id: 50_000 + i,
        created_at: iso(created + k * 30_000),
        updated_at: iso(updated + k * 1000),
        agent_id: 100 + ((i + k) % 6),
        completion_status: "completed",
        duration: 20 + (i % 300),
        talk_time: 10 + (i % 200),
        type: k === 0 ? "customer" : "agent",
        user_id: k === 0 ? 7000 + (i % 50) : 100 + ((i + k) % 6),
      });
    }
  }
  const phone_numbers = Array.from({ length: counts.phoneNumbers }, (_, i) => ({
    id: i + 1,
    country_code: "US",
    created_at: iso(Date.UTC(2025, 0, 1 + i)),
    display_number: `+1 (555) 010-00${10 + i}`,
    number: `+1555010001${i}`,
    name: `Line ${i + 1}`,
    nickname: null,
    external: false,
    recorded: i % 2 === 0,
    sms_enabled: i % 3 === 0,
    toll_free: i === 0,
    capabilities: { sms: i % 3 === 0, mms: false, voice: true },
    greeting_ids: [i + 10],
    default_greeting_ids: [1, 2],
    group_ids: [],
    line_type: "phone",
    transcription: false,
  }));
  return { calls, legs, phone_numbers };
}

/** Talk's export page: records with updated_at >= start_time, 1,000 at most, next_page = same URL from end_time. */
function exportPage(key: "calls" | "legs", all: Record<string, unknown>[], req: FixtureRequest): FixtureReply {
  const raw = req.query.get("start_time");
  if (raw === null || !/^\d+$/.test(raw)) return { status: 400, body: { error: "InvalidValue", description: "start_time is required" } };
  const start = Number(raw);
  if (start > Math.floor(Date.now() / 1000) - 60) return { status: 422, body: { error: "InvalidValue", description: "Too recent start_time. Use a start_time older than 1 minute" } };
  const page = all.filter((r) => seconds(String(r.updated_at)) >= start).slice(0, PAGE);
  const endTime = page.length > 0 ? seconds(String(page[page.length - 1]!.updated_at)) : start;
  const next = new URL(req.url);
  next.searchParams.set("start_time", String(endTime));
  return { body: { [key]: page, next_page: next.toString(), count: page.length, end_time: endTime } };
}

export interface TalkFixture {
  url: string;
  server: FixtureServer;
  data: TalkData;
  close(): Promise<void>;
}

export async function startTalkFixture(counts?: { calls: number; phoneNumbers: number }): Promise<TalkFixture> {
  const data = seed(counts);
  const sorted = (records: Record<string, unknown>[]) =>
    [...records].sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)) || Number(a.id) - Number(b.id));
  const calls = sorted(data.calls);
  const legs = sorted(data.legs);
  const authorization = `Basic ${Buffer.from(`${EMAIL}/token:${API_TOKEN}`).toString("base64")}`;
  const server = await startFixtureServer(
    {
      "GET /api/v2/channels/voice/stats/incremental/calls.json": (req) => exportPage("calls", calls, req),
      "GET /api/v2/channels/voice/stats/incremental/legs.json": (req) => exportPage("legs", legs, req),
      "GET /api/v2/channels/voice/phone_numbers.json": (req) => {
        const page = pageByNumber(data.phone_numbers, req, { defaultSize: 100, maxSize: 100 });
        return { body: { phone_numbers: page.records, next_page: page.next ?? null, previous_page: null, count: data.phone_numbers.length } };
      },
    },
    { authorize: (req) => (req.headers.authorization === authorization ? undefined : { status: 401, body: { error: "Couldn't authenticate you" } }) },
  );
  return { url: server.url, server, data, close: () => server.close() };
}

/** The raw Zendesk source config of a connection to the fixture. */
export const configFor = (fixture: { url: string }, extra: Record<string, unknown> = {}) => ({
  subdomain: "acme",
  base_url: fixture.url,
  start_date: "2025-06-01T00:00:00Z",
  credentials: { credentials: "api_token", email: EMAIL, api_token: API_TOKEN },
  ...extra,
});
