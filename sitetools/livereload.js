// Development only (invoke livereload): reload when the site has been rebuilt, and
// show the build's problems when a save broke it. Never part of a built site.
(() => {
  let seen = null;
  const events = new EventSource("/__livereload/events");
  events.onmessage = (message) => {
    const { build, problem } = JSON.parse(message.data);
    if (problem) {
      let box = document.getElementById("livereload-problem");
      if (!box) {
        box = document.createElement("pre");
        box.id = "livereload-problem";
        box.setAttribute("role", "alert");
        Object.assign(box.style, {
          position: "fixed", inset: "auto 0 0 0", maxHeight: "50vh", overflow: "auto",
          margin: "0", padding: "1rem", background: "#fff3cd", color: "#000",
          borderTop: "3px solid #b00", whiteSpace: "pre-wrap", zIndex: "2147483647",
        });
        document.body.append(box);
      }
      box.textContent = "The last save did not build:\n\n" + problem;
    } else if (seen !== null && build !== seen) {
      location.reload();
    }
    seen = build;
  };
})();
