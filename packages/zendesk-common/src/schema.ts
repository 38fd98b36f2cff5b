import { z } from "zod";

/**
 * A small vocabulary for Zendesk record schemas. Zendesk may send null for almost any field, so
 * every field is nullable and optional; objects are loose (unknown fields pass through untouched,
 * since records are emitted exactly as the API returns them).
 */
export const str = () => z.string().nullish();
export const int = () => z.number().int().nullish();
export const num = () => z.number().nullish();
export const bool = () => z.boolean().nullish();
export const dateTime = () => z.string().meta({ format: "date-time" }).nullish();
export const any = () => z.unknown().optional();
export const arr = <T extends z.ZodType>(item: T) => z.array(item).nullish();
export const obj = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape).nullish();
/** The top-level record object of a stream. */
export const record = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);
export const strings = () => z.array(z.string()).nullish();
export const ints = () => z.array(z.number().int()).nullish();
/** Zendesk sends booleans where Airbyte's schema says string (e.g. Help Center `outdated`): kept as returned. */
export const boolOrString = () => z.union([z.boolean(), z.string()]).nullish();
/** Added by this connector to Help Center and Community records. */
export const brandId = () => int().meta({ description: "Added by Calabi: the brand whose Help Center host the record was read from." });
