import { registerEnumType } from "type-graphql";

// GraphQL names are the enum keys; the values are what the services speak (the REST spellings), so resolvers
// pass them through unchanged.

/** Webhook trigger types (webhooks-api.md "trigger_type names"). */
export enum TriggerTypeEnum {
  ESCALATION = "escalation",
  ALERT_GROUP_CREATED = "alert group created",
  ACKNOWLEDGE = "acknowledge",
  RESOLVE = "resolve",
  SILENCE = "silence",
  UNSILENCE = "unsilence",
  UNRESOLVE = "unresolve",
  UNACKNOWLEDGE = "unacknowledge",
  STATUS_CHANGE = "status change",
  PERSONAL_NOTIFICATION = "personal notification",
}
registerEnumType(TriggerTypeEnum, { name: "TriggerType" });

export enum HttpMethodEnum {
  GET = "GET",
  POST = "POST",
  PUT = "PUT",
  DELETE = "DELETE",
  OPTIONS = "OPTIONS",
  PATCH = "PATCH",
}
registerEnumType(HttpMethodEnum, { name: "HttpMethod" });

/** Derived from the group's flags in this precedence: resolved, acknowledged, silenced, firing (domain-api.md §5.3). */
export enum AlertGroupStateEnum {
  FIRING = "firing",
  ACKNOWLEDGED = "acknowledged",
  RESOLVED = "resolved",
  SILENCED = "silenced",
}
registerEnumType(AlertGroupStateEnum, { name: "AlertGroupState" });

export enum AlertGroupDeleteMode {
  WIPE = "wipe",
  DELETE = "delete",
}
registerEnumType(AlertGroupDeleteMode, {
  name: "AlertGroupDeleteMode",
  valuesConfig: { WIPE: { description: "Keep the group, resolved, with its payloads emptied" }, DELETE: { description: "Remove the group and its alerts" } },
});

export enum DeliveryStatusEnum {
  PENDING = "pending",
  IN_FLIGHT = "in_flight",
  SUCCEEDED = "succeeded",
  FAILED = "failed",
  SKIPPED = "skipped",
}
registerEnumType(DeliveryStatusEnum, {
  name: "DeliveryStatus",
  valuesConfig: {
    PENDING: { description: "Waiting for its first attempt or a retry" },
    IN_FLIGHT: { description: "An attempt is running" },
    SKIPPED: { description: "Nothing was sent (integration filter, trigger template, webhook gone); see skipReason" },
  },
});

export enum UserRoleEnum {
  ADMIN = "admin",
  EDITOR = "editor",
  VIEWER = "viewer",
  NONE = "none",
}
registerEnumType(UserRoleEnum, { name: "UserRole" });

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortDirection, { name: "SortDirection" });

export enum NameOrderField {
  CREATED_AT = "createdAt",
  NAME = "name",
}
registerEnumType(NameOrderField, { name: "NameOrderField" });

export enum UserOrderField {
  CREATED_AT = "createdAt",
  USERNAME = "username",
}
registerEnumType(UserOrderField, { name: "UserOrderField" });

/** How one attempt left its delivery (the live feed's `DeliveryEvent.outcome`). */
export enum DeliveryOutcomeEnum {
  SUCCEEDED = "succeeded",
  RETRYING = "retrying",
  FAILED = "failed",
  SKIPPED = "skipped",
}
registerEnumType(DeliveryOutcomeEnum, {
  name: "DeliveryOutcome",
  valuesConfig: {
    SUCCEEDED: { description: "Answered below 400: the delivery is done" },
    RETRYING: { description: "Failed; another attempt is scheduled (the delivery's nextAttemptAt)" },
    FAILED: { description: "Failed for good: a final 4xx, retries exhausted, or the request could not be built" },
    SKIPPED: { description: "Nothing was sent when the delivery came up (see skipReason); no attempt" },
  },
});
