// Development only (invoke livereload): reload when a build has rewritten this page (or
// anything every page uses), and show the build's problems when a save broke it.
// Never part of a built site.
(() => {
  let seen = null;
  let showingProblem = false;
  // This page's output file, as the server names rewritten files: "2026/11/slug/index.html".
  const here = () => {
    const path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    return path === "" || path.endsWith("/") ? path + "index.html" : path;
  };
  const events = new EventSource("/__livereload/events");
  events.onmessage = (message) => {
    const { build, problem, changed } = JSON.parse(message.data);
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
      showingProblem = true;
    } else if (seen !== null && build !== seen) {
      // changed is null when the server cannot say (restarted, or this page fell behind).
      if (showingProblem || changed === null || changed.includes(here())) {
        location.reload();
      }
    }
    seen = build;
  };
})();
