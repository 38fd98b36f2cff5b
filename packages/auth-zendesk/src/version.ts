import { createRequire } from "node:module";

/** This package's version, read from package.json (one level above both src/ and dist/). */
export const PACKAGE_NAME = "@calabi/auth-zendesk";
export const PACKAGE_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
