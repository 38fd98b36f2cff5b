import "reflect-metadata";

export * from "./config/index.js";
