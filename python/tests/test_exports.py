"""The command line's standard formats read by Python's standard library (issue 18).

`newsmark annotate --format w3c|spacy|brat|conll|quotes-csv` is parsed here with json and
csv, as a spaCy, brat or CoNLL user would read it, and every offset is checked to slice the
input as a Python str (code points); spaCy itself builds a Doc from the spaCy export. The binary is $NEWSMARK_CLI (scripts/test.sh sets it),
else the workspace's target dir.
"""

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

INVENTED = (
    "\U0001F980\U0001D4DD Harbour news\r\n\r\n"
    "Maria Okonkwo, the mayor of Port Ellis, spoke on Monday.\r\n\r\n"
    '"We will rebuild the pier by 2027," said Okonkwo.\r\n\r\n'
    "The Harbour Trust\tsaid unemployment fell to 4.2 percent last year, down from 6.1 percent.\r\n"
)

TEXTS = {"invented": INVENTED} | {
    p.stem: p.read_bytes().decode("utf-8") for p in sorted((ROOT / "tests/articles").glob("*.txt"))
}


def cli():
    env = os.environ.get("NEWSMARK_CLI")
    if env:
        assert Path(env).is_file(), f"NEWSMARK_CLI={env} does not exist"
        return env
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for p in (target / "debug" / "newsmark", target / "release" / "newsmark"):
        if p.is_file():
            return str(p)
    pytest.skip("no newsmark command line built (set NEWSMARK_CLI)")


def run(text, fmt, tmp_path):
    f = tmp_path / "article.txt"
    f.write_bytes(text.encode("utf-8"))
    out = subprocess.run(
        [cli(), "annotate", "--format", fmt, str(f)], capture_output=True, check=True, timeout=60
    )
    return out.stdout.decode("utf-8")


def tags(text, tmp_path):
    a = json.loads(run(text, "json", tmp_path))["annotations"]
    for x in a:
        assert text[x["start"] : x["end"]] == x["text"]
    return a


@pytest.mark.parametrize("name", TEXTS)
def test_spacy_jsonl(name, tmp_path):
    text = TEXTS[name]
    want = tags(text, tmp_path)
    lines = run(text, "spacy", tmp_path).splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["text"] == text
    assert [(s["start"], s["end"], s["label"]) for s in doc["spans"]] == [
        (x["start"], x["end"], x["kind"].upper()) for x in want
    ]
    for s, x in zip(doc["spans"], want):
        assert doc["text"][s["start"] : s["end"]] == x["text"]


@pytest.mark.parametrize("name", TEXTS)
def test_spacy_reads_the_export_into_a_doc(name, tmp_path):
    """spaCy itself reads the export: each span lands on the tokens of spaCy's own English
    tokenizer as it is (alignment "strict"), people and organizations become the Doc's
    entities, and a DocBin round trip keeps every span."""
    import spacy
    from spacy.tokens import DocBin

    text = TEXTS[name]
    rec = json.loads(run(text, "spacy", tmp_path).splitlines()[0])
    nlp = spacy.blank("en")
    doc = nlp.make_doc(rec["text"])
    spans = []
    for s in rec["spans"]:
        span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
        assert span is not None, f"{s} does not fall on spaCy's tokens"
        assert span.text == rec["text"][s["start"] : s["end"]]
        spans.append(span)
    assert spans, "the export has spans"
    doc.spans["newsmark"] = spans
    doc.ents = [sp for sp in spans if sp.label_ in ("PERSON", "ORG")]
    back = next(DocBin(docs=[doc]).from_bytes(DocBin(docs=[doc]).to_bytes()).get_docs(nlp.vocab))
    key = lambda sp: (sp.start_char, sp.end_char, sp.label_)
    assert [key(sp) for sp in back.spans["newsmark"]] == [key(sp) for sp in spans]
    assert [key(sp) for sp in back.ents] == [key(sp) for sp in doc.ents]


