import { JSONResolver } from "graphql-scalars";
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { TemplateField } from "../../attempts/render-field";
import type { TemplatePreviewResult } from "../../services/deliveries/preview";

/** GraphQL names are fixed by the contract; the values are the webhook field names. */
export enum TemplateFieldEnum {
  URL = "url",
  HEADERS = "headers",
  DATA = "data",
  TRIGGER_TEMPLATE = "trigger_template",
}
registerEnumType(TemplateFieldEnum, { name: "TemplateField" });

export enum TemplateFailureKind {
  ERROR = "ERROR",
  WARNING = "WARNING",
}
registerEnumType(TemplateFailureKind, { name: "TemplateFailureKind" });

@InputType("TemplatePreviewInput")
export class TemplatePreviewInput {
  @Field(() => TemplateFieldEnum) field!: TemplateField;
  @Field(() => String) template!: string;
  @Field(() => JSONResolver, { nullable: true, description: "A full event payload, as a delivery would see it" }) eventData?: unknown;
  @Field(() => ID, { nullable: true, description: "Build the payload from this alert group instead" }) alertGroupId?: string | null;
}

@ObjectType("TemplateFailure")
export class TemplateFailureObject {
  @Field(() => TemplateFailureKind) kind!: TemplateFailureKind;
  @Field(() => String, { description: "`Template Error: …` or `Template Warning: …`" }) message!: string;
  @Field(() => String, { description: "The text a delivery would record, e.g. `Data - Template Warning: …`" }) record!: string;
}

@ObjectType("TemplatePreview")
export class TemplatePreviewObject implements TemplatePreviewResult {
  @Field(() => String, { nullable: true }) output!: string | null;
  @Field(() => Boolean, { nullable: true, description: "Only for TRIGGER_TEMPLATE" }) triggered!: boolean | null;
  @Field(() => TemplateFailureObject, { nullable: true }) error!: TemplateFailureObject | null;
}
