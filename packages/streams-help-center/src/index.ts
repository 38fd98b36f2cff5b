import { plugin } from "./plugin.js";

export { plugin };
export * from "./streams/index.js";
export { attachmentFileOptions, DEFAULT_MAX_BYTES, type AttachmentFileOptions } from "./files/attachment-files.js";
export default plugin;
