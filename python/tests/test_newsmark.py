"""Tests of the built newsmark wheel: the API, code-point offsets, batches, hostile input, and
the same result as the command line.

Run with the wheel installed: `pytest -q python/tests`. The command-line comparison uses the
binary in $NEWSMARK_CLI (scripts/test.sh sets it); without it, the first of
target/{release,debug}/newsmark that exists, else that test is skipped.
"""

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

import newsmark

ROOT = Path(__file__).resolve().parents[2]

# An invented article: two people, an organization, a direct quote with its speaker, a claim.
ARTICLE = (
    "RIVERTON, June 4 - The Riverton Water Board voted on Tuesday to raise household water "
    "prices by 12 percent from July, its first increase since 2019.\n\n"
    '"We cannot keep the pipes running on the old prices," said Maria Alvarez, the board\'s '
    "chair, after the vote.\n\n"
    "Council member Daniel Okafor said the increase would cost a typical family about $96 a "
    "year. Leaks lost 31 percent of the city's treated water last year, according to the board."
)


def kinds(result, kind):
    return [a for a in result["annotations"] if a["kind"] == kind]


def check_offsets(text, result):
    """Every offset slices `text` (a Python str, so code points) to the annotation's text."""
    for a in result["annotations"]:
        assert 0 <= a["start"] < a["end"] <= len(text)
        assert text[a["start"] : a["end"]] == a["text"], a
        sp = a.get("speaker")
        if sp is not None:
            assert text[sp["start"] : sp["end"]] == sp["text"], a
    for f in result["furniture"]:
        assert 0 <= f["start"] <= f["end"] <= len(text)


def test_article():
    r = newsmark.annotate(ARTICLE)
    assert set(r) == {"annotations", "entities", "diagnostics", "furniture"}
    check_offsets(ARTICLE, r)
    people = {a["text"] for a in kinds(r, "person")}
    assert {"Maria Alvarez", "Daniel Okafor"} <= people
    assert "Riverton Water Board" in {a["text"] for a in kinds(r, "org")}
    quotes = kinds(r, "quote")
    direct = [q for q in quotes if q["direct"]]
    assert direct, quotes
    q = direct[0]
    assert "We cannot keep the pipes running" in q["text"]
    assert q["speaker_name"] == "Maria Alvarez"
    assert q["speaker"]["text"] == "Maria Alvarez"
    ent = r["entities"][q["speaker_entity"]]
    assert ent["name"] == "Maria Alvarez" and ent["kind"] == "person"
    claims = kinds(r, "claim")
    assert any("31 percent" in c["text"] for c in claims), claims
    for c in claims:
        assert 0.0 <= c["score"] <= 1.0
        assert c["reasons"] and all(isinstance(x, str) for x in c["reasons"])
    # Entities are numbered as the annotations refer to them.
    for i, e in enumerate(r["entities"]):
        assert e["id"] == i and e["mentions"] >= 1
    for a in kinds(r, "person") + kinds(r, "org"):
        assert r["entities"][a["entity"]]["kind"] == a["kind"]
    assert r["diagnostics"] == []


def test_offsets_after_emoji_and_astral_characters():
    # Non-BMP characters before the entities: one code point each in Python, two UTF-16
    # units and four UTF-8 bytes.
    prefix = "\U0001F4F0\U0001F30D \U0001D4DD\U0001D4EE\U0001D500\U0001D4FC \u00e9t\u00e9 \U0001F600\n\n"
    plain = newsmark.annotate(ARTICLE)
    shifted = newsmark.annotate(prefix + ARTICLE)
    check_offsets(prefix + ARTICLE, shifted)
    n = len(prefix)
    moved = [
        (a["kind"], a["start"] - n, a["end"] - n, a["text"]) for a in shifted["annotations"]
    ]
    assert moved == [(a["kind"], a["start"], a["end"], a["text"]) for a in plain["annotations"]]
    # Emoji inside the sentences too.
    text = ARTICLE.replace(" said ", " \U0001F5E3\U0001F3FD said ")
    check_offsets(text, newsmark.annotate(text))


def test_batch_keeps_order():
    texts = [
        ARTICLE,
        "",
        "Officials at the Ministry of Health said on Monday that 40 percent of clinics lacked staff.",
        "\U0001F600 " + ARTICLE,
        '"It is over," said John Mbeki.',
    ] * 3
    out = newsmark.annotate_batch(texts)
    assert out == [newsmark.annotate(t) for t in texts]
    assert newsmark.annotate_batch([]) == []
    # Any iterable of str, e.g. a generator.
    assert newsmark.annotate_batch(t for t in texts[:2]) == out[:2]


def test_empty_and_blank():
    r = newsmark.annotate("")
    assert r["annotations"] == [] and r["entities"] == []
    assert [d["code"] for d in r["diagnostics"]] == ["empty_text"]
    r = newsmark.annotate(" \n\t ")
    assert r["annotations"] == []


