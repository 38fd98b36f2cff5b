import { any, arr, bool, dateTime, int, obj, record, str } from "../schema/dsl.js";

const customField = obj({ id: int(), value: any() });

const via = obj({
  channel: str(),
  source: obj({
    from: obj({
      name: str(), address: str(), original_recipients: arr(str()), ticket_id: int(), subject: str(), channel: str(),
      id: int(), title: str(), deleted: bool(), revision_id: int(), topic_id: int(), topic_name: str(),
      profile_url: str(), username: str(), phone: str(), formatted_phone: str(), facebook_id: str(),
    }),
    to: obj({
      brand_id: int(), name: str(), address: str(), email_ccs: any(), profile_url: str(), username: str(),
      phone: str(), formatted_phone: str(), facebook_id: str(),
    }),
    rel: str(),
  }),
});

export const ticketShape = {
  id: int(), url: str(), external_id: str(), via, created_at: dateTime(), updated_at: dateTime(),
  generated_timestamp: int(), type: str(), subject: str(), raw_subject: str(), description: str(),
  priority: str(), status: str(), recipient: str(), requester_id: int(), submitter_id: int(), assignee_id: int(),
  organization_id: int(), group_id: int(), collaborator_ids: arr(int()), follower_ids: arr(int()),
  email_cc_ids: arr(int()), forum_topic_id: int(), problem_id: int(), has_incidents: bool(), is_public: bool(),
  due_at: dateTime(), tags: arr(str()), custom_fields: arr(customField), fields: arr(customField),
  satisfaction_rating: any(), sharing_agreement_ids: arr(int()), custom_status_id: int(), followup_ids: arr(int()),
  ticket_form_id: int(), deleted_ticket_form_id: int(), brand_id: int(), allow_channelback: bool(),
  allow_attachments: bool(), from_messaging_channel: bool(),
};

export const ticketSchema = record(ticketShape);
