/** The kernel's one request walker and Zendesk's URL layout, under the names these streams use. */
export { walkPages, type PageWalk, type WalkedPage as RawPage } from "@calabi/kernel";
export { apiUrl, recordsAt } from "@calabi/zendesk-common";
