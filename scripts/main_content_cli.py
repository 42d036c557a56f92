#!/usr/bin/env python3
"""Main content of whole saved pages through the command line (issue 21): every page of
../shared/data/pages annotated with `newsmark annotate --html`, and the "text" it read
compared with the gold body: token precision, recall and F1 (lower-cased words, as bags),
averaged over the pages.

    python3 scripts/main_content_cli.py [train|test|all]   (after cargo build --release)
"""
import json, subprocess, sys, re, gzip, os, collections, tempfile
split=sys.argv[1] if len(sys.argv)>1 else 'train'
D=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'data', 'pages')
idx=json.load(open(f'{D}/INDEX.json'))['pages']
def words(s): return re.findall(r'\w+',s.lower())
fs=[]
for p in idx:
    if split!='all' and p['split']!=split: continue
    f=f"{D}/{p['html']}".removesuffix('.gz')  # INDEX names some pages NAME.html.gz
    if not os.path.exists(f):
        data=gzip.open(f+'.gz').read(); tmp=os.path.join(tempfile.gettempdir(), 'newsmark-page.html'); open(tmp,'wb').write(data); f=tmp
    out=subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'target', 'release', 'newsmark'),'annotate','--html',f],capture_output=True,text=True)
    if out.returncode!=0: fs.append((0,0,0)); continue
    text=json.loads(out.stdout)['text']
    g=collections.Counter(words(open(f"{D}/{p['name']}.gold.txt").read())); pc=collections.Counter(words(text))
    tp=sum((g&pc).values()); P=tp/max(1,sum(pc.values())); R=tp/max(1,sum(g.values()))
    fs.append((P,R,2*P*R/(P+R) if P+R else 0))
n=len(fs); print(split, n, 'P %.3f R %.3f F1 %.3f'%tuple(sum(x[i] for x in fs)/n for i in range(3)))
