/**
 * Article attachment downloads: `GET /hc/article_attachments/{id}/{file_name}` on the brand host
 * answers 302 to a short-lived signed URL on the attachment CDN (a second host; on loopback a
 * second port), which serves the bytes. No authentication is needed for public articles.
 * Hostile attachments (option `guide.hostileAttachments`) redirect to hostile targets instead.
 */
import { createHash } from "node:crypto";
import { guideFor, type Guide } from "../../account/guide/guide.js";
import { HttpError } from "../../core/http.js";
import { TRANSPORT_HEADER } from "../../core/simulator.js";
import { type Route, type RouteContext } from "../../core/route.js";
import { helpCenterOf, RECORD_NOT_FOUND } from "./common.js";

/** The CDN's signature of an attachment (what makes the signed URL valid). */
export function cdnToken(guide: Guide, seed: number, id: number): string {
  return createHash("sha256").update(`${seed}:${id}:${guide.options.brands}`).digest("hex").slice(0, 32);
}

function download(ctx: RouteContext): Response {
  const { guide, brand } = helpCenterOf(ctx);
  const id = Number(ctx.params.id);
  const meta = guide.helpCenter.attachmentMeta.get(id);
  const record = guide.helpCenter.attachments.get(id);
  if (!meta || !record || meta.brand !== brand) throw new HttpError(404, RECORD_NOT_FOUND);
  let location: string;
  if (meta.redirect === "LOOP") location = `${ctx.origin}${ctx.url.pathname}`;
  else if (meta.redirect) location = meta.redirect;
  else {
    const loopback = ctx.request.headers.get(TRANSPORT_HEADER) === "loopback";
    const cdn = loopback ? guide.cdnOrigin : "https://cdn.zdusercontent-sim.local";
    const expires = Math.floor(ctx.sim.clock.now() / 1000) + 300;
    location = `${cdn}/files/${id}/${cdnToken(guide, ctx.sim.options.seed, id)}/${encodeURIComponent(String(record.file_name))}?expires=${expires}`;
  }
  return new Response(null, { status: 302, headers: { location, "content-type": "text/html; charset=utf-8" } });
}

export const attachmentRoutes: Route[] = [{ method: "GET", path: "/hc/article_attachments/:id/:name", handler: download, auth: false }];

