import type { Command } from "commander";

export function registerToken(program: Command): void {
  const token = program.command("token").description("work with API tokens (through the same rules as the GraphQL token mutations)");
  const work = () => require("../tokens") as typeof import("../tokens");
  token
    .command("create")
    .description("issue an API token for a user; prints its secret on stdout, this once only")
    .requiredOption("--user <user>", "the user: an id (U…) or a username")
    .requiredOption("--name <name>", "what the token is for (shown in lists)")
    .addHelpText("after", "\nOnly a hash of the secret is stored: keep the printed secret, it cannot be shown again.\nA user may hold at most 5 live tokens.")
    .action((options: { user: string; name: string }) => work().createToken(options));
  token
    .command("list")
    .description("list API tokens (revoked ones too) with id, name, user and times; never a secret")
    .option("--user <user>", "only this user's tokens: an id (U…) or a username")
    .action((options: { user?: string }) => work().listTokens(options));
  token
    .command("revoke")
    .description("revoke an API token: it answers 401 from the next request on")
    .argument("<id>", "the token's numeric id (see `outhook token list`)")
    .action((id: string) => work().revokeToken(id));
}
