import type { Stream } from "@calabi/kernel";
import { groups } from "./groups.js";
import { organizations } from "./organizations.js";
import { tags } from "./tags.js";
import { tickets } from "./tickets.js";
import { users } from "./users.js";
import { configurationStreams } from "./configuration.js";
import { ticketChildStreams } from "./ticket_children.js";
import { accountDataStreams } from "./account_data.js";

export { groups, organizations, tags, tickets, users };
export * from "./configuration.js";
export * from "./ticket_children.js";
export * from "./account_data.js";

/** Every Support stream this plugin offers. */
export const supportStreams: Stream<any, any>[] = [tickets, users, organizations, groups, tags];
supportStreams.push(...configurationStreams);
supportStreams.push(...ticketChildStreams);
supportStreams.push(...accountDataStreams);
