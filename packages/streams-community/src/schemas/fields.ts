import { z } from "zod";

/** Field vocabulary of Community records: nullable, optional, loose objects (records pass through as returned). */
export const str = () => z.string().nullish();
export const int = () => z.number().int().nullish();
/** Airbyte types some Community ids as `number`: kept as the integers Zendesk sends. */
export const num = () => z.number().nullish();
export const bool = () => z.boolean().nullish();
export const dateTime = () => z.string().meta({ format: "date-time" }).nullish();
export const record = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);
export const brandId = () => int().meta({ description: "Added by Calabi: the brand whose Help Center host the record was read from." });
