import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { companyEventTypes } from '../../domain/company-events.ts';
import { permissions } from '../../domain/permissions.ts';
import type { WorkflowContext } from '../../workflows/context.ts';
import {
  companyEventTail,
  eventPageSize,
  idFloor,
  lateEventWindowMs,
  type TailedEvent,
} from '../../workflows/notify/company-event-tail.ts';
import { CompanyEventFeeds } from '../company-event-feeds.ts';
import type { LiveStreams } from '../live-streams.ts';
import { actorAndCompany, authenticate, sessionCookie } from '../plugins/access.ts';
import { CompanyParams, problemResponses } from '../schemas.ts';

/** How often the process's feed reads new events (once per process, however many streams and companies). */
const pollMs = 250;
/** How often a stream sees whether a keep-alive or a re-check of its caller is due. */
const checkEveryMs = 1_000;
/**
 * What a project reader without ERP access may follow: the request events, whose subjects are project-side
 * records they read anyway (A10). Sync runs are the ERP side's.
 */
const requestEventTypes = companyEventTypes.filter((type) => type.startsWith('request.'));
const heartbeatMs = 15_000;

/** One Server-Sent Event: `event`, `data` (one line of JSON) and `id` (what `Last-Event-ID` resumes from). */
const frame = (event: TailedEvent) =>
  `event: ${event.type}\ndata: ${JSON.stringify({ id: event.id, type: event.type, at: event.at, data: event.data })}\nid: ${event.id}\n\n`;

/**
 * `GET /companies/{c}/events`: the company's request and sync events as Server-Sent Events, for live
 * screens. A process's streams share one tail of the `company_events` table (read every ~250 ms), so it
 * works behind any number of server processes; `Last-Event-ID` resumes after that event.
 */
export const eventRoutes: FastifyPluginAsyncTypebox<{
  ctx: WorkflowContext;
  streams: LiveStreams;
  /** How often a stream checks that its session or token still works and still allows it (60 s). */
  recheckMs?: number;
}> = async (app, { ctx, streams, recheckMs = 60_000 }) => {
  const feeds = new CompanyEventFeeds(ctx.database.db, pollMs, (error) =>
    app.log.warn({ err: error }, 'live events: a poll failed; trying again'),
  );
  // Open streams would hold the server's close forever: end them first.
  app.addHook('preClose', async () => {
    streams.endAll();
    feeds.close();
  });

  app.get(
    '/companies/:c/events',
    {
      config: { access: 'viewCompanyEvents' },
      schema: {
        tags: ['events'],
        operationId: 'streamCompanyEvents',
        summary:
          'Live events (text/event-stream): request.sent, request.accepted, request.rejected, request.synced, request.failed, request.retrieved, sync.finished',
        description:
          'Each event has `event: <type>`, `data: {"id","type","at","data"}` and `id: <event id>`. Send `Last-Event-ID` to resume after an event. `follow=false` answers the events after `Last-Event-ID` and ends (for clients that poll). Users with ERP read_only or more get every event; users with project read_only alone get the request.* events (their subjects are project-side records) and no sync.finished.',
        params: CompanyParams,
        querystring: Type.Object(
          { follow: Type.Optional(Type.Boolean({ default: true })) },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description:
              'Server-Sent Events, one frame per event (with follow=false: those after Last-Event-ID)',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const lastEventId = request.headers['last-event-id'];
      const { actor, companyId } = actorAndCompany(request);
      const seesErpSide = permissions.viewErpQueue(actor, companyId);
      const types = seesErpSide ? undefined : requestEventTypes;
      // What the stream missed since Last-Event-ID (or, without follow, all it answers).
      const missed =
        typeof lastEventId === 'string' || request.query.follow === false
          ? await companyEventTail(ctx.database.db, {
              companyId,
              after: typeof lastEventId === 'string' ? lastEventId : undefined,
              ...(types && { types }),
            })
          : undefined;
      const follow = request.query.follow !== false;
      const session = request.headers.authorization ? undefined : request.cookies[sessionCookie];
      let end = () => {};
      const forget = follow ? streams.open(actor.userId, session, () => end()) : () => {};
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        ...(follow && { connection: 'keep-alive' }),
      });
      if (!follow) {
        raw.end((await missed!.poll()).map(frame).join(''));
        return;
      }
      raw.write(`retry: 2000\n\n`);

      let closed = false;
      let lastWrite = Date.now();
      let lastCheck = Date.now();
      let checking = false;
      // The feed brings every event of the company; a project reader's stream passes on its own types only.
      const wanted = types && new Set<string>(types);
      // Ids sent within the late-event window: the company's feed and the catch-up read may both bring one.
      const sent = new Set<string>();
      const send = (events: TailedEvent[]) => {
        const fresh = events.filter((e) => !sent.has(e.id) && (!wanted || wanted.has(e.type)));
        if (fresh.length === 0) return;
        const floor = idFloor(Date.now() - lateEventWindowMs);
        for (const id of sent) if (id <= floor) sent.delete(id);
        for (const event of fresh) sent.add(event.id);
        raw.write(fresh.map(frame).join(''));
        lastWrite = Date.now();
      };
      // Subscribed before the catch-up read, so nothing falls between; held back meanwhile, to keep order.
      let held: TailedEvent[] | undefined = missed ? [] : undefined;
      const unsubscribe = feeds.subscribe(companyId, (events) => {
        if (held) held.push(...events);
        else if (!closed) send(events);
      });
      /**
       * Still signed in, still allowed, and seeing the same events? A stream outlives the request that
       * opened it: a logout, a revoked token or a lowered permission ends it (the client may reconnect
       * and is then checked like any request).
       */
      const stillAllowed = async () => {
        const now = await authenticate(ctx, request).catch(() => undefined);
        return (
          now !== undefined &&
          permissions.viewCompanyEvents(now.actor, companyId) &&
          permissions.viewErpQueue(now.actor, companyId) === seesErpSide
        );
      };
      const timer = setInterval(
        async () => {
          if (Date.now() - lastWrite >= heartbeatMs) {
            raw.write(': keep-alive\n\n');
            lastWrite = Date.now();
          }
          if (checking || Date.now() - lastCheck < recheckMs) return;
          checking = true;
          lastCheck = Date.now();
          if (!(await stillAllowed())) end();
          checking = false;
        },
        Math.min(checkEveryMs, recheckMs),
      );
      end = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        unsubscribe();
        forget();
        raw.end();
      };
      raw.on('close', end);

      if (missed) {
        try {
          for (let page = await missed.poll(); !closed; page = await missed.poll()) {
            send(page);
            if (page.length < eventPageSize) break;
          }
        } catch (error) {
          request.log.warn({ err: error }, 'live events: reading the missed events failed');
          return end(); // the client reconnects with its Last-Event-ID
        }
        const caughtUp = held ?? [];
        held = undefined;
        if (!closed) send(caughtUp);
      }
    },
  );
};
