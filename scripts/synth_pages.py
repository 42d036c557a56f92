#!/usr/bin/env python3
"""Invented whole web pages, as a reader's select-all + copy gives them, built from shippable
text only: the training data of the layout stage's block classifier (scripts/train_layout.py).

The article paragraphs, story teasers and headlines are sentences of GUM's CC BY train split
(../shared/data/train/ner/gum_ccby: Wikinews news and interviews, academic and court texts);
readers' comments are sentences of LitBank (CC BY 4.0, public-domain novels); menus, share,
account, cookie and legal lines, section headings and site names are general web vocabulary
(data/words.txt, the gazetteers' US government bodies and universities for site names). The
page's shape follows what news pages hold around their story (a header of menus, a headline,
a byline, share lines, the story with boxes inserted, related stories, comments, a footer), in
randomly chosen amounts and orders. No real web page is read.

    python3 scripts/synth_pages.py --pages 600 --out target/synth   # NAME.page.txt + labels.jsonl

labels.jsonl: one line per page, {"name", "lines": [[label, text], ...]}, label 1 for article
text, 0 for furniture, null for a headline, byline or caption (a reader may keep it or not).
Python 3 standard library only; deterministic for a given --seed.
"""
import argparse
import gzip
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def bio_sentences(path):
    """Sentences of a BIO file, tokens joined back into text."""
    out, toks = [], []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if toks:
                    out.append(detok(toks))
                toks = []
            else:
                toks.append(line.split("\t")[0].split(" ")[0])
    if toks:
        out.append(detok(toks))
    return out


