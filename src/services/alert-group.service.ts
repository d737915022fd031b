import { In, IsNull, LessThanOrEqual, Not, type EntityManager } from "typeorm";
import { idsForIn } from "../db/sql";
import { NotFoundError } from "../errors";
import { JsonText } from "../json/json-text";
import { Alert, AlertGroup } from "../schema/entities";
import { assertCan, type Actor } from "./actor";
import { applyAction } from "./alert-groups/apply-action";
import { buildAlertGroupViews, type AlertGroupView, type AlertView } from "./alert-groups/alert-group-view";
import { parseDeleteMode } from "./alert-groups/delete-mode";
import { applyAlertGroupFilters, type AlertGroupFilters } from "./alert-groups/list-filters";
import { loadGroupForUpdate } from "./alert-groups/locking";
import { parseSilenceDelay } from "./alert-groups/silence-delay";
import { assertActionAllowed, markResolved, type AlertGroupAction } from "./alert-groups/transitions";
import type { AppContext } from "../context";
import type { Services } from ".";
import type { PageWindow } from "./integration.service";
import { listAlerts, listAlertsByCursor, type AlertFilters } from "./alert-groups/list-alerts";
import { orderingOf } from "./paging/cursor";
import { mapConnection, pageByCursor, type Connection, type CursorRequest } from "./paging/cursor-page";

export type { AlertGroupFilters } from "./alert-groups/list-filters";
export type { AlertFilters } from "./alert-groups/list-alerts";
export type { AlertGroupView, AlertView } from "./alert-groups/alert-group-view";

const EXPIRY_BATCH = 100;

