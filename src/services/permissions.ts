import type { Role, User } from "../schema/entities/user.entity";

/** OnCall permission names and the minimum role that grants each (domain-api.md §2). */
export const PERMISSION_MIN_ROLE = {
  "alert-groups:read": "viewer",
  "alert-groups:write": "editor",
  "integrations:read": "viewer",
  "integrations:write": "admin",
  "escalation-chains:read": "viewer",
  "escalation-chains:write": "admin",
  "outgoing-webhooks:read": "viewer",
  "outgoing-webhooks:write": "admin",
  "user-settings:read": "viewer",
  "user-settings:write": "editor",
  "user-settings:admin": "admin",
  "other-settings:read": "viewer",
  "other-settings:write": "admin",
  "api-keys:read": "admin",
  "api-keys:write": "admin",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSION_MIN_ROLE;

const RANK: Record<Role, number> = { none: 0, viewer: 1, editor: 2, admin: 3 };
const PREFIXES = ["grafana-oncall-app.", "grafana-irm-app."];

/** Explicit RBAC permission lists win over the role; both app prefixes are synonyms. */
export function permissionsOf(user: Pick<User, "role" | "permissions">): Set<Permission> {
  const granted = new Set<Permission>();
  if (user.permissions) {
    for (const raw of user.permissions) {
      const name = PREFIXES.reduce((n, p) => (n.startsWith(p) ? n.slice(p.length) : n), raw);
      if (name in PERMISSION_MIN_ROLE) granted.add(name as Permission);
    }
    return granted;
  }
  for (const [name, minRole] of Object.entries(PERMISSION_MIN_ROLE)) {
    if (RANK[user.role] >= RANK[minRole]) granted.add(name as Permission);
  }
  return granted;
}
