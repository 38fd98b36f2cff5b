/**
 * Plan-gated endpoints: below the minimum plan they answer 403 with one of Zendesk's two refusal
 * bodies (ZENDESK-API.md §8.4, §12). Which body a real account sends per endpoint is not documented,
 * so both the minimum plan and the body are overridable with the `planGates` simulator option.
 */
import { HttpError } from "../core/http.js";
import type { Plan } from "./rate-limit.js";

export type GatedFeature = "skills_routing" | "custom_roles" | "sla_policies" | "ticket_forms" | "business_hours" | "custom_objects" | "dynamic_content";

export const REFUSAL_BODIES = {
  /** Account-level refusal (role or plan): the body Zendesk sends for most gated endpoints. */
  no_access: { error: { title: "Forbidden", message: "You do not have access to this page. Please contact the account owner of this help desk for further help." } },
  /** The same refusal in the classic envelope (Airbyte's synthetic 403 sample). */
  no_access_classic: { error: "Forbidden", description: "You do not have access to this page. Please contact the account owner of this help desk for further help." },
  /** Plan variant seen on ticket_forms, SLA policies and Talk endpoints. */
  restricted: { error: { title: "Forbidden", message: "Access to this resource is restricted. Please contact the account administrator for assistance." } },
} as const;

export interface PlanGate {
  /** Lowest plan that can read the endpoint. */
  minPlan: Plan;
  body: keyof typeof REFUSAL_BODIES;
}

export type PlanGateOverrides = Partial<Record<GatedFeature, Partial<PlanGate>>>;

export const DEFAULT_PLAN_GATES: Record<GatedFeature, PlanGate> = {
  skills_routing: { minPlan: "enterprise", body: "no_access" },
  custom_roles: { minPlan: "enterprise", body: "no_access" },
  sla_policies: { minPlan: "professional", body: "restricted" },
  ticket_forms: { minPlan: "growth", body: "restricted" },
  business_hours: { minPlan: "growth", body: "no_access" },
  /** Custom objects: Suite Team and above (and Support Enterprise). */
  custom_objects: { minPlan: "team", body: "no_access" },
  /** Dynamic content: Suite / Support Professional and above. */
  dynamic_content: { minPlan: "professional", body: "no_access" },
};

const RANK: Record<Plan, number> = { essential: 0, team: 1, growth: 2, professional: 3, enterprise: 4, enterprise_plus: 5, high_volume: 4 };

export function planAllows(plan: Plan, minPlan: Plan): boolean {
  return RANK[plan] >= RANK[minPlan];
}

/** Throws the 403 refusal when the simulator's plan is below the feature's minimum. */
/** 403 unless the simulator's plan (or its `planGates` override) allows `feature`. */
export function requireFeature(ctx: { sim: { options: { plan: Plan }; rawOptions: { planGates?: PlanGateOverrides } } }, feature: GatedFeature): void {
  const overrides = ctx.sim.rawOptions.planGates?.[feature] ?? {};
  const gate = { ...DEFAULT_PLAN_GATES[feature], ...overrides };
  if (!planAllows(ctx.sim.options.plan, gate.minPlan)) throw new HttpError(403, REFUSAL_BODIES[gate.body]);
}
