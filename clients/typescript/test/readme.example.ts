// The README's example, type-checked by tsc --strict with the rest (not run: it names no real site).
import { createHealthApi } from "../src/index.js";

export async function readmeExample(): Promise<void> {
  const api = createHealthApi({ baseUrl: "https://health.example.org", lang: "ms" });
  const { data: pages } = await api.listPages({ type: "content_pages.ArticlePage", limit: 10 });
  const { data: article } = await api.getPage(pages!.items[0]!.id); // Malay; 304s come from the cache
  const { data: chat } = await api.getPageChannel(article!.id, "whatsapp");
  if (chat?.channel === "whatsapp") console.log(chat.messages.length, "messages");
  const { data: turn } = await api.getConversationTurn(article!.id, "telegram", { section: "menu" });
  const { data: feed } = await api.listChanges(); // then listChanges({ since: feed.next })
  console.log(turn?.section, feed?.next, api.rateLimit.remaining);
}
