import { LeasecheckError } from '../errors.ts';
import { SCHEMA_VERSION } from '../report/schema.ts';
import { loadScenario } from '../scenario/files.ts';
import { walkScenario } from './exportScenario.ts';
import { findState } from './find.ts';
import { scenarioSteps } from './fromScenario.ts';
import { listScenarios } from './scenarios.ts';
import { parseSteps } from './steps.ts';
import { listingNote, listTraces, openTrace, readReportFile, walkItf } from './traces.ts';
import { walkView } from './view.ts';
import type { Walker } from './walk.ts';

/**
 * Cap on each search for a liveness goal while answering a walk (the page waits for it): a goal
 * further than this is reported undecided, with a note.
 */
export const LIVENESS_STATES = 50_000;

/** What the explorer serves: the walker over the chosen designs, and its options. */
export interface ExplorerContext {
  walker: Walker;
  /** The spec file, as given (shown in the page). */
  spec: string;
  /** A compare --out folder whose ITF traces the page may open. */
  reports?: string;
  /** The cap on every search the explorer runs (find, liveness goals). */
  maxStates: number;
}

/** One route's answer: a JSON body and an HTTP status. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

type Handler = (ctx: ExplorerContext, body: Record<string, unknown>) => Promise<unknown> | unknown;

/** The JSON API (docs/explorer-api.md): GET routes take no body, POST routes a JSON object. */
export const ROUTES: Record<string, { method: 'GET' | 'POST'; handler: Handler }> = {
  '/api': { method: 'GET', handler: info },
  '/api/walk': { method: 'POST', handler: async (ctx, b) => walkView(ctx.walker, parseSteps(b.steps), Math.min(ctx.maxStates, LIVENESS_STATES)) },
  '/api/find': {
    method: 'POST',
    handler: async (ctx, b) => findState(ctx.walker.design(designArg(ctx, b)), b.predicate, ctx.maxStates),
  },
  '/api/scenarios': { method: 'GET', handler: (ctx) => listScenarios(ctx.walker) },
  '/api/scenario': {
    method: 'POST',
    handler: loads((ctx, b) => {
      if (typeof b.name !== 'string') throw new LeasecheckError('LC043', '"name" must name a scenario (GET /api/scenarios lists them)');
      const sc = loadScenario(ctx.walker.designs[0].system, b.name);
      return { name: sc.name, title: sc.title, source: sc.source, steps: scenarioSteps(ctx.walker, sc) };
    }),
  },
  '/api/traces': { method: 'GET', handler: traces },
  '/api/itf': {
    method: 'POST',
    handler: loads((ctx, b) => {
      if (b.path !== undefined) {
        const f = readReportFile(ctx.reports, b.path);
        return openTrace(ctx.walker, f.name, f.text);
      }
      if (typeof b.text !== 'string') throw new LeasecheckError('LC043', 'give "path" (a file of the report folder) or "text" (the ITF file\'s content)');
      return openTrace(ctx.walker, typeof b.name === 'string' && b.name ? b.name : 'the uploaded file', b.text);
    }),
  },
  '/api/export/scenario': {
    method: 'POST',
    handler: (ctx, b) => {
      const id = designArg(ctx, b);
      return { name: `walk-${id}.scenario`, text: walkScenario(ctx.walker, id, parseSteps(b.steps)) };
    },
  },
  '/api/export/itf': {
    method: 'POST',
    handler: (ctx, b) => {
      const id = designArg(ctx, b);
      return { name: `walk-${id}.itf.json`, itf: walkItf(ctx.walker, id, parseSteps(b.steps)) };
    },
  },
};

/** Said after the message of a failed load: the server keeps no walk, so the client's stays as it was. */
export const NOTHING_LOADED = 'nothing was loaded: the walk is unchanged';

/** A route that loads a walk (a case, a trace): its errors say that nothing was loaded. */
function loads(h: Handler): Handler {
  return async (ctx, b) => {
    try {
      return await h(ctx, b);
    } catch (e) {
      if (!(e instanceof LeasecheckError)) throw e;
      // Errors are capped at 2,500 characters: the note must survive the cap.
      const msg = e.message.length > 2000 ? `${e.message.slice(0, 2000)}...` : e.message;
      throw new LeasecheckError(e.code, `${msg}; ${NOTHING_LOADED}`);
    }
  };
}

/** GET /api/traces: this spec's traces in the report folder, and a note on what is missing or left out. */
function traces(ctx: ExplorerContext) {
  const system = ctx.walker.designs[0].system.name;
  const listing = ctx.reports ? listTraces(ctx.reports, system) : undefined;
  const note = listingNote(ctx.reports, system, listing);
  return {
    folder: ctx.reports ?? null,
    traces: listing?.traces ?? [],
    ...(listing?.otherSpecs ? { otherSpecs: listing.otherSpecs } : {}),
    ...(note ? { note } : {}),
  };
}

/** GET /api: what is being explored. */
function info(ctx: ExplorerContext) {
  const first = ctx.walker.designs[0];
  const present = first.system.present;
  return {
    schema: 'leasecheck/explorer',
    schemaVersion: SCHEMA_VERSION,
    system: first.system.name,
    spec: ctx.spec,
    title: present.title ?? first.system.name,
    variantWord: present.variantWord ?? 'variant',
    scope: { ...ctx.walker.scope },
    maxStates: ctx.maxStates,
    reports: ctx.reports ?? null,
    designs: ctx.walker.designs.map((d) => ({
      id: d.system.variant.id,
      ...(d.system.variant.title ? { title: d.system.variant.title } : {}),
      ...(d.system.variant.source ? { source: d.system.variant.source } : {}),
      knobs: { ...d.system.variant.knobs },
    })),
    properties: first.cs.properties.map((p) => ({ id: p.name, kind: p.kind, ...(p.description ? { description: p.description } : {}) })),
  };
}

/** The design a request names (`design`), default the first. */
function designArg(ctx: ExplorerContext, b: Record<string, unknown>): string {
  if (b.design === undefined) return ctx.walker.designs[0].system.variant.id;
  if (typeof b.design !== 'string') throw new LeasecheckError('LC043', '"design" must be a design id');
  return b.design;
}

/**
 * Answers one API request: the route's JSON, or `{ error: { code, message } }` with status 400 for
 * bad input (a LeasecheckError), 404 for an unknown route, 405 for a wrong method, and 500 (a bug,
 * said so) for anything else. Never throws: the server keeps serving whatever a request holds.
 */
export async function answer(ctx: ExplorerContext, method: string, path: string, body: unknown): Promise<ApiAnswer> {
  const route = ROUTES[path];
  if (!route) return { status: 404, body: { error: { code: 'LC043', message: `no route ${path} (see GET /api and docs/explorer-api.md)` } } };
  if (route.method !== method) return { status: 405, body: { error: { code: 'LC043', message: `${path} takes ${route.method}` } } };
  try {
    if (route.method === 'POST' && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new LeasecheckError('LC043', `${path} takes a JSON object`);
    }
    return { status: 200, body: await route.handler(ctx, (body ?? {}) as Record<string, unknown>) };
  } catch (e) {
    if (e instanceof LeasecheckError) return { status: 400, body: { error: { code: e.code, message: e.message } } };
    const err = e as Error;
    return { status: 500, body: { error: { code: 'internal', message: `internal error (a bug in leasecheck, please report it): ${err?.message ?? String(e)}` } } };
  }
}
