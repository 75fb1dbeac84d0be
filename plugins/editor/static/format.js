// The post files' own format for Decap CMS: front matter read as the text typed and
// written back in the contract's order, so a file saved from the form keeps to the
// post contract (shared/spec/posts.md).
//
// Decap's own YAML format reads `verdict: false` as a boolean, which its select and
// its "required" check then lose. Here the front matter is read with YAML's failsafe
// schema (every value a string, as the contract reads it) and written with the same
// YAML library and version Decap uses, whose core schema quotes any text another
// reader could take for something else ("false", "2026"). Empty fields are left out
// (the contract refuses `summary:` with nothing after it), and the forms the form has
// no place for become the ones it has, which build to the same page: a fact's
// `source: <address>` and a bare address in `sources` become a list of `url`s, topics
// given as one text become a list, and a post with no status says `published`.
import { YAML } from "./yaml/index.js";

// One line per value: no folding, so a diff shows the sentence that changed.
YAML.scalarOptions.str.fold.lineWidth = 0;

const LISTS_OF_TEXT = ["tags", "authors", "aliases"];

export function splitFile(text) {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  if (lines[0].trimEnd() !== "---") return { front: "", body: text };
  const closing = lines.findIndex((line, index) => index > 0 && line.trimEnd() === "---");
  if (closing === -1) return { front: lines.slice(1).join("\n"), body: "" };
  return {
    front: lines.slice(1, closing).join("\n"),
    body: lines.slice(closing + 1).join("\n"),
  };
}

function longForms(data) {
  // The contract's default status, said out loud, so the form's required choice shows it.
  if (data.status === undefined) data.status = "published";
  for (const name of LISTS_OF_TEXT) {
    if (typeof data[name] === "string") {
      data[name] = data[name].split(",").map((item) => item.trim()).filter(Boolean);
    }
  }
  if (Array.isArray(data.facts)) {
    for (const fact of data.facts) {
      if (!fact || typeof fact !== "object") continue;
      if (typeof fact.source === "string" && fact.sources === undefined) {
        fact.sources = [{ url: fact.source }];
        delete fact.source;
      }
      if (Array.isArray(fact.sources)) {
        fact.sources = fact.sources.map((source) =>
          typeof source === "string" ? { url: source } : source,
        );
      }
    }
  }
  return data;
}

export function readPost(text) {
  const { front, body } = splitFile(text);
  const parsed = front.trim() ? YAML.parse(front, { schema: "failsafe" }) : {};
  const data = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  return { ...longForms(data), body };
}

// Text stays text, without the spaces around it (the contract reads it so too); an
// empty value, list or set of fields is left out.
function pruned(value) {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(pruned).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, pruned(item)])
      .filter(([, item]) => item !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  const text = String(value).trim();
  return text ? text : undefined;
}

// Keys in the order of the form's fields (the contract's order), any others after.
function ordered(value, fields) {
  if (Array.isArray(value)) return value.map((item) => ordered(item, fields));
  if (!value || typeof value !== "object" || !fields) return value;
  const known = fields.map((field) => field.name);
  const keys = [
    ...known.filter((key) => key in value),
    ...Object.keys(value).filter((key) => !known.includes(key)),
  ];
  const byName = Object.fromEntries(fields.map((field) => [field.name, field.fields]));
  return Object.fromEntries(keys.map((key) => [key, ordered(value[key], byName[key])]));
}

export function writePost(data, fields) {
  const { body = "", ...front } = data;
  const kept = ordered(pruned(front) || {}, fields);
  const text = body.endsWith("\n") || body === "" ? body : body + "\n";
  return `---\n${YAML.stringify(kept)}---\n${text}`;
}

export function postFormat(fields) {
  const front = fields.filter((field) => field.name !== "body");
  return {
    fromFile: (text) => readPost(text),
    toFile: (data) => writePost(data, front),
  };
}
