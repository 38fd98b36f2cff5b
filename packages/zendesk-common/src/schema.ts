import { z } from "zod";

/**
 * A small vocabulary for Zendesk record schemas. Zendesk may send null for almost any field, so
 * every field is nullable and optional; objects are loose (unknown fields pass through untouched,
 * since records are emitted exactly as the API returns them).
 */
/**
 * The leaf types are built once and shared by every field that uses them: zod schemas are
 * immutable (`.meta()`, `.nullish()`... return new ones), so sharing changes neither validation nor
 * the JSON Schema, and saves the ~2 MB of heap that thousands of identical instances across the
 * stream plugins' schemas cost every process.
 */
const shared = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};
export const str = shared(() => z.string().nullish());
export const int = shared(() => z.number().int().nullish());
export const num = shared(() => z.number().nullish());
export const bool = shared(() => z.boolean().nullish());
export const dateTime = shared(() => z.string().meta({ format: "date-time" }).nullish());
export const any = shared(() => z.unknown().optional());
export const arr = <T extends z.ZodType>(item: T) => z.array(item).nullish();
export const obj = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape).nullish();
/** The top-level record object of a stream. */
export const record = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);
export const strings = shared(() => z.array(z.string()).nullish());
export const ints = shared(() => z.array(z.number().int()).nullish());
/** Zendesk sends booleans where Airbyte's schema says string (e.g. Help Center `outdated`): kept as returned. */
export const boolOrString = () => z.union([z.boolean(), z.string()]).nullish();
/** Added by this connector to Help Center and Community records. */
export const brandId = () => int().meta({ description: "Added by Calabi: the brand whose Help Center host the record was read from." });
