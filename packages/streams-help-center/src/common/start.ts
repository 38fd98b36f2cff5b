export { startSeconds } from "@calabi/zendesk-common";
