import { any, arr, bool, dateTime, int, record, str } from "../schema/dsl.js";

export const organizationSchema = record({
  id: int(), url: str(), name: str(), shared_tickets: bool(), shared_comments: bool(), external_id: str(),
  created_at: dateTime(), updated_at: dateTime(), deleted_at: dateTime(), domain_names: arr(str()), details: str(),
  notes: str(), group_id: int(), tags: arr(str()), organization_fields: any(),
});
