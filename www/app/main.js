// The page's entry: wires the parts together. Input → worker (annotator.js) → reading view
// and side panel (render.js); corrections through the menu (menu-actions.js), a selection
// (tagging.js) or keys (keyboard.js), kept with undo/redo and saved (state.js); import and
// export (import-export.js). What the extension and the CMS embed share lives in ../lib.

import { startAnnotator, requestNow } from './annotator.js';
import { announceChange, startAnnouncing } from './announce.js';
import { showInstantly } from './instant.js';
import { showArticle, updateCharCount, wireArticle } from './article.js';
import { wireFocus } from './focus.js';
import { wireImportExport } from './import-export.js';
import { wireKeyboard } from './keyboard.js';
import { wireMenu } from './menu-actions.js';
import { render, renderEmpty, wireRendering } from './render.js';
import { renderLexicon } from './panel.js';
import { learnFrom, lexicon, persist, restore, store, updateHistoryButtons, wireHistory, wireSaving } from './state.js';
import { wireTagging } from './tagging.js';
import { wireAlerts } from './ui.js';

wireAlerts();
startAnnotator({ render });

// Restore, then start.
showArticle(restore());
store.subscribe((list, reason) => {
  // What the edit teaches is saved at once and goes with the request it makes; its list
  // is redrawn after the edit's frame.
  if (learnFrom(list, reason)) requestIdleCallback(() => renderLexicon(document, lexicon), { timeout: 500 });
  // Draw the edit first (the next frame shows it), then save and ask the annotator.
  if (reason !== 'reset') showInstantly(list, render);
  announceChange(list, reason);
  persist();
  updateHistoryButtons();
  if (reason !== 'reset') requestNow();
});
startAnnouncing(store.list);
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
