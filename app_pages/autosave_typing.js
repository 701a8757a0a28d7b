// Section editors commit while the user types. Streamlit sends a text area's value to the server only on
// blur or Ctrl+Enter, so text typed just before a reload or a closed tab never reached the autosave.
// After a pause in typing (never during an IME composition) the editor is blurred and refocused with the
// caret where it was: Streamlit commits the value and the editor's on_change saves a version. When the
// page is hidden or unloaded the focused editor is blurred too. Installed once per browser tab.
(() => {
  if (window.__sectionAutosave) return;
  window.__sectionAutosave = true;
  const PAUSE_MS = 1500;
  const isEditor = (el) => el && el.tagName === "TEXTAREA" && el.closest('[class*="st-key-sec_text_"]');
  let timer = null;
  let composing = false;
  const commit = (el) => {
    if (composing || document.activeElement !== el) return;
    const start = el.selectionStart, end = el.selectionEnd;
    el.blur();
    el.focus();
    try { el.setSelectionRange(start, end); } catch (_) { /* editor re-rendered */ }
  };
  const schedule = (el) => {
    clearTimeout(timer);
    timer = setTimeout(() => commit(el), PAUSE_MS);
  };
  document.addEventListener("compositionstart", (ev) => { if (isEditor(ev.target)) composing = true; }, true);
  document.addEventListener("compositionend", (ev) => {
    if (!isEditor(ev.target)) return;
    composing = false;
    schedule(ev.target);
  }, true);
  document.addEventListener("input", (ev) => {
    if (isEditor(ev.target) && !ev.isComposing) schedule(ev.target);
  }, true);
  const flush = () => {
    const el = document.activeElement;
    if (isEditor(el)) el.blur();
  };
  window.addEventListener("pagehide", flush);
  window.addEventListener("beforeunload", flush);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(); });
})();
