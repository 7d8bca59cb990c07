#!/usr/bin/env python3
"""Deterministic generator of glossaries shaped like the real one (for benchmarks).

    python3 tests/bench/gen.py --out DIR --articles N [--languages L] [--seed S]

Writes DIR/.glossary.yaml (glossaries: ["Texts/*"]) and DIR/Texts/<Language>/<slug>.md: L language
folders (Norwegian first), the same N slugs in each. Articles are 2-7 KB (about 4 KB on average):
front matter (keywords, title, description), a `#` title, 3-6 `##` sections of prose with æøå,
ü, é and the odd emoji, 3-10 internal links (about 3% broken by a typo, 1% with a #fragment, some
reference-style; --hub N adds a link to the first slug in N articles), a highlights section in about 90% of articles, about 5% malformed (`##Heading`
without the space, en-dash bullets), about 1% without a description. The same arguments always
give byte-identical files. Standard library only; languages are written in parallel.
"""
import argparse
import multiprocessing
import os
import random
import sys
import time

LANGUAGES = ["Norwegian", "English", "German", "French", "Spanish", "Italian", "Portuguese",
             "Dutch", "Swedish", "Danish", "Finnish", "Polish", "Czech", "Hungarian", "Romanian",
             "Greek", "Turkish", "Russian", "Ukrainian", "Japanese", "Korean", "Chinese",
             "Arabic", "Hebrew", "Hindi", "Thai", "Vietnamese", "Indonesian", "Malay", "Icelandic"]

HIGHLIGHTS = {"Norwegian": "Høydepunkter", "English": "Highlights", "German": "Höhepunkte",
              "French": "Points forts", "Spanish": "Puntos clave", "Italian": "Punti salienti",
              "Dutch": "Hoogtepunten", "Swedish": "Höjdpunkter", "Danish": "Højdepunkter"}

SLUG_WORDS = ["account", "asset", "bond", "budget", "capital", "cash", "credit", "debt",
              "equity", "fund", "income", "interest", "invest", "ledger", "loan", "margin",
              "market", "option", "profit", "rate", "return", "risk", "share", "stock", "tax",
              "trade", "value", "yield", "price", "cost", "growth", "index", "liability",
              "dividend", "futures", "hedge", "leverage", "payment", "revenue", "savings",
              "balance", "broker", "currency", "deposit", "exchange", "finance", "insurance",
              "mortgage", "pension", "portfolio", "premium", "security", "spread", "swap",
              "turnover", "volume", "wealth", "annual", "net", "gross", "fixed", "variable",
              "current", "deferred", "marginal", "average", "total", "real", "nominal"]

WORDS = {
    "Norwegian": ("en kontoansvarlig er ansatt på nivå som har ansvar for daglig drift av kunde "
                  "konto bedrift avkastning investering økonomi lønnsomhet kostnad fordel "
                  "tjenester produkter forhold å sikre at får være blir også både særlig "
                  "verdi rente risiko marked selskap regnskap skatt lån egenkapital gjeld "
                  "forsikring børs aksje fond sparing pensjon kjøp salg pris vekst nøkkeltall"),
    "English": ("an account manager is employee responsible for the daily management of client "
                "company return investment profit cost benefit services products relationship "
                "to ensure that gets be becomes also both particularly value interest risk "
                "market business accounting tax loan equity debt insurance exchange stock fund "
                "savings pension purchase sale price growth indicator café naïve résumé"),
}
GENERIC = ("lorem ipsum dolor sit amet économie größe straße mañana über café déjà vu "
           "kapital wert risiko markt preis zins börse fonds wachstum kosten nutzen ergebnis "
           "analyse entwicklung verwaltung übersicht prüfung änderung öffentlich")

EMOJI = ["😀", "📈", "💶", "✅"]


def make_slugs(n, rng):
    seen = set()
    out = []
    while len(out) < n:
        k = rng.choice((1, 2, 2, 3))
        parts = [rng.choice(SLUG_WORDS) for _ in range(k)]
        slug = ("-" if rng.random() < 0.6 else "").join(parts)
        if len(out) > len(SLUG_WORDS) * 8:
            slug += "-%d" % rng.randrange(1000)
        if slug in seen:
            continue
        seen.add(slug)
        out.append(slug)
    return out


def typo(slug, rng):
    i = rng.randrange(len(slug))
    c = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return slug[:i] + c + slug[i + 1:] if rng.random() < 0.5 else slug[:i] + slug[i + 1:] + "x"


def heading_id(text):
    out = []
    for ch in text.lower():
        if ch.isalnum() or ch in "-_":
            out.append(ch)
        elif ch == " ":
            out.append("-")
    return "".join(out)


