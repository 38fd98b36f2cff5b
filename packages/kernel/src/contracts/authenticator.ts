import type { HttpRequest, HttpResponse } from "./http.js";

/** Who we are. Adds credentials to a request; may refresh them (once per 401 `invalid_token`). */
export interface Authenticator {
  apply(request: HttpRequest): Promise<HttpRequest>;
  /**
   * Obtain fresh credentials. Implementations serialise concurrent calls (one refresh in flight),
   * persist rotated secrets before using them, and throw ConfigError when refreshing is impossible.
   * Absent for credentials that cannot be refreshed (API token, legacy bearer).
   * `failed` is the response that asked for the refresh: its request shows which token it carried,
   * so a token another caller already replaced is not refreshed twice.
   */
  refresh?(failed?: HttpResponse): Promise<void>;
}
