// Starts Decap CMS with the configuration the build made from the post contract
// (editor.json, see plugins/editor/config.py), the posts' own format and the preview.
import { postFormat } from "./format.js";
import { postPreview } from "./preview.js";

const settings = await (await fetch("editor.json", { cache: "no-store" })).json();
const collection = settings.config.collections[0];
CMS.registerCustomFormat(collection.format, collection.extension, postFormat(collection.fields));
if (settings.preview.stylesheet) {
  CMS.registerPreviewStyle(settings.preview.stylesheet);
}
CMS.registerPreviewTemplate(collection.name, postPreview(settings.preview));
CMS.init({ config: settings.config });
