import { z } from "zod";

/**
 * Field vocabulary of Help Center records: every field nullable and optional, objects loose
 * (records are emitted as the API returns them, plus the connector's documented additions).
 */
export const str = () => z.string().nullish();
export const int = () => z.number().int().nullish();
export const bool = () => z.boolean().nullish();
export const dateTime = () => z.string().meta({ format: "date-time" }).nullish();
export const strings = () => z.array(z.string()).nullish();
export const ints = () => z.array(z.number().int()).nullish();
/** Zendesk sends booleans where Airbyte's schema says string (`outdated`): kept as returned. */
export const boolOrString = () => z.union([z.boolean(), z.string()]).nullish();
export const record = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);

/** Added by this connector: the brand whose Help Center the record was read from. */
export const brandId = () => int().meta({ description: "Added by Calabi: the brand whose Help Center host the record was read from." });
