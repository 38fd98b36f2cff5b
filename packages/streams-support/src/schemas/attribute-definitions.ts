import { arr, bool, obj, record, str } from "../schema/dsl.js";

export const attributeDefinitionSchema = record({
  title: str(), subject: str(), type: str(), group: str(), nullable: bool(), repeatable: bool(),
  operators: arr(obj({ value: str(), title: str(), terminal: bool() })),
  values: arr(obj({ value: str(), title: str(), enabled: bool() })), condition: str(),
  metadata: obj({ collection_key: str(), item_key: str() }),
});