class Writer:
    def __init__(self, language, slugs, seed, hub=0):
        self.hub = hub
        self.language = language
        self.slugs = slugs
        self.words = WORDS.get(language, GENERIC).split()
        self.highlights = HIGHLIGHTS.get(language, "Highlights")
        self.seed = seed

    def title_of(self, slug):
        title = slug.replace("-", " ")
        if self.language == "Norwegian" and len(slug) % 3 == 0:
            title = title.replace("a", "å", 1)
        return title

    def sentence(self, rng, lo=8, hi=20):
        w = [rng.choice(self.words) for _ in range(rng.randint(lo, hi))]
        if rng.random() < 0.03:
            w.insert(rng.randrange(len(w)), rng.choice(EMOJI))
        s = " ".join(w)
        return s[0].upper() + s[1:] + "."

    def section_titles(self, rng, n):
        return [" ".join(rng.choice(self.words) for _ in range(rng.randint(2, 4))).capitalize()
                for _ in range(n)]

    def article(self, index):
        rng = random.Random("%s/%s/%d" % (self.seed, self.language, index))
        slug = self.slugs[index]
        title = self.title_of(slug)
        description = self.sentence(rng, 12, 24)
        front = ["---", "keywords: %s" % ", ".join(rng.choice(self.words).capitalize()
                                                  for _ in range(rng.randint(1, 3))),
                 "title: %s" % title]
        if rng.random() >= 0.01:
            front.append("description: %s" % description)
        front.append("---")
        nsections = rng.randint(3, 6)
        titles = self.section_titles(rng, nsections)
        paragraphs = []
        for _ in range(nsections):
            paragraphs.append([" ".join(self.sentence(rng) for _ in range(rng.randint(2, 6)))
                               for _ in range(rng.randint(1, 2))])
        # internal links, placed into paragraphs
        refs = []
        nlinks = rng.randint(3, 10)
        for k in range(nlinks):
            target = self.slugs[rng.randrange(len(self.slugs))]
            if target == slug:
                target = self.slugs[(index + 1) % len(self.slugs)]
            roll = rng.random()
            if roll < 0.03:
                dest = "/" + typo(target, rng)
            elif roll < 0.04:
                frag = heading_id(self.title_of(target)) if rng.random() < 0.5 else "nope"
                dest = "/%s#%s" % (target, frag)
            else:
                dest = "/" + target
            text = " ".join(rng.choice(self.words) for _ in range(rng.randint(1, 3)))
            s = rng.randrange(nsections)
            p = rng.randrange(len(paragraphs[s]))
            if roll > 0.9 and not refs:
                label = "ref%d" % k
                link = "[%s][%s]" % (text, label)
                refs.append("[%s]: %s" % (label, dest))
            else:
                link = "[%s](%s)" % (text, dest)
            paragraphs[s][p] += " " + link + " " + self.sentence(rng, 4, 9)
        if 0 < index <= self.hub:  # the benchmark's popular term: linked from `hub` articles
            paragraphs[0][0] += " See also [the hub term](/%s)." % self.slugs[0]
        body = ["", "# %s" % title]
        for i in range(nsections):
            body.append("## %s" % titles[i])
            body.append("")
            for para in paragraphs[i]:
                body.append(para)
                body.append("")
        if refs:
            body.extend(refs)
            body.append("")
        roll = rng.random()
        if roll < 0.90:
            malformed = rng.random() < 0.055
            heading = ("##%s" if malformed and rng.random() < 0.5 else "## %s") % self.highlights
            bullet = "– " if malformed else "- "
            body.append(heading)
            body.append("")
            for _ in range(rng.randint(2, 4)):
                body.append(bullet + self.sentence(rng, 8, 16))
                if bullet == "– ":
                    body.append("")
            body.append("")
        return "\n".join(front + body).rstrip("\n") + "\n"


def write_language(args):
    out, language, n, seed, hub = args
    rng = random.Random(seed)
    slugs = make_slugs(n, rng)
    folder = os.path.join(out, "Texts", language)
    os.makedirs(folder, exist_ok=True)
    w = Writer(language, slugs, seed, hub)
    total = 0
    for i in range(n):
        text = w.article(i).encode("utf-8")
        total += len(text)
        with open(os.path.join(folder, slugs[i] + ".md"), "wb") as f:
            f.write(text)
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--languages", type=int, default=1)
    ap.add_argument("--seed", default="glossary")
    ap.add_argument("--hub", type=int, default=0,
                    help="make the first slug linked from this many articles (rename benchmark)")
    args = ap.parse_args()
    if not 1 <= args.languages <= len(LANGUAGES):
        sys.exit("--languages must be between 1 and %d" % len(LANGUAGES))
    start = time.time()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, ".glossary.yaml"), "w") as f:
        f.write("# Generated by tests/bench/gen.py: one glossary per language folder.\n"
                "glossaries:\n  - \"Texts/*\"\n")
    jobs = [(args.out, LANGUAGES[i], args.articles, args.seed, args.hub)
            for i in range(args.languages)]
    if len(jobs) > 1:
        with multiprocessing.Pool() as pool:
            sizes = pool.map(write_language, jobs)
    else:
        sizes = [write_language(jobs[0])]
    files = args.articles * args.languages
    print("gen.py: %d files, %.1f MB, %.1f s" % (files, sum(sizes) / 1e6, time.time() - start),
          file=sys.stderr)


if __name__ == "__main__":
    main()
