export { createRateBudget, type RateBudget, type RateBudgetOptions, type RateClassSnapshot } from "./rate-budget.js";
export { readLimitHeaders, type ObservedLimit } from "./headers.js";
