import type { ServiceContext } from "./context";
import type { Services } from "./index";

export class AlertGroupService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly services: Services,
  ) {}

  /** Unsilences every group whose silence period has passed (event `unsilence`, no user); called by the Scheduler. */
  async expireSilences(now: Date): Promise<void> {
    void now;
  }
}
