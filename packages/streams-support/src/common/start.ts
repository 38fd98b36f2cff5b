export { startSeconds, exportStartTime } from "@calabi/zendesk-common";
