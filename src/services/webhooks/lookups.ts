import { In, IsNull, type DataSource } from "typeorm";
import { Integration, Team } from "../../schema/entities";
import type { TemplateRenderer } from "../../templating";
import type { InputLookups } from "./read-input";

/** Team / integration look-ups scoped to one organization, and the save-time template check. */
export function organizationLookups(dataSource: DataSource, organizationId: number, renderer: TemplateRenderer): InputLookups {
  return {
    async teamId(publicId) {
      const team = await dataSource.getRepository(Team).findOne({ select: { id: true }, where: { organizationId, publicId } });
      return team?.id ?? null;
    },
    async missingIntegrations(publicIds) {
      const found = await dataSource.getRepository(Integration).find({
        select: { publicId: true },
        where: { organizationId, publicId: In(publicIds), deletedAt: IsNull() },
      });
      const known = new Set(found.map((i) => i.publicId));
      return new Set(publicIds.filter((id) => !known.has(id)));
    },
    async templateError(source) {
      return (await renderer.validate(source)) ?? null;
    },
  };
}

/** Public ids of the given teams (ids of rows on one page), for the `team` field. */
export async function teamPublicIds(dataSource: DataSource, teamIds: (number | null)[]): Promise<Map<number, string>> {
  const ids = [...new Set(teamIds.filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const teams = await dataSource.getRepository(Team).find({ select: { id: true, publicId: true }, where: { id: In(ids) } });
  return new Map(teams.map((t) => [t.id, t.publicId]));
}
