import { type ClassType, Field, Int, ObjectType } from "type-graphql";

/** The page every GraphQL list returns (page-number paging, as the REST lists). */
export function PageOf<T extends object>(item: ClassType<T>) {
  @ObjectType()
  abstract class Page {
    @Field(() => Int) totalCount!: number;
    @Field(() => Int) page!: number;
    @Field(() => Int) perpage!: number;
    @Field(() => Int) totalPages!: number;
    @Field(() => [item]) nodes!: T[];
  }
  return Page;
}
