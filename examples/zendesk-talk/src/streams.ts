import { defineZendeskStream, exportStartTime, nextPagePaginator, startSeconds } from "@calabi/zendesk-common";
import { bool, dateTime, int, ints, num, record, str } from "@calabi/zendesk-common/schema";
import { talkExportPaginator } from "./pagination.js";

export const callSchema = record({
  id: int(),
  created_at: dateTime(),
  updated_at: dateTime(),
  agent_id: int(),
  call_charge: str(),
  consultation_time: int(),
  completion_status: str(),
  customer_id: int(),
  direction: str(),
  duration: int(),
  exceeded_queue_wait_time: bool(),
  hold_time: int(),
  minutes_billed: int(),
  outside_business_hours: bool(),
  phone_number: str(),
  phone_number_id: int(),
  ticket_id: int(),
  wait_time: int(),
  voicemail: bool(),
});

export const legSchema = record({
  id: int(),
  call_id: int(),
  created_at: dateTime(),
  updated_at: dateTime(),
  agent_id: int(),
  available_via: str(),
  completion_status: str(),
  conference_time: int(),
  duration: int(),
  hold_time: int(),
  minutes_billed: int(),
  talk_time: int(),
  type: str(),
  user_id: int(),
  wrap_up_time: int(),
});

export const phoneNumberSchema = record({
  id: int(),
  country_code: str(),
  created_at: dateTime(),
  display_number: str(),
  external: bool(),
  name: str(),
  nickname: str(),
  number: str(),
  recorded: bool(),
  sms_enabled: bool(),
  toll_free: bool(),
  capabilities: record({ sms: bool(), mms: bool(), voice: bool() }).nullish(),
  categorised_greetings: record({}).nullish(),
  greeting_ids: ints(),
  default_greeting_ids: ints(),
  group_ids: ints(),
  line_type: str(),
  location: str(),
  priority: num(),
  transcription: bool(),
});

/** A Talk incremental export on `updated_at`: `start_time` from state (or start_date), boundary repeats dropped. */
function talkExport(name: string, schema: typeof callSchema | typeof legSchema) {
  return defineZendeskStream({
    name,
    path: `channels/voice/stats/incremental/${name}.json`,
    paginator: talkExportPaginator,
    records: name,
    primaryKey: "id",
    schema,
    incremental: {
      kind: "server",
      cursorField: "updated_at",
      stateFormat: "iso",
      startParams: (start, ctx) => ({ start_time: exportStartTime(start, ctx) }),
      // The next page starts at the second the previous one ended on: its records come again.
      dedupeAcrossPages: true,
    },
    start: (ctx) => startSeconds(ctx),
  });
}

export const calls = talkExport("calls", callSchema);
export const legs = talkExport("legs", legSchema);

/** Every phone number of the account (a short list): full refresh, `next_page` pages. */
export const phoneNumbers = defineZendeskStream({
  name: "phone_numbers",
  path: "channels/voice/phone_numbers.json",
  paginator: () => nextPagePaginator({ perPage: 100 }),
  records: "phone_numbers",
  primaryKey: "id",
  schema: phoneNumberSchema,
  start: (ctx) => startSeconds(ctx),
});

export const talkStreams = [calls, legs, phoneNumbers];
