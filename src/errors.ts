/**
 * Errors the services throw. Each surface maps them once: rest/error-handler.ts (OnCall bodies) and
 * schema/format-error.ts (GraphQL extensions).
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** The JSON body OnCall's REST API answers with. */
  abstract body(): unknown;
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
  }
}

/** `{"detail": "..."}` with any status: auth, permission, not found, business rule violations. */
export class DetailError extends AppError {
  readonly code: string;
  constructor(readonly status: number, readonly detail: string, code?: string) {
    super(detail);
    this.code = code ?? (status === 400 ? "BAD_USER_INPUT" : `HTTP_${status}`);
  }
  body() {
    return { detail: this.detail };
  }
}

export class NotFoundError extends DetailError {
  constructor() {
    super(404, "Not found.", "NOT_FOUND");
  }
}

export class AuthenticationError extends DetailError {
  constructor(detail = "Invalid token.") {
    super(401, detail, "UNAUTHENTICATED");
  }
}

export class PermissionError extends DetailError {
  constructor(detail = "You do not have permission to perform this action.") {
    super(403, detail, "FORBIDDEN");
  }
}

/** Field errors, DRF style: `{"name": ["This field is required."], "non_field_errors": [...]}`. */
export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = "BAD_USER_INPUT";
  constructor(readonly fields: Record<string, string[]>) {
    super(Object.entries(fields).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; "));
  }
  body() {
    return this.fields;
  }
}

/** A 4xx whose body is not one of the shapes above (a bare JSON string, a string-valued field). */
export class RawBodyError extends AppError {
  readonly code = "BAD_USER_INPUT";
  constructor(readonly status: number, private readonly payload: unknown) {
    super(typeof payload === "string" ? payload : JSON.stringify(payload));
  }
  body() {
    return this.payload;
  }
}

/** Collects field errors so several can be reported in one 400. */
export class FieldErrors {
  private readonly errors: Record<string, string[]> = {};
  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }
  has(field?: string): boolean {
    return field ? field in this.errors : Object.keys(this.errors).length > 0;
  }
  throwIfAny(): void {
    if (this.has()) throw new ValidationError(this.errors);
  }
}
