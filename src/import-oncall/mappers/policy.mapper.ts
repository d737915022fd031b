import { EscalationPolicy } from "../../schema/entities";
import { policyToOnCall } from "../../rest/escalation.shape";
import { IMPORTANT_TYPES, isStepType, REFUSED_STEP_TYPES, TYPE_FIELDS } from "../../services/escalation/step-types";
import { EVERYTHING, type KindMapper, type MapContext, reference, references, type Shape } from "../mapper";
import type { OnCallObject } from "../oncall-client";

/**
 * Escalation policies (domain-api.md §8), written in the order of their chain's positions so each lands on its
 * own position (gaps kept). Steps outhook lacks are reported; a step naming a schedule or a Slack user group is
 * kept, without it: outhook runs it as a failing step, as it runs such steps created through its API.
 */
export const policyMapper: KindMapper = {
  kind: "escalation_policy",
  entity: EscalationPolicy,

  async load({ services, actor }) {
    const { items } = await services.escalation.policies.list(actor, {}, EVERYTHING);
    return items.map(policyToOnCall);
  },

  unordered: ["persons_to_notify", "persons_to_notify_next_each_time"],

  label: (source) => `${String(source.type)} at position ${String(source.position)} of ${String(source.escalation_chain_id)}`,

  unsupported(source) {
    const type = String(source.type);
    if (type === "notify_whole_channel") return "Slack-only step (notify_whole_channel)";
    if (type === "declare_incident") return "Grafana Incident step (declare_incident)";
    if (type in REFUSED_STEP_TYPES || !isStepType(type)) return `step type ${type}`;
    return null;
  },

  skipped(source, ctx) {
    const chain = source.escalation_chain_id;
    return typeof chain === "string" && ctx.has("escalation_chain", chain) ? null : `its escalation chain ${String(chain)} was not imported`;
  },

  // A policy never moves to another chain.
  fixed: (source) => ({ escalation_chain_id: source.escalation_chain_id }),

  desired(source, ctx) {
    const notes: string[] = [];
    const type = source.type as keyof typeof TYPE_FIELDS;
    const fields: Shape = { position: source.position, type };
    if (IMPORTANT_TYPES.has(type)) fields.important = source.important ?? false;
    for (const field of TYPE_FIELDS[type]) fields[field] = typeField(source, field, ctx, notes);
    return { fields, notes };
  },

  async create({ services, actor }, source, { fields }) {
    const input = { escalation_chain_id: source.escalation_chain_id, manual_order: true, ...fields };
    await services.escalation.policies.create(actor, input, { publicId: source.id });
  },

  // manual_order swaps with the occupant of a position: policies already placed in this run never shift.
  async update({ services, actor }, source, { fields }) {
    await services.escalation.policies.update(actor, source.id, { manual_order: true, ...fields });
  },
};

function typeField(source: OnCallObject, field: string, ctx: MapContext, notes: string[]): unknown {
  const value = source[field] ?? null;
  switch (field) {
    case "persons_to_notify":
    case "persons_to_notify_next_each_time":
      return references(ctx, "user", value, notes, "user");
    case "team_to_notify":
      return reference(ctx, "team", value, notes, "team");
    case "action_to_trigger":
      return reference(ctx, "webhook", value, notes, "webhook");
    case "notify_on_call_from_schedule":
    case "group_to_notify":
      if (value !== null) {
        const what = field === "group_to_notify" ? "Slack user group" : "schedule";
        notes.push(`${what} ${String(value)} is out of scope: imported without it, the step fails when it runs`);
      }
      return null;
    default:
      return value;
  }
}
