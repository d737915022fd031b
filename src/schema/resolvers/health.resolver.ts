import { Ctx, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";

@ObjectType("Viewer")
class Viewer {
  @Field(() => ID) id!: string;
  @Field() username!: string;
  @Field() role!: string;
  @Field(() => ID) organizationId!: string;
}

@Resolver()
export class HealthResolver {
  /** The caller: a cheap authenticated round trip for clients checking their token. */
  @Query(() => Viewer)
  viewer(@Ctx() { actor }: GraphQLContext): Viewer {
    return { id: actor.user.publicId, username: actor.user.username, role: actor.user.role, organizationId: actor.organization.publicId };
  }
}
