/** The Zendesk record-schema vocabulary lives in @calabi/zendesk-common (shared with Help Center and Community). */
export * from "@calabi/zendesk-common/schema";
