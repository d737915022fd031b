import { Team } from "../../schema/entities";
import { teamToOnCall } from "../../rest/user.shape";
import { EVERYTHING, type KindMapper, text } from "../mapper";

/** Teams (domain-api.md §10): name, email and avatar; Grafana's numeric id is kept when it is free here. */
export const teamMapper: KindMapper = {
  kind: "team",
  entity: Team,

  async load({ services, actor }) {
    return (await services.teams.list(actor, {}, EVERYTHING)).items.map(teamToOnCall);
  },

  label: (source) => String(source.name ?? ""),

  uniqueKey: (fields) => String(fields.name),

  desired(source, ctx) {
    const notes: string[] = [];
    const grafanaId = keptGrafanaId(source.grafana_id, ctx.current, ctx.grafanaIdTaken, notes);
    return {
      fields: { name: text(source.name), email: text(source.email) || null, avatar_url: text(source.avatar_url) ?? "" },
      notes,
      grafanaId,
    };
  },

  async create({ services, actor }, source, { fields, grafanaId }) {
    await services.teams.create(actor, teamInput(fields), { publicId: source.id, grafanaId });
  },

  async update({ services, actor }, source, { fields }) {
    await services.teams.update(actor, source.id, teamInput(fields));
  },
};

const teamInput = (fields: Record<string, unknown>) => ({
  name: fields.name as string | null,
  email: fields.email as string | null,
  avatarUrl: fields.avatar_url as string,
});

/** Grafana's id when it is free (only asked on create); a note when the object gets another one. */
export function keptGrafanaId(
  wanted: unknown, current: unknown, taken: (id: unknown) => boolean, notes: string[],
): number | undefined {
  if (current || typeof wanted !== "number") return undefined;
  if (!taken(wanted)) return wanted;
  notes.push(`grafana_id ${wanted} is taken in outhook: it gets the next free one`);
  return undefined;
}
