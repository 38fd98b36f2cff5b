export { estimateRunTime, type ClassWindow, type TimeEstimate, type TimeEstimateInput, type WorkBatch, type WorkUnit } from "./estimate-time.js";
export { planSync, type ClassPlan, type PlanSyncOptions, type StreamPlan, type SyncPlan } from "./plan-sync.js";
export { pagesFor, readFirstPage, sizeFromFirstPage, densityOverTime, sizeOverTime, type FirstPage, type TimeDensity, type ListSize } from "./probe.js";
export { parentEstimate, planSubstream, type SubstreamPlanDefinition } from "./substream-plan.js";
