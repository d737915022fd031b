import { EscalationChain } from "../../schema/entities";
import { chainToOnCall } from "../../rest/escalation.shape";
import { EVERYTHING, type KindMapper, reference, text } from "../mapper";

/** Escalation chains (domain-api.md §7): a name, unique in the organization, and a team. */
export const chainMapper: KindMapper = {
  kind: "escalation_chain",
  entity: EscalationChain,

  async load({ services, actor }) {
    return (await services.escalation.chains.list(actor, {}, EVERYTHING)).items.map(chainToOnCall);
  },

  label: (source) => String(source.name ?? ""),

  uniqueKey: (fields) => String(fields.name),

  desired(source, ctx) {
    const notes: string[] = [];
    return { fields: { name: text(source.name), team_id: reference(ctx, "team", source.team_id, notes, "team") }, notes };
  },

  async create({ services, actor }, source, { fields }) {
    await services.escalation.chains.create(actor, fields, { publicId: source.id });
  },

  async update({ services, actor }, source, { fields }) {
    await services.escalation.chains.update(actor, source.id, fields, true);
  },
};
