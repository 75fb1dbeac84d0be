// The preview pane: the post as its page shows it (verdict, claim box, facts with their
// numbered sources, then the text), in the site's own markup and stylesheet. Plain
// JavaScript with the CMS's own `h` and `createClass`: no build step.
const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];

// "2026-11-24 09:30" -> "24 November 2026", as the site writes dates.
export function day(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || "");
  if (!match) return value || "";
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

function sourceItem(source, number) {
  const parts = [
    h("span", { className: "source__number" }, `[${number}]`), " ",
    h("a", { className: "source__link", href: source.url }, source.title || source.url),
  ];
  if (source.publisher) parts.push(`, ${source.publisher}`);
  if (source.date) parts.push(", ", h("time", { dateTime: source.date }, day(source.date)));
  if (source.archived_url) parts.push(" (", h("a", { href: source.archived_url }, "archived copy"), ")");
  if (source.accessed) parts.push(". Checked ", h("time", { dateTime: source.accessed }, day(source.accessed)));
  return h("li", { className: "source", key: number }, ...parts);
}

function factsSection(facts) {
  let number = 0;
  return h("section", { className: "facts" },
    h("h2", null, "The facts"),
    h("ol", { className: "facts__list" }, facts.map((fact, index) =>
      h("li", { className: "fact", key: index },
        h("p", { className: "fact__text" }, fact.fact || ""),
        h("ul", { className: "sources" },
          (fact.sources || []).map((source) => sourceItem(source || {}, ++number)))))));
}

function claimSection(data) {
  const who = [data.claimant || ""];
  if (data.claim_date) who.push(", ", h("time", { dateTime: data.claim_date }, day(data.claim_date)));
  if (data.claim_url) who.push(". ", h("a", { href: data.claim_url }, "Where it was said"));
  return h("section", { className: "claim" },
    h("h2", { className: "claim__heading" }, "The claim"),
    h("figure", { className: "claim__figure" },
      h("blockquote", { className: "claim__text" }, h("p", null, data.claim)),
      h("figcaption", { className: "claim__who" }, ...who)));
}

export function postPreview({ verdicts }) {
  return createClass({
    render() {
      const data = this.props.entry.get("data").toJS();
      const rebuttal = Boolean(data.claim);
      const header = [];
      if (data.verdict) {
        header.push(h("p", { className: "verdict", "data-verdict": data.verdict },
          h("span", { className: "verdict__name visually-hidden" }, "Verdict:"),
          h("strong", { className: "verdict__label" }, verdicts[data.verdict] || data.verdict)));
      }
      header.push(h("h1", { className: "post__title" }, data.title || ""));
      header.push(h("p", { className: "post-dates" }, "Published ",
        h("time", { dateTime: data.date }, day(data.date))));
      return h("main", { className: "main" },
        h("article", {
          className: rebuttal ? "post post--rebuttal" : "post",
          "data-verdict": data.verdict || undefined,
        },
        data.status === "draft" ? h("p", { className: "draft-notice" },
          h("strong", null, "Draft preview."), " This post is not published and is in no listing.") : null,
        h("header", { className: "post__header" }, ...header),
        rebuttal ? claimSection(data) : null,
        (data.facts || []).length ? factsSection(data.facts) : null,
        h("div", { className: "post__body" }, this.props.widgetFor("body"))));
    },
  });
}
