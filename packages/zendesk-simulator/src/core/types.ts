/** The JSON values records are made of: every generator, store and handler shares these types. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };
