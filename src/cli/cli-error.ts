/** A refusal the command explains itself: printed as is (`outhook: …`), exit status 1, no stack trace. */
export class CliError extends Error {}