def detok(toks):
    s = " ".join(toks)
    s = re.sub(r" ([.,;:!?%)\]}'’”])", r"\1", s)
    s = re.sub(r"([(\[{“$]) ", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    s = s.replace(" - ", "-")
    if s.count('"') == 1:
        # a lone opening quotation mark sticks to the word after it
        s = s.replace('" ', '"', 1)
    return s


def word_list(name):
    """The entries of a list of data/words.txt."""
    out, on = [], False
    with open(os.path.join(ROOT, "data", "words.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("["):
                on = line.strip() == f"[{name}]"
                continue
            if on and line.strip() and not line.startswith("#") and not line.startswith("@"):
                out.append(line.strip())
    return out


def lines_of(path, limit=None):
    with open(path, encoding="utf-8") as f:
        out = [l.strip().split("\t")[0] for l in f if l.strip()]
    return out[:limit] if limit else out


class Gen:
    def __init__(self, shared, seed):
        self.r = random.Random(seed)
        ner = os.path.join(shared, "data", "train", "ner")
        gum = [s for s in bio_sentences(os.path.join(ner, "gum_ccby", "gum_ccby_train.bio.gz"))
               if len(s.split()) >= 4]
        self.prose = [s for s in gum if s[-1:] in ".!?\"”" and len(s.split()) >= 6]
        self.titles = [s for s in gum if 4 <= len(s.split()) <= 14]
        self.comments = [s for s in bio_sentences(os.path.join(ner, "litbank", "litbank_named.bio.gz"))
                         if 5 <= len(s.split()) <= 40]
        self.nav = [w for w in word_list("nav_words") if len(w) > 2]
        self.phrases = word_list("furniture")
        self.enders = word_list("article_enders") + word_list("comment_headings")
        self.comment_heads = word_list("comment_headings")
        gaz = os.path.join(shared, "data", "gazetteers")
        self.sites = (lines_of(os.path.join(gaz, "orgs", "universities.tsv"), 3000)
                      + lines_of(os.path.join(gaz, "orgs", "us_gov_orgs_dotgov.txt"), 3000))
        self.people = (lines_of(os.path.join(gaz, "names", "census1990_male_first.txt"), 500)
                       + lines_of(os.path.join(gaz, "names", "census1990_female_first.txt"), 500))
        self.places = lines_of(os.path.join(gaz, "places", "countries.tsv"))[1:]
        self.surnames = lines_of(os.path.join(gaz, "names", "census1990_surnames.txt"), 3000)

    # --- pieces ---------------------------------------------------------------------------
    def cap(self, s):
        return s[:1].upper() + s[1:]

    def title(self):
        words = self.r.choice(self.titles).rstrip(".!?").split()
        if self.r.random() < 0.5:
            words = [w[:1].upper() + w[1:] if len(w) > 3 else w for w in words]
        return " ".join(words)

    def person(self):
        return f"{self.r.choice(self.people).title()} {self.r.choice(self.surnames).title()}"

    def menu(self, n):
        items = [self.cap(self.r.choice(self.nav)) for _ in range(n)]
        style = self.r.random()
        if style < 0.2:
            return [" | ".join(items)]
        if style < 0.3:
            return [" ".join(items)]
        return items

    def date(self):
        m = self.r.choice(["January", "February", "March", "April", "May", "June", "July",
                           "August", "September", "October", "November", "December"])
        return self.r.choice([f"{m} {self.r.randint(1, 28)}, {self.r.randint(2000, 2030)}",
                              f"Published: {self.r.randint(1, 28)} {m} {self.r.randint(2000, 2030)}",
                              f"Updated {self.r.randint(1, 12)}:{self.r.randint(10, 59)} pm"])

    def phrase_line(self):
        p = self.cap(self.r.choice(self.phrases))
        if self.r.random() < 0.4:
            p += " " + self.r.choice(["now", "today", "for free", "here", "with us", ""])
        return p.strip()

    def paragraph(self, i):
        n = self.r.choice([1, 1, 2, 2, 3, 3, 4, 5])
        return " ".join(self.prose[(i + k) % len(self.prose)] for k in range(n)), n

    def related_box(self, lo, hi):
        """A section heading (related stories, most read, comments …) and its teasers."""
        return [[0, self.cap(self.r.choice(self.enders))]] + self.teasers(self.r.randint(lo, hi))

    def teasers(self, n):
        out = []
        for _ in range(n):
            t = self.title()
            if self.r.random() < 0.3:
                t += " " + self.r.choice(["(12)", "- video", "| " + self.date(), ""])
            out.append([0, t.strip()])
            if self.r.random() < 0.3:
                out.append([0, self.r.choice(self.prose)])
        return out

    # --- a page ---------------------------------------------------------------------------
    def page(self):
        r = self.r
        L = []
        site = r.choice(self.sites)
        if r.random() < 0.8:
            L.append([0, site])
        for _ in range(r.randint(0, 3)):
            L += [[0, x] for x in self.menu(r.randint(2, 12))]
        if r.random() < 0.5:
            L.append([0, self.phrase_line()])
        if r.random() < 0.3:
            L += self.related_box(2, 6)
        if r.random() < 0.3:
            L.append([0, " > ".join(self.cap(r.choice(self.nav)) for _ in range(r.randint(2, 3)))])
        L.append([None, self.title()])
        if r.random() < 0.4:
            # the standfirst: one sentence under the headline
            L.append([1, r.choice(self.prose)])
        if r.random() < 0.7:
            L.append([None, r.choice(["By ", "", "Written by "]) + self.person()])
        if r.random() < 0.6:
            L.append([None, self.date()])
        for _ in range(r.randint(0, 2)):
            L.append([0, self.cap(r.choice(["share", "tweet", "email", "print", "facebook",
                                            "twitter", "whatsapp", "comments"]))])
        start = r.randrange(len(self.prose))
        for k in range(r.randint(2, 20)):
            text, n = self.paragraph(start)
            start += n
            if k == 0 and r.random() < 0.3:
                # a dateline: `LONDON --`, `OTTAWA, Canada (AP) -`
                place = r.choice(self.places).upper()
                text = place + r.choice([" -- ", " - ", " — ", " (AP) -- ", " (Reuters) - "]) + text
            elif r.random() < 0.05:
                # a short paragraph of its own: a one-line quote, a list of names
                text = r.choice([
                    '"' + r.choice(self.titles).rstrip(".") + '," ' + self.person() + " said.",
                    self.cap(r.choice(self.nav)) + ": " + ", ".join(
                        r.choice(self.surnames).title() for _ in range(r.randint(4, 11))) + ".",
                ])
            L.append([1, text])
            x = r.random()
            if x < 0.04:
                L.append([0, "Advertisement"])
            elif x < 0.07:
                L.append([0, r.choice(["Related: ", "READ MORE: ", "See also: "]) + self.title()])
            elif x < 0.10:
                L.append([None, self.r.choice(self.titles).rstrip(".") + " (Photo: " + self.person() + ")"])
            elif x < 0.13:
                L.append([1, self.title()])
            elif x < 0.15:
                L += self.related_box(2, 4)
        if r.random() < 0.4:
            L.append([0, self.phrase_line()])
        if r.random() < 0.6:
            L += self.related_box(3, 10)
        if r.random() < 0.4:
            head = self.cap(r.choice(self.comment_heads))
            L.append([0, head + (f" ({r.randint(1, 90)})" if r.random() < 0.4 else "")])
            for _ in range(r.randint(1, 8)):
                L.append([0, self.person() + (" wrote:" if r.random() < 0.3 else "")])
                c = " ".join(r.choice(self.comments) for _ in range(r.randint(1, 3)))
                L.append([0, c])
        for _ in range(r.randint(0, 3)):
            L += [[0, x] for x in self.menu(r.randint(2, 10))]
        if r.random() < 0.7:
            L.append([0, f"© {r.randint(1998, 2030)} {site}. All rights reserved."])
        return L


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "synth"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    g = Gen(args.shared, args.seed)
    with open(os.path.join(args.out, "labels.jsonl"), "w", encoding="utf-8") as lab:
        for i in range(args.pages):
            name = f"synth{i:04d}"
            lines = g.page()
            with open(os.path.join(args.out, name + ".page.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(t for _, t in lines) + "\n")
            lab.write(json.dumps({"name": name, "lines": lines}) + "\n")


if __name__ == "__main__":
    main()
