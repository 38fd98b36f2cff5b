/** Legacy OAuth (`oauth2.0`): a non-expiring access token sent as Bearer, never refreshed. */
import { redactor, type Authenticator, type HttpRequest } from "@calabi/kernel";
import { withAuthorization } from "./headers.js";

export class LegacyBearerAuthenticator implements Authenticator {
  readonly method = "oauth2.0";
  private readonly header: string;

  constructor(credentials: { access_token: string; client_id?: string | undefined; client_secret?: string | undefined }) {
    this.header = `Bearer ${credentials.access_token}`;
    redactor.register(credentials.access_token);
    redactor.register(credentials.client_id);
    redactor.register(credentials.client_secret);
  }

  async apply(request: HttpRequest): Promise<HttpRequest> {
    return withAuthorization(request, this.header);
  }
}
