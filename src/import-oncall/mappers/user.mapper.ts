import { User } from "../../schema/entities";
import { userToOnCall } from "../../rest/user.shape";
import { isValidTimezone, type UserInput } from "../../services/users/user-input";
import { EVERYTHING, type KindMapper, references, text } from "../mapper";
import { keptGrafanaId } from "./team.mapper";

/**
 * Users (domain-api.md §9): username, email, role, time zone and teams. They come without API tokens: OnCall
 * never shows them, so the report says how to create new ones.
 */
export const userMapper: KindMapper = {
  kind: "user",
  entity: User,

  async load({ services, actor }) {
    return (await services.users.list(actor, {}, EVERYTHING)).items.map(userToOnCall);
  },

  label: (source) => String(source.username ?? ""),

  unordered: ["teams"],

  // Usernames are unique per organization, case-insensitively.
  uniqueKey: (fields) => String(fields.username).toLowerCase(),

  desired(source, ctx) {
    const notes: string[] = [];
    let timezone = text(source.timezone) || null;
    if (timezone !== null && !isValidTimezone(timezone)) {
      notes.push(`time zone "${timezone}" is unknown here: left empty`);
      timezone = null;
    }
    return {
      fields: {
        username: text(source.username),
        email: text(source.email) ?? "",
        role: source.role,
        timezone,
        teams: references(ctx, "team", source.teams, notes, "team"),
      },
      notes,
      grafanaId: keptGrafanaId(source.grafana_id, ctx.current, ctx.grafanaIdTaken, notes),
    };
  },

  async create({ services, actor }, source, { fields, grafanaId }) {
    await services.users.create(actor, userInput(fields), { publicId: source.id, grafanaId });
  },

  async update({ services, actor }, source, { fields }) {
    await services.users.update(actor, source.id, userInput(fields));
  },
};

function userInput(fields: Record<string, unknown>): UserInput {
  return {
    username: fields.username as string | null,
    email: fields.email as string,
    role: typeof fields.role === "string" ? fields.role : null,
    timezone: fields.timezone as string | null,
    teams: fields.teams as string[],
  };
}
