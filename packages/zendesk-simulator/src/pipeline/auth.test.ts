import { describe, expect, it } from "vitest";
import { call, withSim } from "../__tests__/helpers.js";

const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}/token:${token}`).toString("base64")}`;
const form = (fields: Record<string, string | number>) => new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();

describe("auth", () => {
  it("accepts any well-formed credential without credential options", async () => {
    await withSim({ tickets: 5 }, async (sim) => {
      expect((await call(sim.url, "/api/v2/users/me", { headers: { authorization: basic("x@y.z", "any") } })).status).toBe(200);
      expect((await call(sim.url, "/api/v2/users/me", { headers: { authorization: "Bearer whatever" } })).status).toBe(200);
      const none = await call(sim.url, "/api/v2/users/me", { headers: { authorization: "" } });
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: "Couldn't authenticate you" });
      const password = await call(sim.url, "/api/v2/users/me", { headers: { authorization: `Basic ${Buffer.from("x@y.z:pw").toString("base64")}` } });
      expect(password.status).toBe(401);
    });
  });

  it("with explicit credentials only those work, with the documented 401 bodies", async () => {
    await withSim({ tickets: 5, credentials: { apiTokens: [{ email: "ok@acme.test", token: "t1" }], accessTokens: ["legacy"] } }, async (sim) => {
      expect((await call(sim.url, "/api/v2/users/me", { headers: { authorization: basic("ok@acme.test", "t1") } })).status).toBe(200);
      const bad = await call(sim.url, "/api/v2/users/me", { headers: { authorization: basic("ok@acme.test", "t2") } });
      expect(bad.status).toBe(401);
      expect(bad.body).toEqual({ error: "Couldn't authenticate you" });
      expect((await call(sim.url, "/api/v2/users/me", { headers: { authorization: "Bearer legacy" } })).status).toBe(200);
      const badBearer = await call(sim.url, "/api/v2/users/me", { headers: { authorization: "Bearer nope" } });
      expect(badBearer.status).toBe(401);
      expect(badBearer.body.error).toBe("invalid_token");
      expect(badBearer.body.error_description).toBe("The access token provided is expired, revoked, malformed or invalid for other reasons.");
    });
  });

  it("refresh rotates: old access and refresh tokens die at once; reuse → 400 invalid_grant", async () => {
    await withSim({ tickets: 5, credentials: { oauthClients: [{ clientId: "cid", clientSecret: "sec", refreshToken: "r0", accessToken: "a0" }] } }, async (sim) => {
      expect((await call(sim.url, "/api/v2/users/me", { headers: { authorization: "Bearer a0" } })).status).toBe(200);
      const r1 = await call(sim.url, "/oauth/tokens", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: "" },
        body: form({ grant_type: "refresh_token", refresh_token: "r0", client_id: "cid", client_secret: "sec", expires_in: 172800 }),
      });
      expect(r1.status).toBe(201);
      expect(Object.keys(r1.body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "refresh_token_expires_in", "scope", "token_type"]);
      expect(r1.body.token_type).toBe("bearer");
      expect(r1.body.expires_in).toBe(172800);
      expect((await call(sim.url, "/api/v2/users/me", { headers: { authorization: "Bearer a0" } })).status).toBe(401);
      expect((await call(sim.url, "/api/v2/users/me", { headers: { authorization: `Bearer ${r1.body.access_token}` } })).status).toBe(200);
      const reuse = await call(sim.url, "/oauth/tokens", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "" },
        body: JSON.stringify({ grant_type: "refresh_token", refresh_token: "r0", client_id: "cid", client_secret: "sec" }),
      });
      expect(reuse.status).toBe(400);
      expect(reuse.body.error).toBe("invalid_grant");
      const r2 = await call(sim.url, "/oauth/tokens", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "" },
        body: JSON.stringify({ grant_type: "refresh_token", refresh_token: r1.body.refresh_token, client_id: "cid", client_secret: "sec" }),
      });
      expect(r2.status).toBe(201);
      expect((await call(sim.url, "/api/v2/users/me", { headers: { authorization: `Bearer ${r1.body.access_token}` } })).status).toBe(401);
      const wrongSecret = await call(sim.url, "/oauth/tokens", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "" },
        body: JSON.stringify({ grant_type: "refresh_token", refresh_token: r2.body.refresh_token, client_id: "cid", client_secret: "bad" }),
      });
      expect(wrongSecret.status).toBe(401);
    });
  });

  it("maxAccessTokenTtlSeconds makes tokens expire mid-sync", async () => {
    await withSim({ tickets: 5, maxAccessTokenTtlSeconds: 60 }, async (sim) => {
      const r = await call(sim.url, "/oauth/tokens", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "" },
        body: JSON.stringify({ grant_type: "refresh_token", refresh_token: "anything", client_id: "c", client_secret: "s", expires_in: 172800 }),
      });
      expect(r.body.expires_in).toBe(60);
      const auth = { authorization: `Bearer ${r.body.access_token}` };
      expect((await call(sim.url, "/api/v2/users/me", { headers: auth })).status).toBe(200);
      sim.advanceClock(60_000);
      const expired = await call(sim.url, "/api/v2/users/me", { headers: auth });
      expect(expired.status).toBe(401);
      expect(expired.body.error).toBe("invalid_token");
    });
  });
});
