import { AppError } from "../../errors";

/** An inbound refusal OnCall answers as `text/plain` (inbound.md §2): unknown token, wrong type, files, empty body. */
export class InboundRejection extends AppError {
  readonly code = "INBOUND_REJECTED";
  constructor(readonly status: number, readonly text: string) {
    super(text);
  }
  body() {
    return this.text;
  }
}
