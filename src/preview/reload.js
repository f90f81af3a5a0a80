// The preview's live reload, added to every served HTML page (never to what `handbook
// build` writes): reloads after a good build, and shows a failed build's errors as text.
(() => {
  "use strict";
  const id = "handbook-preview-errors";
  function show(errors) {
    let box = document.getElementById(id);
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;border-top:4px solid #e5484d;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The last save did not build; this page is the last good version.\n\n" +
      errors.map((e, i) => `${i + 1}. ${e.place}: ${e.message}${e.hint ? "\n   hint: " + e.hint : ""}`).join("\n");
  }
  function connect() {
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/__handbook/livereload`);
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "reload") location.reload();
      if (message.type === "errors") show(message.errors);
    };
    socket.onclose = () => setTimeout(connect, 1000);
  }
  connect();
})();
