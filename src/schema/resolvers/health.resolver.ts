import { Ctx, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { UserRoleEnum } from "./enums";

@ObjectType("Viewer")
class Viewer {
  @Field(() => ID) id!: string;
  @Field() username!: string;
  @Field(() => UserRoleEnum) role!: UserRoleEnum;
  @Field(() => ID) organizationId!: string;
}

@ObjectType("Organization")
class OrganizationObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@Resolver()
export class HealthResolver {
  /** The caller: a cheap authenticated round trip for clients checking their token. */
  @Query(() => Viewer)
  viewer(@Ctx() { actor }: GraphQLContext): Viewer {
    return { id: actor.user.publicId, username: actor.user.username, role: actor.user.role as UserRoleEnum, organizationId: actor.organization.publicId };
  }

  @Query(() => OrganizationObject, { description: "The token's organization (REST `/api/v1/organizations/{id}/`)" })
  organization(@Ctx() { actor, services }: GraphQLContext): OrganizationObject {
    const organization = services.users.organization(actor);
    return { id: organization.publicId, name: organization.name };
  }
}
