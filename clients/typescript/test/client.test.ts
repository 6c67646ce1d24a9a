/**
 * The client against a live server (API_BASE_URL, started by .ci/clients with the seed
 * content): what a frontend does first, typed end to end.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { createHealthApi, FROM_CACHE } from "../src/index.js";

const baseUrl = process.env["API_BASE_URL"];
if (baseUrl === undefined) throw new Error("Set API_BASE_URL to a running API, e.g. http://127.0.0.1:8000");

async function firstArticle(): Promise<number> {
  const api = createHealthApi({ baseUrl: baseUrl!, lang: "en" });
  const { data, error } = await api.listPages({ type: "content_pages.ArticlePage", limit: 1 });
  assert.equal(error, undefined);
  const item = data?.items[0];
  assert.ok(item, "the seed has an article");
  return item.id;
}

test("lists pages, with the rate limit the response reports", async () => {
  const api = createHealthApi({ baseUrl: baseUrl!, cacheSize: 0 });
  const { data, response } = await api.listPages({ limit: 5 });
  assert.equal(response.status, 200);
  assert.ok(data !== undefined && data.items.length > 0);
  assert.equal(data.meta.language, "en");
  assert.ok(api.rateLimit.limit !== null && api.rateLimit.limit > 0);
  assert.ok(api.rateLimit.remaining !== null && api.rateLimit.remaining < api.rateLimit.limit);
});

test("reads a page in Malay, then again from the cache on a 304", async () => {
  const id = await firstArticle();
  const api = createHealthApi({ baseUrl: baseUrl!, lang: "ms" });
  const first = await api.getPage(id);
  assert.equal(first.response.status, 200);
  assert.equal(first.data?.meta.language, "ms");
  assert.equal(first.data?.channel, "web");
  assert.equal(first.response.headers.get(FROM_CACHE), null);
  const again = await api.getPage(id);
  assert.equal(again.response.headers.get(FROM_CACHE), "1", "answered by a 304 and the cached body");
  assert.deepEqual(again.data, first.data);
  const english = await api.getPage(id, "en");
  assert.equal(english.data?.meta.language, "en");
});

test("gets a WhatsApp rendering that names its channel and mode", async () => {
  const id = await firstArticle();
  const api = createHealthApi({ baseUrl: baseUrl!, lang: "ms" });
  const { data } = await api.getPageChannel(id, "whatsapp");
  assert.ok(data !== undefined);
  assert.equal(data.channel, "whatsapp");
  if (data.channel === "whatsapp") {
    // Narrowed by the discriminator: WhatsApp messages, typed.
    assert.equal(data.mode, "full");
    assert.ok(data.messages.every((message) => message.messaging_product === "whatsapp"));
  }
  const sms = await api.getPageChannel(id, "sms", { mode: "full" });
  assert.equal(sms.data?.mode, "full");
});

test("walks a conversation turn by turn", async () => {
  const id = await firstArticle();
  const api = createHealthApi({ baseUrl: baseUrl!, lang: "en" });
  const opening = await api.getConversationTurn(id, "telegram");
  assert.equal(opening.data?.mode, "conversation");
  assert.equal(opening.data?.section, null);
  const menu = await api.getConversationTurn(id, "telegram", { section: "menu" });
  assert.equal(menu.data?.section, "menu");
  const unknown = await api.getConversationTurn(id, "telegram", { section: "s:none" });
  assert.equal(unknown.response.status, 404);
  assert.equal(unknown.error?.code, "unknown_section");
  const template = await api.getPageTemplate(id);
  assert.equal(template.data?.mode, "template");
});

test("follows the change feed from the start", async () => {
  const api = createHealthApi({ baseUrl: baseUrl!, cacheSize: 0 });
  const { data } = await api.listChanges({ limit: 5 });
  assert.ok(data !== undefined);
  assert.match(data.next, /^c[0-9]+$/);
  const next = await api.listChanges({ since: data.next });
  assert.equal(next.response.status, 200);
});
