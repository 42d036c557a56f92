// The page's entry: wires the parts together. Input → worker (annotator.js) → reading view
// and side panel (render.js); corrections through the menu (menu-actions.js), a selection
// (tagging.js) or keys (keyboard.js), kept with undo/redo and saved (state.js); import and
// export (import-export.js). What the extension and the CMS embed share lives in ../lib.

import { startAnnotator, requestNow } from './annotator.js';
import { showArticle, updateCharCount, wireArticle } from './article.js';
import { wireFocus } from './focus.js';
import { wireImportExport } from './import-export.js';
import { wireKeyboard } from './keyboard.js';
import { wireMenu } from './menu-actions.js';
import { render, renderEmpty, wireRendering } from './render.js';
import { persist, restore, store, updateHistoryButtons, wireHistory, wireSaving } from './state.js';
import { wireTagging } from './tagging.js';
import { wireAlerts } from './ui.js';

wireAlerts();
startAnnotator({ render });

// Restore, then start.
showArticle(restore());
store.subscribe((list, reason) => {
  persist();
  updateHistoryButtons();
  if (reason !== 'reset') requestNow();
});
wireArticle();
updateCharCount();
updateHistoryButtons();
renderEmpty();
requestNow();

wireRendering();
wireFocus();
wireKeyboard();
wireMenu();
wireTagging();
wireHistory();
wireImportExport();
wireSaving();
