// Progressive extras for sharing: copy link, the native share sheet, the graphic as a
// file, Mastodon.
// First-party and deferred; without it every share link still works.
(function () {
  "use strict";
  var SERVER_KEY = "mastodon-server";

  function status(root, message) {
    var line = root.querySelector(".share__status");
    if (line) line.textContent = message;
  }

  function cleanServer(value) {
    return (value || "").trim().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  }

  function mastodonShareUrl(server, text) {
    return "https://" + server + "/share?text=" + encodeURIComponent(text);
  }

  document.querySelectorAll("[data-share-extras]").forEach(function (extras) {
    var native = extras.querySelector("[data-native-share]");
    if (native && !navigator.share) native.hidden = true;
    extras.hidden = false;

    var copy = extras.querySelector("[data-copy-link]");
    if (copy) {
      copy.addEventListener("click", function () {
        var url = copy.getAttribute("data-copy-link");
        if (!navigator.clipboard) { status(extras, url); return; }
        navigator.clipboard.writeText(url).then(
          function () { status(extras, "Link copied."); },
          function () { status(extras, url); }
        );
      });
    }

    if (native && navigator.share) {
      native.addEventListener("click", function () {
        var data = { title: native.getAttribute("data-title"), url: native.getAttribute("data-url") };
        var image = native.getAttribute("data-image");
        var share = function (payload) {
          return navigator.share(payload).catch(function () {});
        };
        if (!image || !navigator.canShare) { share(data); return; }
        fetch(image).then(function (response) { return response.blob(); }).then(function (blob) {
          var name = image.split("/").pop();
          var file = new File([blob], name, { type: blob.type });
          var withFile = { title: data.title, url: data.url, files: [file] };
          share(navigator.canShare(withFile) ? withFile : data);
        }, function () { share(data); });
      });
    }
  });

  // "Share the graphic": the image file itself to the phone's share sheet, where the
  // browser can share files; elsewhere the link keeps its plain download.
  function canShareFiles() {
    if (!navigator.canShare || !navigator.share || typeof File !== "function") return false;
    try {
      return navigator.canShare({ files: [new File([""], "graphic.png", { type: "image/png" })] });
    } catch (error) {
      return false;
    }
  }

  if (canShareFiles()) {
    document.querySelectorAll("[data-share-file]").forEach(function (link) {
      var verb = link.querySelector("[data-share-verb]");
      if (verb) verb.textContent = "Share";
      var fetched = null;
      var file = function () {
        // Fetched once, as soon as the reader reaches for it: share() needs the click's
        // user activation, which a slow fetch after the click could outlast.
        fetched = fetched || fetch(link.href).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.blob();
        }).then(function (blob) {
          return new File([blob], link.href.split("/").pop(), { type: blob.type || "image/png" });
        });
        return fetched;
      };
      link.addEventListener("pointerdown", function () { file().catch(function () {}); });
      link.addEventListener("click", function (event) {
        if (link.hasAttribute("data-share-fallback")) return; // the plain download
        event.preventDefault();
        var section = link.closest(".share-graphic");
        var line = section && section.querySelector(".share-graphic__status");
        var download = function () {
          link.setAttribute("data-share-fallback", "");
          link.click();
          link.removeAttribute("data-share-fallback");
        };
        file().then(function (image) {
          var data = { files: [image], title: link.getAttribute("data-title") || "" };
          if (!navigator.canShare(data)) { download(); return; }
          return navigator.share(data).then(function () {
            if (line) line.textContent = "Graphic shared.";
          }, function (error) {
            if (!error || error.name !== "AbortError") download();
          });
        }, download);
      });
    });
  }

  // A Mastodon link on a post goes straight to the reader's remembered server.
  document.querySelectorAll('a[data-network="mastodon"]').forEach(function (link) {
    link.addEventListener("click", function (event) {
      var server = cleanServer(window.localStorage.getItem(SERVER_KEY));
      if (!server) return; // the link's own page asks for it
      event.preventDefault();
      var text = new URL(link.href, window.location.href).searchParams.get("text") || "";
      window.location.href = mastodonShareUrl(server, text);
    });
  });

  // The Mastodon page: fill in the text, ask for the server once, remember it.
  var form = document.querySelector("[data-mastodon-form]");
  if (form) {
    var params = new URLSearchParams(window.location.search);
    var box = form.querySelector("[data-mastodon-text]");
    box.value = params.get("text") || "";
    var field = form.querySelector("#mastodon-server");
    field.value = window.localStorage.getItem(SERVER_KEY) || "";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var server = cleanServer(field.value);
      if (!server) return;
      window.localStorage.setItem(SERVER_KEY, server);
      window.location.href = mastodonShareUrl(server, box.value);
    });
  }
})();
