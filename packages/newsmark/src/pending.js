// The handle an annotator is used through while it loads: calls made before it has loaded
// wait for it, in order; `ready` resolves when it has loaded, or rejects as loading did. One
// implementation for the browser entry (in-thread) and the Node entry.

import { disposedError } from './shared.js';

/** A handle over `loading`, a promise of an annotator. */
export function pendingHandle(loading) {
  let inner = null;
  let disposed = false;
  const handle = {
    info: null,
    get version() {
      return inner ? inner.version : null;
    },
    get claimThreshold() {
      return inner ? inner.claimThreshold : null;
    },
    get disposed() {
      return disposed;
    },
    async annotate(text, opts) {
      if (disposed) throw disposedError();
      const a = await loading;
      if (disposed) throw disposedError();
      return a.annotate(text, opts);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      inner?.dispose();
    },
  };
  handle.ready = loading.then((a) => {
    inner = a;
    handle.info = a.info;
    if (disposed) {
      a.dispose();
      throw disposedError();
    }
    return handle;
  });
  handle.ready.catch(() => {}); // reported through annotate() and ready, never unhandled
  return handle;
}
