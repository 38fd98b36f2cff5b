import { any, bool, dateTime, int, record, str } from "../schema/dsl.js";

/** A support address (`/recipient_addresses`): an email address tickets arrive at, with its verification status. */
export const supportAddressSchema = record({
  id: int(), url: str(), brand_id: int(), email: str(), name: str(), default: bool(), forwarding_status: str(),
  spf_status: str(), cname_status: str(), domain_verification_status: str(), dns_results: any(),
  created_at: dateTime(), updated_at: dateTime(),
});
