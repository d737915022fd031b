import type { EntityManager, EntityTarget } from "typeorm";
import { DetailError, ValidationError } from "../errors";
import { Integration } from "../schema/entities";
import { ID_PREFIX, newPublicId, type IdKind } from "../schema/public-id";
import { newInboundToken } from "./integrations/integration-types";

/**
 * The ids an object keeps when `outhook import-oncall` creates it: OnCall's public id, so Terraform state and
 * scripts keep working. Creates accept them as an optional last argument; every other rule runs as usual.
 */
export interface KeptIds {
  publicId: string;
}

/** Users and teams also keep Grafana's numeric id when it is free here (else they get the next free one). */
export interface KeptGrafanaIds extends KeptIds {
  grafanaId?: number;
}

/** An integration keeps its default route's id and its inbound token: monitoring systems only change the host. */
export interface KeptIntegrationIds extends KeptIds {
  routePublicId: string;
  token: string;
}

/** A webhook keeps its OnCall UI preset, which the API cannot set (webhooks-api.md "Presets"). */
export interface KeptWebhookIds extends KeptIds {
  preset: string | null;
}

/** OnCall's alphabet (no O, no 0); 12 characters after the prefix, more after one of its rare collisions. */
const ID_BODY = /^[A-NP-Z1-9]{12,}$/;
/** Every public id column holds 16 characters. */
const MAX_ID_LENGTH = 16;
/** OnCall's tokens are 25 letters and digits; anything that fits a path segment and our column is kept. */
const TOKEN = /^[A-Za-z0-9_-]{8,32}$/;

export const idTaken = (id: string) => new DetailError(409, `The id ${id} is already taken.`, "CONFLICT");

/** A new public id, or the kept one once it is well-formed and free in every organization (deleted rows included). */
export async function publicIdFor<T extends { publicId: string }>(
  em: EntityManager, entity: EntityTarget<T>, kind: IdKind, kept: string | undefined,
): Promise<string> {
  if (kept === undefined) return newPublicId(kind);
  const prefix = ID_PREFIX[kind];
  if (!kept.startsWith(prefix) || kept.length > MAX_ID_LENGTH || !ID_BODY.test(kept.slice(prefix.length))) {
    throw new ValidationError({ id: [`"${kept}" is not a valid ${kind} id.`] });
  }
  if (await em.getRepository(entity).existsBy({ publicId: kept } as never)) throw idTaken(kept);
  return kept;
}

/** A new inbound token, or the kept one. Tokens are never reused, so one a deleted integration had is taken too. */
export async function inboundTokenFor(em: EntityManager, kept: string | undefined): Promise<string> {
  if (kept === undefined) return newInboundToken();
  if (!TOKEN.test(kept)) throw new ValidationError({ token: ["Not a valid inbound token (8 to 32 letters, digits, - or _)."] });
  if (await em.getRepository(Integration).existsBy({ token: kept })) {
    throw new DetailError(409, "This inbound token is already used by another integration.", "CONFLICT");
  }
  return kept;
}
