import type { Organization, Team, User } from "../schema/entities";

/** The short shape (`?short=true`, domain-api.md §9). */
export function userToOnCallShort(user: User): Record<string, unknown> {
  return {
    id: user.publicId,
    grafana_id: user.grafanaId,
    email: user.email,
    username: user.username,
    role: user.role,
    is_phone_number_verified: false,
  };
}

/** The full user object; `slack` is always null (Slack is out of scope). */
export function userToOnCall(user: User): Record<string, unknown> {
  return {
    id: user.publicId,
    grafana_id: user.grafanaId,
    email: user.email,
    slack: null,
    username: user.username,
    role: user.role,
    is_phone_number_verified: false,
    timezone: user.timezone,
    teams: [...(user.teams ?? [])].sort((a, b) => a.id - b.id).map((t) => t.publicId),
  };
}

export function teamToOnCall(team: Team): Record<string, unknown> {
  return { id: team.publicId, grafana_id: team.grafanaId, name: team.name, email: team.email, avatar_url: team.avatarUrl };
}

export function organizationToOnCall(organization: Organization): Record<string, unknown> {
  return { id: organization.publicId };
}