def test_one_megabyte():
    big = (ARTICLE + "\n\n") * (1_000_000 // len(ARTICLE) + 1)
    assert len(big.encode()) >= 1_000_000
    r = newsmark.annotate(big)
    check_offsets(big, r)
    assert len(kinds(r, "person")) > 100


def test_lone_surrogates_raise_a_clear_error():
    for bad in ["a\ud800b", "\udfff", ARTICLE + "\udc80"]:
        with pytest.raises(ValueError, match="surrogate"):
            newsmark.annotate(bad)
    with pytest.raises(ValueError, match=r"texts\[1\].*surrogate"):
        newsmark.annotate_batch(["fine", "x\ud83d"])
    # The suggested clean-up works.
    fixed = "a\ud800b".encode("utf-8", "replace").decode("utf-8")
    assert newsmark.annotate(fixed)["annotations"] == []


def test_nul_bytes_and_control_characters():
    text = "\x00\x01" + ARTICLE.replace("Tuesday", "Tues\x00day") + "\x00" * 1000
    r = newsmark.annotate(text)
    check_offsets(text, r)
    assert "Maria Alvarez" in {a["text"] for a in kinds(r, "person")}
    binary = "".join(chr(i % 32) for i in range(10_000))
    check_offsets(binary, newsmark.annotate(binary))


def test_wrong_types_raise_type_error():
    for bad in [None, 5, b"bytes", ["list"]]:
        with pytest.raises(TypeError, match="text must be a str"):
            newsmark.annotate(bad)
    with pytest.raises(TypeError, match="not one str"):
        newsmark.annotate_batch("a string")
    with pytest.raises(TypeError, match="list of str"):
        newsmark.annotate_batch(42)
    with pytest.raises(TypeError, match=r"texts\[2\] must be a str, not bytes"):
        newsmark.annotate_batch(["a", "b", b"c"])


def test_gil_is_released_while_annotating():
    # One long run-on sentence: long to annotate, one annotation to convert under the GIL.
    text = "the water was cold and the day was long and we walked home slowly and " * 12000
    t0 = time.perf_counter()
    newsmark.annotate(text)
    native = time.perf_counter() - t0
    started = threading.Event()

    def work():
        started.set()
        newsmark.annotate_batch([text])

    w = threading.Thread(target=work)
    w.start()
    started.wait()
    last, gap = time.perf_counter(), 0.0
    while w.is_alive():
        now = time.perf_counter()
        gap, last = max(gap, now - last), now
    w.join()
    # Holding the GIL would stop this thread for the whole native run.
    assert gap < native / 3, (gap, native)


def cli_binary():
    env = os.environ.get("NEWSMARK_CLI")
    if env:
        assert Path(env).is_file(), f"NEWSMARK_CLI={env} does not exist"
        return env
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for p in (target / "release" / "newsmark", target / "debug" / "newsmark"):
        if p.is_file():
            return str(p)
    pytest.skip("no newsmark command line built (set NEWSMARK_CLI)")


@pytest.mark.parametrize(
    "name",
    ["invented", "emoji", "empty", "nul"] + sorted(p.name for p in (ROOT / "tests/articles").glob("*.txt")),
)
def test_same_as_command_line(name, tmp_path):
    texts = {
        "invented": ARTICLE,
        "emoji": "\U0001F4F0\U0001D4DD \U0001F600\n\n" + ARTICLE,
        "empty": "",
        "nul": "a\x00b " + ARTICLE,
    }
    text = texts.get(name)
    if text is None:
        text = (ROOT / "tests/articles" / name).read_text(encoding="utf-8")
    f = tmp_path / "article.txt"
    f.write_bytes(text.encode("utf-8"))
    out = subprocess.run(
        [cli_binary(), "annotate", str(f)], capture_output=True, check=True, timeout=60
    )
    assert newsmark.annotate(text) == json.loads(out.stdout)


def test_a_readers_lexicon_applies_and_a_bad_one_raises():
    text = "Velmora Tesk, the harbour master, said the Quillport Ferry Authority would cut crossings."
    plain = newsmark.annotate(text)
    assert any(a["kind"] == "person" and a["text"] == "Velmora Tesk" for a in plain["annotations"])
    entries = [{"name": "Velmora Tesk", "kind": "org"}, {"name": "Quillport Ferry Authority", "kind": "none"}]
    for lexicon in (entries, {"newsmark": "lexicon", "version": 1, "entries": entries}):
        for r in (newsmark.annotate(text, lexicon=lexicon), newsmark.annotate_batch([text], lexicon=lexicon)[0]):
            kinds = {(a["kind"], a["text"]) for a in r["annotations"]}
            assert ("org", "Velmora Tesk") in kinds and ("person", "Velmora Tesk") not in kinds, kinds
            assert ("org", "Quillport Ferry Authority") not in kinds, kinds
    for bad in ([{"name": "Velmora Tesk", "kind": "company"}], {"version": 2, "entries": []}, "Velmora Tesk"):
        with pytest.raises(ValueError):
            newsmark.annotate(text, lexicon=bad)
