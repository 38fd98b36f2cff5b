import { any, arr, bool, int, obj, str } from "../schema/dsl.js";

/** `via` of comments and audits: channel plus a source whose shape depends on the channel. */
export const via = obj({ channel: str(), source: obj({ from: obj({}), to: obj({}), rel: str() }) });

const file = {
  id: int(), url: str(), file_name: str(), content_url: str(), mapped_content_url: str(), content_type: str(), size: int(),
  width: any(), height: any(), inline: bool(), deleted: bool(), malware_access_override: bool(), malware_scan_result: str(),
};
export const attachment = obj({ ...file, thumbnails: arr(obj(file)) });
