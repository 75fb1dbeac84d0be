// Before decap-cms.js: editor.js registers the post format and preview, then starts it.
window.CMS_MANUAL_INIT = true;
