/**
 * A thin typed client for the health content API: the generated types (schema.d.ts, from
 * the document the API serves) behind openapi-fetch, plus what every frontend needs on
 * top: a default language, conditional requests answered from a small cache on 304, and
 * the rate limit the last response reported.
 */
import createFetchClient, { type Middleware } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type Lang = components["schemas"]["LanguageCode"];
export type Channel = NonNullable<operations["getPageChannel"]["parameters"]["path"]["channel"]>;
export type ConversationChannel = operations["getConversationTurn"]["parameters"]["path"]["channel"];
export type Mode = NonNullable<operations["getPageChannel"]["parameters"]["query"]>["mode"];

/** Where the client stands against its per-minute limit (RateLimit-* headers); null until a response says. */
export interface RateLimit {
  limit: number | null;
  remaining: number | null;
  /** Seconds until the window resets. */
  reset: number | null;
}

export interface HealthApiOptions {
  /** The site, e.g. `https://health.example.org` (no `/api/v2`). */
  baseUrl: string;
  /** The language asked for when a call does not name one; without it, the API's default (Accept-Language, then English). */
  lang?: Lang;
  /** An API key from an administrator: a higher rate limit than anonymous reads. */
  apiKey?: string;
  /** How many responses to keep for If-None-Match (least recently used go first). 0 turns the cache off. */
  cacheSize?: number;
  fetch?: typeof globalThis.fetch;
}

interface Cached {
  etag: string;
  body: string;
  headers: [string, string][];
}

/** The most recently used responses by URL, with their ETags. */
class EtagCache {
  private readonly entries = new Map<string, Cached>();

  constructor(private readonly size: number) {}

  get(url: string): Cached | undefined {
    const entry = this.entries.get(url);
    if (entry !== undefined) {
      this.entries.delete(url);
      this.entries.set(url, entry);
    }
    return entry;
  }

  set(url: string, entry: Cached): void {
    if (this.size <= 0) return;
    this.entries.delete(url);
    this.entries.set(url, entry);
    while (this.entries.size > this.size) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/** The header `X-From-Cache: 1` marks a response served from the cache after a 304. */
export const FROM_CACHE = "X-From-Cache";

function headerNumber(response: Response, name: string): number | null {
  const value = response.headers.get(name);
  return value === null || value === "" ? null : Number(value);
}

export function rateLimitOf(response: Response): RateLimit {
  return {
    limit: headerNumber(response, "RateLimit-Limit"),
    remaining: headerNumber(response, "RateLimit-Remaining"),
    reset: headerNumber(response, "RateLimit-Reset"),
  };
}

// Headers that describe a 304's empty body, not the cached one.
const BODY_HEADERS = new Set(["content-length", "content-type", "content-encoding", "transfer-encoding"]);

function conditionalRequests(cache: EtagCache, seen: (rateLimit: RateLimit) => void): Middleware {
  return {
    onRequest({ request }) {
      if (request.method !== "GET") return undefined;
      const cached = cache.get(request.url);
      if (cached !== undefined && !request.headers.has("If-None-Match")) {
        request.headers.set("If-None-Match", cached.etag);
      }
      return request;
    },
    async onResponse({ request, response }) {
      seen(rateLimitOf(response));
      if (request.method !== "GET") return undefined;
      const cached = cache.get(request.url);
      if (response.status === 304 && cached !== undefined) {
        // The API says nothing changed: the stored body, with this response's fresh headers.
        const headers = new Headers(cached.headers);
        response.headers.forEach((value, name) => {
          if (!BODY_HEADERS.has(name.toLowerCase())) headers.set(name, value);
        });
        headers.set(FROM_CACHE, "1");
        return new Response(cached.body, { status: 200, headers });
      }
      const etag = response.headers.get("ETag");
      if (response.status === 200 && etag !== null) {
        const body = await response.clone().text();
        cache.set(request.url, { etag, body, headers: [...response.headers.entries()] });
      }
      return response;
    },
  };
}

type PagesQuery = NonNullable<operations["listPages"]["parameters"]["query"]>;
type ChangesQuery = NonNullable<operations["listChanges"]["parameters"]["query"]>;

export type HealthApi = ReturnType<typeof createHealthApi>;

export function createHealthApi(options: HealthApiOptions) {
  const cache = new EtagCache(options.cacheSize ?? 200);
  let rateLimit: RateLimit = { limit: null, remaining: null, reset: null };
  const headers: Record<string, string> = {};
  if (options.apiKey !== undefined) headers["Authorization"] = `Bearer ${options.apiKey}`;
  const raw = createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  raw.use(
    conditionalRequests(cache, (seen) => {
      rateLimit = seen;
    }),
  );
  const lang = (given?: Lang): { lang?: Lang } => {
    const chosen = given ?? options.lang;
    return chosen === undefined ? {} : { lang: chosen };
  };
  return {
    /** openapi-fetch's client, typed by the document, for any operation. */
    raw,
    /** The RateLimit-* headers of the last response. */
    get rateLimit(): RateLimit {
      return rateLimit;
    },
    listPages: (query: PagesQuery = {}) =>
      raw.GET("/api/v2/pages/", { params: { query: { ...lang(query.lang ?? undefined), ...query } } }),
    getPage: (id: number, language?: Lang) =>
      raw.GET("/api/v2/pages/{page_id}/", { params: { path: { page_id: id }, query: lang(language) } }),
    getPageChannel: (id: number, channel: Channel, { lang: language, mode }: { lang?: Lang; mode?: Mode } = {}) =>
      raw.GET("/api/v2/pages/{page_id}/channels/{channel}/", {
        params: { path: { page_id: id, channel }, query: { ...lang(language), mode } },
      }),
    getConversationTurn: (
      id: number,
      channel: ConversationChannel,
      { lang: language, section }: { lang?: Lang; section?: string } = {},
    ) =>
      raw.GET("/api/v2/pages/{page_id}/channels/{channel}/conversation/", {
        params: { path: { page_id: id, channel }, query: { ...lang(language), section } },
      }),
    getPageTemplate: (id: number, language?: Lang) =>
      raw.GET("/api/v2/pages/{page_id}/channels/whatsapp/template/", {
        params: { path: { page_id: id }, query: lang(language) },
      }),
    listChanges: (query: ChangesQuery = {}) => raw.GET("/api/v2/changes/", { params: { query } }),
  };
}
