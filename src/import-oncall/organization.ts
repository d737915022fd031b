import type { DataSource } from "typeorm";
import { AppError } from "../errors";
import { Organization, User } from "../schema/entities";
import { newPublicId } from "../schema/public-id";
import type { Actor } from "../services/actor";
import { publicIdFor } from "../services/kept-ids";
import { permissionsOf } from "../services/permissions";

export class ImportError extends Error {}

/**
 * The organization to import into: the one with OnCall's id (an earlier import made it), else the first one,
 * which BOOTSTRAP_API_TOKEN also uses; null when the database has none yet.
 */
export async function findOrganization(dataSource: DataSource, oncallId: string | null): Promise<Organization | null> {
  const repo = dataSource.getRepository(Organization);
  if (oncallId) {
    const match = await repo.findOneBy({ publicId: oncallId });
    if (match) return match;
  }
  return repo.findOne({ where: {}, order: { id: "ASC" } });
}

/** A fresh database gets OnCall's organization, under OnCall's id when the source told it. */
export async function createOrganization(dataSource: DataSource, oncallId: string | null): Promise<Organization> {
  return dataSource.transaction(async (em) => {
    let publicId: string;
    try {
      publicId = await publicIdFor(em, Organization, "organization", oncallId ?? undefined);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      publicId = newPublicId("organization"); // OnCall's id does not fit ours: the id of an organization is never asked for
    }
    return em.getRepository(Organization).save({ publicId, name: "outhook" });
  });
}

/**
 * The importer acts for the whole organization with every permission. Its user is a stand-in that is never
 * stored: imported objects name no owner (OnCall does not reveal one), and nothing is done in a user's name.
 */
export function importActor(organization: Organization): Actor {
  const user = Object.assign(new User(), {
    id: 0, publicId: "", organizationId: organization.id, username: "import-oncall", role: "admin", permissions: null, teams: [],
  });
  return { organization, user, permissions: permissionsOf(user) };
}
