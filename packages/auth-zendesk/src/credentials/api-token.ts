/** API token credentials: `Authorization: Basic base64("{email}/token:{api_token}")`. */
import { redactor, type Authenticator, type HttpRequest } from "@calabi/kernel";
import type { ApiTokenCredentials } from "../config/schema.js";
import { withAuthorization } from "./headers.js";

export function basicAuthorization(email: string, apiToken: string): string {
  return `Basic ${Buffer.from(`${email}/token:${apiToken}`, "utf8").toString("base64")}`;
}

export class ApiTokenAuthenticator implements Authenticator {
  readonly method = "api_token";
  readonly email: string;
  private readonly header: string;

  constructor(credentials: Pick<ApiTokenCredentials, "email" | "api_token">) {
    this.email = credentials.email;
    this.header = basicAuthorization(credentials.email, credentials.api_token);
    redactor.register(credentials.api_token);
    redactor.register(this.header);
    redactor.register(this.header.slice("Basic ".length));
  }

  async apply(request: HttpRequest): Promise<HttpRequest> {
    return withAuthorization(request, this.header);
  }
}