/** Alert groups (domain-api.md §5–6): reading, the six actions, wipe/delete, silence expiry. */
export class AlertGroupService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** Newest first. */
  async list(actor: Actor, filters: AlertGroupFilters, window: PageWindow): Promise<{ total: number; items: AlertGroupView[] }> {
    assertCan(actor, "alert-groups:read");
    const em = this.ctx.dataSource.manager;
    const qb = em.getRepository(AlertGroup).createQueryBuilder("g").where("g.organizationId = :org", { org: actor.organization.id });
    const matches = await applyAlertGroupFilters(qb, em, actor, filters);
    const total = matches ? await qb.getCount() : 0;
    const { offset, limit } = window(total);
    const rows = matches ? await qb.orderBy("g.createdAt", "DESC").addOrderBy("g.id", "DESC").skip(offset).take(limit).getMany() : [];
    return { total, items: await buildAlertGroupViews(em, this.ctx.config, rows) };
  }

  /** The same list by keyset cursor (GraphQL), newest or oldest first. */
  async listByCursor(actor: Actor, filters: AlertGroupFilters, request: CursorRequest, newestFirst: boolean): Promise<Connection<AlertGroupView>> {
    assertCan(actor, "alert-groups:read");
    const em = this.ctx.dataSource.manager;
    const qb = em.getRepository(AlertGroup).createQueryBuilder("g").where("g.organizationId = :org", { org: actor.organization.id });
    // A filter that can match nothing still pages (empty) through the same code.
    if (!(await applyAlertGroupFilters(qb, em, actor, filters))) qb.andWhere("1 = 0");
    const ordering = orderingOf<AlertGroup>("g", newestFirst, { property: "createdAt", type: "date", of: (g) => g.createdAt });
    return mapConnection(await pageByCursor(qb, ordering, request), (rows) => buildAlertGroupViews(em, this.ctx.config, rows));
  }

  /** Groups by internal id (a delivery's group); one query per related table. */
  async byIds(actor: Actor, ids: readonly number[]): Promise<Map<number, AlertGroupView>> {
    assertCan(actor, "alert-groups:read");
    if (ids.length === 0) return new Map();
    const em = this.ctx.dataSource.manager;
    const rows = await em.getRepository(AlertGroup).findBy({ organizationId: actor.organization.id, id: In(idsForIn(ids)) });
    const views = await buildAlertGroupViews(em, this.ctx.config, rows);
    return new Map(rows.map((row, i) => [row.id, views[i]]));
  }

  async get(actor: Actor, publicId: string): Promise<AlertGroupView> {
    assertCan(actor, "alert-groups:read");
    return this.view(this.ctx.dataSource.manager, await this.findForActor(actor, publicId));
  }

  /** The actor's organization's group, or 404 (another organization's group is as unknown as a wrong id). No permission check. */
  async findForActor(actor: Actor, publicId: string): Promise<AlertGroup> {
    const group = await this.ctx.dataSource.getRepository(AlertGroup).findOneBy({ organizationId: actor.organization.id, publicId });
    if (!group) throw new NotFoundError();
    return group;
  }

  acknowledge(actor: Actor, publicId: string) {
    return this.act(actor, publicId, "acknowledge");
  }
  unacknowledge(actor: Actor, publicId: string) {
    return this.act(actor, publicId, "unacknowledge");
  }
  resolve(actor: Actor, publicId: string) {
    return this.act(actor, publicId, "resolve");
  }
  unresolve(actor: Actor, publicId: string) {
    return this.act(actor, publicId, "unresolve");
  }
  unsilence(actor: Actor, publicId: string) {
    return this.act(actor, publicId, "unsilence");
  }
  /** `delay`: seconds as sent (number or integer string); -1 and 0 mean forever. */
  silence(actor: Actor, publicId: string, delay: unknown) {
    return this.act(actor, publicId, "silence", delay);
  }

  /** Wipe (default) keeps the group, resolved, with its payloads emptied; delete removes it. Neither fires a webhook. */
  async remove(actor: Actor, publicId: string, body: unknown): Promise<void> {
    assertCan(actor, "alert-groups:write");
    const found = await this.findForActor(actor, publicId);
    const mode = parseDeleteMode(body);
    await this.ctx.dataSource.transaction(async (em) => {
      const group = await loadGroupForUpdate(em, found.id);
      if (!group) return;
      if (mode === "delete") {
        // Its alerts, events, deliveries, records and notifications go with it (ON DELETE CASCADE).
        await em.getRepository(AlertGroup).delete({ id: group.id });
        return;
      }
      if (group.isWiped) return;
      if (!group.resolvedAt) markResolved(group, null, new Date());
      group.openKey = null;
      group.isWiped = true;
      group.title = null;
      group.autoResolveDueAt = null;
      this.services.escalation.halt(group);
      await em.getRepository(AlertGroup).save(group);
      await em.getRepository(Alert).update({ alertGroupId: group.id }, { payload: new JsonText("{}") });
    });
  }

  async listAlerts(actor: Actor, filters: AlertFilters, window: PageWindow): Promise<{ total: number; items: AlertView[] }> {
    assertCan(actor, "alert-groups:read");
    return listAlerts(this.ctx.dataSource.manager, actor, filters, window);
  }

  /** Alerts by keyset cursor (GraphQL), newest or oldest first. */
  async listAlertsByCursor(actor: Actor, filters: AlertFilters, request: CursorRequest, newestFirst: boolean): Promise<Connection<AlertView>> {
    assertCan(actor, "alert-groups:read");
    return listAlertsByCursor(this.ctx.dataSource.manager, actor, filters, request, newestFirst);
  }

  /** Unsilences every group whose silence period has passed (event `unsilence`, no user); called by the Scheduler. */
  async expireSilences(now: Date): Promise<void> {
    const due = await this.ctx.dataSource.getRepository(AlertGroup).find({
      select: { id: true },
      where: { silencedUntil: LessThanOrEqual(now), silencedAt: Not(IsNull()), acknowledgedAt: IsNull(), resolvedAt: IsNull() },
      order: { silencedUntil: "ASC" },
      take: EXPIRY_BATCH,
    });
    if (due.length === 0) return;
    for (const { id } of due) {
      await this.ctx.dataSource.transaction(async (em) => {
        const group = await loadGroupForUpdate(em, id);
        // Re-checked under the lock: an API action may have won the race since the scan.
        if (!group?.silencedAt || !group.silencedUntil || group.silencedUntil > now || group.acknowledgedAt || group.resolvedAt) return;
        await applyAction(this.actionContext(em, null, now), group, "unsilence");
      });
    }
    this.ctx.wakeDelivery();
  }

  /**
   * The `resolve` escalation step: resolved with no user, `resolve` event, in the caller's transaction (the
   * caller holds the group and wakes delivery after commit). A group already resolved is left alone.
   */
  async resolveByEscalation(em: EntityManager, group: AlertGroup): Promise<void> {
    if (group.resolvedAt) return;
    await applyAction(this.actionContext(em, null, new Date()), group, "resolve");
  }

  /** Source signals (inbound.md §3 step 7): acknowledge or resolve with no user, only if not already so. */
  async applySourceSignal(em: EntityManager, group: AlertGroup, action: "acknowledge" | "resolve", now: Date): Promise<void> {
    if (action === "acknowledge" && (group.acknowledgedAt || group.resolvedAt)) return;
    if (action === "resolve" && group.resolvedAt) return;
    await applyAction(this.actionContext(em, null, now), group, action);
  }

  async views(em: EntityManager, groups: AlertGroup[]): Promise<AlertGroupView[]> {
    return buildAlertGroupViews(em, this.ctx.config, groups);
  }

  private async view(em: EntityManager, group: AlertGroup): Promise<AlertGroupView> {
    const [view] = await buildAlertGroupViews(em, this.ctx.config, [group]);
    return view;
  }

  /** Lookup (404) → preconditions (400) → change + event in one transaction → wake delivery after commit. */
  private async act(actor: Actor, publicId: string, action: AlertGroupAction, delay?: unknown): Promise<AlertGroupView> {
    assertCan(actor, "alert-groups:write");
    const found = await this.findForActor(actor, publicId);
    const group = await this.ctx.dataSource.transaction(async (em) => {
      const now = new Date();
      const locked = await loadGroupForUpdate(em, found.id);
      if (!locked) throw new NotFoundError(); // deleted meanwhile
      const delaySeconds = action === "silence" ? parseSilenceDelay(delay, now) : undefined;
      // Unresolving a wiped group answers 200 and changes nothing (domain-api.md §5.3).
      if (action === "unresolve" && locked.isWiped) return locked;
      assertActionAllowed(locked, action);
      await applyAction({ ...this.actionContext(em, actor.user.id, now), delaySeconds }, locked, action);
      return locked;
    });
    this.ctx.wakeDelivery();
    return this.view(this.ctx.dataSource.manager, group);
  }

  private actionContext(em: EntityManager, userId: number | null, now: Date) {
    return { em, escalation: this.services.escalation, userId, now };
  }
}
