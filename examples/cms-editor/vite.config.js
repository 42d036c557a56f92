import { defineConfig } from 'vite';

export default defineConfig({
  resolve: {
    // One copy of ProseMirror for the editor and for newsmark/prosemirror (which is linked
    // from packages/newsmark here; from node_modules in a real CMS it resolves the same way).
    dedupe: ['prosemirror-state', 'prosemirror-view', 'prosemirror-model', 'prosemirror-transform'],
  },
  // The dev server's pre-bundling would move newsmark's files away from its worker and wasm
  // (they are found with new URL(..., import.meta.url)): leave it out.
  optimizeDeps: { exclude: ['newsmark'] },
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
