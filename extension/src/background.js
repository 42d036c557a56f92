// The background (Chromium: a module service worker; Firefox: an event page). It only
// answers the toolbar button and the keyboard command: open the side panel, then inject the
// stylesheet and the content script into that one tab (activeTab grants access to it for
// this click only), then tell the panel. It holds no state: a service worker is stopped
// when idle. The annotator runs in the panel, never here and never in the page.

const api = globalThis.browser ?? globalThis.chrome;
const isFirefox = typeof globalThis.browser !== 'undefined' && !!api.sidebarAction;

if (api.sidePanel?.setPanelBehavior) {
  // The click is ours (action.onClicked), so that it can also inject into the tab.
  api.sidePanel.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
}

api.action.onClicked.addListener((tab) => {
  if (!tab || tab.id === undefined) return;
  // Opening a panel needs the user's gesture: call it before anything is awaited.
  openPanel(tab);
  annotateTab(tab.id).catch(() => {});
});

function openPanel(tab) {
  try {
    if (isFirefox) {
      api.sidebarAction.open().catch(() => {});
    } else if (api.sidePanel) {
      api.sidePanel.setOptions({ tabId: tab.id, path: `panel.html?tab=${tab.id}`, enabled: true }).catch(() => {});
      api.sidePanel.open({ tabId: tab.id }).catch(() => {});
    }
  } catch {
    // the panel is optional: the toolbar click still injects
  }
}

async function annotateTab(tabId) {
  let error = null;
  try {
    await api.scripting.insertCSS({ target: { tabId }, files: ['page.css'] });
    await api.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
  } catch (e) {
    error = e && e.message ? e.message : String(e);
  }
  // The panel may still be loading; it also asks the tab itself when it starts.
  api.runtime.sendMessage({ type: 'nm:injected', tabId, error }).catch(() => {});
}
