import "reflect-metadata";

export type * from "./contracts/authenticator.js";
export type * from "./contracts/budget.js";
export type * from "./contracts/clock.js";
export type * from "./contracts/destination.js";
export type * from "./contracts/destination-factory.js";
export type * from "./contracts/http.js";
export type * from "./contracts/logger.js";
export type * from "./contracts/paginator.js";
export type * from "./contracts/plugin.js";
export type * from "./contracts/source.js";
export type * from "./contracts/state.js";
export type * from "./contracts/stream.js";
export type * from "./protocol/messages.js";
export * from "./protocol/builders.js";
export * from "./errors.js";
export * from "./tokens.js";
export * from "./util/redactor.js";
