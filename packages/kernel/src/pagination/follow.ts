import type { HttpRequest, HttpResponse } from "../contracts/http.js";

/**
 * The request for a next-page URL, used verbatim. Headers come from the request that produced the
 * response minus credentials: the authenticator applies fresh ones to every attempt.
 */
export function follow(response: HttpResponse, url: string): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.request.headers)) {
    if (k.toLowerCase() !== "authorization") headers[k] = v;
  }
  // APIs usually send absolute URLs; resolve a relative one rather than fail on it.
  const absolute = /^https?:\/\//i.test(url) ? url : new URL(url, response.request.url).href;
  return { method: "GET", url: absolute, headers };
}

export const isNonEmptyString = (v: unknown): v is string => typeof v === "string" && v !== "";

export const asObject = (v: unknown): Record<string, any> => (v && typeof v === "object" ? (v as Record<string, any>) : {});

/** A value at a dotted path of a JSON body (`"meta.after_cursor"`), or undefined. */
export function valueAt(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const key of path.split(".")) {
    if (!current || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Whether a dotted path exists in a body (its value may be null). */
export function hasPath(body: unknown, path: string): boolean {
  const dot = path.lastIndexOf(".");
  const parent = dot < 0 ? body : valueAt(body, path.slice(0, dot));
  return !!parent && typeof parent === "object" && !Array.isArray(parent) && path.slice(dot + 1) in (parent as object);
}

/**
 * A validator requiring fields of the envelope: each entry is a dotted path that must be present,
 * with the JSON types listed (`"null"` allowed when listed).
 */
export function requireFields(fields: Record<string, ("string" | "boolean" | "number" | "object" | "null")[]>): (body: Record<string, unknown>) => string | undefined {
  return (body) => {
    for (const [path, types] of Object.entries(fields)) {
      if (!hasPath(body, path)) return `the pagination field \`${path}\` is missing`;
      const value = valueAt(body, path);
      const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
      if (!(types as string[]).includes(type)) return `the pagination field \`${path}\` is ${type === "array" || type === "object" ? `an ${type}` : `a ${type}`}, not ${types.join(" or ")}`;
    }
    return undefined;
  };
}

/** Validators one after another: the first problem wins. */
export function allOf(...validators: (((body: Record<string, unknown>) => string | undefined) | undefined)[]): (body: Record<string, unknown>) => string | undefined {
  return (body) => {
    for (const v of validators) {
      const problem = v?.(body);
      if (problem) return problem;
    }
    return undefined;
  };
}
