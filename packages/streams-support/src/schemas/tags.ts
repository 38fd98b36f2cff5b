import { int, record, str } from "../schema/dsl.js";

export const tagSchema = record({ name: str(), count: int() });