@pytest.mark.parametrize("name", TEXTS)
def test_w3c_selectors(name, tmp_path):
    text = TEXTS[name]
    want = tags(text, tmp_path)
    coll = json.loads(run(text, "w3c", tmp_path))
    assert coll["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert coll["type"] == "AnnotationCollection" and coll["total"] == len(want)
    ids = [i["id"] for i in coll["first"]["items"]]
    assert len(set(ids)) == len(ids)
    for item, x in zip(coll["first"]["items"], want):
        sel = {s["type"]: s for s in item["target"]["selector"]}
        pos, quote = sel["TextPositionSelector"], sel["TextQuoteSelector"]
        assert text[pos["start"] : pos["end"]] == quote["exact"] == x["text"]
        assert text[: pos["start"]].endswith(quote["prefix"])
        assert text[pos["end"] :].startswith(quote["suffix"])
        assert item["body"][0]["value"] == x["kind"]
        if x["kind"] == "quote" and x.get("speaker_name"):
            sp = next(b["nm:speaker"] for b in item["body"] if "nm:speaker" in b)
            assert sp["name"] == x["speaker_name"]


def read_brat(ann):
    """T, A, R and # lines as brat's own reader splits them."""
    out = {"T": {}, "A": [], "R": [], "#": []}
    for line in ann.splitlines():
        fields = line.split("\t")
        kind = line[0]
        if kind == "T":
            assert len(fields) == 3, line
            typ, offs = fields[1].split(" ", 1)
            frags = [tuple(map(int, f.split(" "))) for f in offs.split(";")]
            out["T"][fields[0]] = (typ, frags, fields[2])
        else:
            assert kind in "AR#", line
            out[kind].append(fields)
    return out


@pytest.mark.parametrize("name", TEXTS)
def test_brat_standoff(name, tmp_path):
    text = TEXTS[name]  # the .txt
    want = tags(text, tmp_path)
    b = read_brat(run(text, "brat", tmp_path))
    tagged = [t for t in b["T"].values() if t[0] != "SPEAKER"]
    assert len(tagged) == len(want)
    for (typ, frags, words), x in zip(tagged, want):
        assert typ == x["kind"].upper()
        pieces = [text[s:e] for s, e in frags]
        assert all("\n" not in p and "\r" not in p for p in pieces)
        assert words == " ".join(pieces).replace("\t", " ")
        assert frags[0][0] >= x["start"] and frags[-1][1] <= x["end"]
    for r in b["R"]:
        rel, a1, a2 = r[1].split(" ")
        assert rel == "Speaker" and a1[5:] in b["T"] and a2[5:] in b["T"]
    speakers = [n[2] for n in b["#"] if n[2].startswith("speaker: ")]
    assert len(speakers) == sum(1 for x in want if x["kind"] == "quote" and x.get("speaker_name"))


@pytest.mark.parametrize("name", TEXTS)
def test_conll_iob(name, tmp_path):
    text = TEXTS[name]
    want = [x for x in tags(text, tmp_path) if x["kind"] in ("person", "org")]
    out = run(text, "conll", tmp_path)
    sentences, cur = [], []
    for line in out.split("\n"):
        if line == "":
            if cur:
                sentences.append(cur)
            cur = []
            continue
        tok, tag = line.split("\t")
        assert tok and not any(c.isspace() for c in tok)
        cur.append((tok, tag))
    assert not cur and sentences
    # The tokens appear in the text in order; B-/I- runs rebuild the names.
    pos, names = 0, []
    for sent in sentences:
        for tok, tag in sent:
            at = text.find(tok, pos)
            assert at >= 0, tok
            pos = at + len(tok)
            if tag.startswith("B-"):
                names.append([tag[2:], at, pos])
            elif tag.startswith("I-"):
                assert names and names[-1][0] == tag[2:]
                names[-1][2] = pos
            else:
                assert tag == "O"
    kinds = {"person": "PER", "org": "ORG"}
    assert len(names) == len(want)
    for (k, s, e), x in zip(names, want):
        assert k == kinds[x["kind"]]
        assert s <= x["start"] and e >= x["end"]


@pytest.mark.parametrize("name", TEXTS)
def test_quotes_csv(name, tmp_path):
    text = TEXTS[name]
    quotes = [x for x in tags(text, tmp_path) if x["kind"] == "quote"]
    out = run(text, "quotes-csv", tmp_path)
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out[1:], newline="")))
    assert len(rows) == len(quotes)
    assert all(list(r) == ["speaker", "quote", "start", "end", "type"] for r in rows)
    by_start = {x["start"]: x for x in quotes}
    for r in rows:
        x = by_start[int(r["start"])]
        assert text[int(r["start"]) : int(r["end"])] == x["text"]
        assert r["quote"].removeprefix("'") == x["text"]
        assert r["speaker"].removeprefix("'") == (x["speaker_name"] or "")
        assert r["type"] == ("direct" if x["direct"] else "indirect")
    keys = [(r["speaker"] == "", r["speaker"].lower(), int(r["start"])) for r in rows]
    assert keys == sorted(keys)
