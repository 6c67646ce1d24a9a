/*
 * Reach: one beacon per page shown, so the site counts reads that shared caches answer.
 * Sends nothing but a POST to the URL the page names (its id and language); no cookie is
 * set or read. Skipped when the reader asked not to be tracked (Do Not Track, Global
 * Privacy Control), and for a page the browser is only prerendering until it is shown.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-reach-url");
  if (!url || !navigator.sendBeacon) {
    return;
  }
  if (navigator.doNotTrack === "1" || navigator.globalPrivacyControl) {
    return;
  }
  function send() {
    navigator.sendBeacon(url);
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
