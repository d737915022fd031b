import { DateTimeISOResolver } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { ApiTokenView } from "../../services/token.service";
import { ConnectionOf } from "./connection.types";

/** An API token without its secret (only a hash is stored). */
@ObjectType("ApiToken")
export class ApiTokenObject {
  @Field(() => ID, { description: "Pass to revokeApiToken" }) id!: string;
  @Field() name!: string;
  @Field(() => ID) userId!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Set once revoked: the token answers 401 from then on" })
  revokedAt!: Date | null;
  /** For the nested user; not exposed. */
  userRowId!: number;
}

export function apiTokenObject(view: ApiTokenView): ApiTokenObject {
  return { id: view.id, name: view.name, userId: view.userPublicId, createdAt: view.createdAt, revokedAt: view.revokedAt, userRowId: view.userId };
}

@ObjectType("CreateApiTokenPayload")
export class CreateApiTokenPayload {
  @Field(() => ApiTokenObject) apiToken!: ApiTokenObject;
  @Field({ description: "The token itself: shown only this once, use it as `Authorization: <token>`" }) token!: string;
}

@InputType("ApiTokenFilter")
export class ApiTokenFilterInput {
  @Field(() => ID, { nullable: true }) userId?: string | null;
  @Field(() => Boolean, { nullable: true, description: "false hides revoked tokens; they are listed by default" }) includeRevoked?: boolean | null;
}

@ObjectType("ApiTokenConnection")
export class ApiTokenConnection extends ConnectionOf(ApiTokenObject, "ApiToken") {}
