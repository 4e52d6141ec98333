#!/usr/bin/env python3
"""Generates a large, realistic knowledge-base folder for magchat scale runs (bench/README.md).

    python3 bench/gen_kb.py --count 10000 --out /tmp/kb-10k [--src kb] [--seed 1]

The folder holds `--count` entries in total: every real entry of the source folder (so the question set of
tests/eval still finds its answers) plus generated ones, each built from the real FAQ entries:

- the question and the alternate questions are real phrasings of one base entry, narrowed to a group of
  people or a situation ("... for older adults", "... while breastfeeding"), with varied lead-ins and endings;
  every question and alternate is unique after magchat's normalisation, so `magchat kb lint` passes;
- the answer recombines the base entry's opening sentence with sentences and lists of other real entries that
  share one of its tags, plus a sentence about the group, so word statistics stay those of real text;
- tags are the base entry's tags plus the concept of the group when there is one (tags must be concepts);
- sources, reviewed date and status are the base entry's;
- about 3% of the generated entries are articles whose sections are headed by real questions.

synonyms.yaml, scope.yaml and emergency.yaml are copied unchanged. Deterministic for a given --seed.
"""
import argparse
import json
import os
import random
import re
import shutil
import sys

try:
    import yaml  # PyYAML, when present; otherwise the small reader below handles magchat's front matter
except ImportError:  # pragma: no cover
    yaml = None

# Groups of people and situations a question is narrowed to, with the concept id (tag) each names, if any.
GROUPS = [
    ("for older adults", "older-adults"), ("in people over 70", "older-adults"), ("for seniors", "older-adults"),
    ("in elderly parents", "older-adults"), ("for people in their 60s", "older-adults"),
    ("during pregnancy", "pregnancy"), ("while breastfeeding", "pregnancy"), ("in the third trimester", "pregnancy"),
    ("when trying to get pregnant", "pregnancy"),
    ("for children", "children"), ("for teenagers", "children"), ("in toddlers", "children"),
    ("for school-age kids", "children"),
    ("for endurance athletes", "exercise"), ("for marathon runners", "exercise"), ("for people who sweat a lot", "exercise"),
    ("for cyclists training in summer", "exercise"), ("for football players", None),
    ("for people with type 2 diabetes", "diabetes"), ("with type 1 diabetes", "diabetes"),
    ("with poorly controlled blood sugar", "diabetes"),
    ("with chronic kidney disease", "kidney"), ("for people on dialysis", "kidney"), ("with reduced kidney function", "kidney"),
    ("for people taking diuretics", "diuretics"), ("while on water pills", "diuretics"),
    ("for people on proton pump inhibitors", "ppi"), ("after years on omeprazole", "ppi"),
    ("with Crohn's disease", "gut-disorders"), ("with celiac disease", "gut-disorders"), ("after gastric bypass surgery", None),
    ("for heavy drinkers", "alcohol"), ("for people who drink every day", "alcohol"),
    ("for adult women", "adults"), ("for men over 40", "adults"), ("for young adults", "adults"),
    ("on a vegan diet", None), ("for vegetarians", None), ("in hot weather", None), ("for night-shift workers", None),
    ("after a stomach bug", None), ("for people with high blood pressure", None), ("during menopause", None),
    ("for people with heart rhythm problems", "heart"), ("for people with osteoporosis", "bone"),
    ("for people who get muscle cramps", "muscles"), ("for people taking antibiotics", "antibiotics"),
    ("for people on thyroid medication", "levothyroxine"), ("for people who use antacids daily", "antacids"),
    ("for people who take laxatives", "laxatives"), ("for people who take calcium too", "calcium"),
    ("for people who take vitamin D", "vitamin-d"), ("in hospital patients", None), ("for care-home residents", None),
]
LEADS = ["", "", "", "Quick question: ", "I was wondering: ", "Can you tell me: ", "My doctor mentioned this - ",
         "Honest question: ", "Asking for my mother: ", "Asking for a friend: ", "Out of curiosity: ",
         "Please explain: ", "Something I never understood: ", "From a nurse: ", "Simple question: "]
ENDINGS = ["", "", "", "", " in plain words", " in simple terms", " briefly", " in detail", " day to day",
           " in the long term", " in the short term", " according to the NIH", " these days", " at home",
           " compared with other people", " in general", " really", " at all", " in practice", " over time"]
GROUP_SENTENCES = [
    "The same general points apply {g}, but individual needs differ, so a doctor or pharmacist can advise.",
    "{G}, the picture is much the same; a health professional can say what it means for a particular person.",
    "There is no separate rule {g}; a doctor can check whether anything about their health changes it.",
    "Questions about this {g} are common, and the answer above still holds as general information.",
    "{G}, it is worth mentioning any medicines and supplements to the doctor, since these can change magnesium levels.",
]

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def norm_key(text):
    """Coarser than magchat's normalize_text: two texts it treats as equal always get the same key here."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def read_front_matter(text):
    """(front matter dict, body) of one entry file."""
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.find("\n---\n", 3)
    front, body = text[4:end + 1], text[end + 5:]
    if yaml is not None:
        return yaml.safe_load(front), body
    return read_simple_yaml(front), body


def read_simple_yaml(front):
    """The subset of YAML that kb files use: scalars, [a, b] lists, '- x' lists and '- title/url' maps."""
    data, key, item = {}, None, None
    for line in front.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if value.startswith("[") and value.endswith("]"):
                data[key] = [v.strip().strip("\"'") for v in value[1:-1].split(",") if v.strip()]
            elif value:
                data[key] = value.strip("\"'")
            else:
                data[key] = []
            continue
        stripped = line.strip()
        if stripped.startswith("- "):
            rest = stripped[2:]
            if ":" in rest and key == "sources":
                k, _, v = rest.partition(":")
                item = {k.strip(): v.strip().strip("\"'")}
                data[key].append(item)
            else:
                data[key].append(rest.strip("\"'"))
        elif item is not None and ":" in stripped:
            k, _, v = stripped.partition(":")
            item[k.strip()] = v.strip().strip("\"'")
    return data


def load_entries(src):
    faqs, articles = [], []
    for sub, out in (("faq", faqs), ("articles", articles)):
        folder = os.path.join(src, sub)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".md") or name == "README.md":
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                meta, body = read_front_matter(f.read())
            meta["body"] = body.strip()
            meta["file"] = os.path.join(sub, name)
            out.append(meta)
    return faqs, articles


def blocks_of(body):
    """Prose sentences and whole Markdown lists of a body (a list is kept together, with its lead-in)."""
    sentences, lists = [], []
    for para in re.split(r"\n\s*\n", body):
        para = para.strip()
        if not para or para.startswith("#"):
            continue
        if any(l.lstrip().startswith(("- ", "* ", "1. ")) for l in para.splitlines()):
            lists.append(para)
        else:
            # A sentence ending in ':' introduces a list that is not there out of context: left out.
            sentences.extend(s.strip() for s in SENTENCE_SPLIT.split(" ".join(para.split()))
                             if s.strip() and not s.strip().endswith(":"))
    return sentences, lists


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def sources_yaml(sources):
    lines = ["sources:"]
    for s in sources:
        lines.append(f"  - title: {yaml_str(str(s['title']))}")
        lines.append(f"    url: {s['url']}")
    return lines


def slug(text):
    return "-".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


class Generator:
    def __init__(self, faqs, articles, seed):
        self.rng = random.Random(seed)
        self.faqs = faqs
        self.articles = articles
        self.used_questions = set()
        self.used_ids = set()
        for e in faqs:
            self.used_ids.add(e["id"])
            for q in [e["question"]] + list(e.get("alternate_questions") or []):
                self.used_questions.add(norm_key(q))
        for a in articles:
            self.used_ids.add(a["id"])
        # Sentence and list pools per tag, from every real FAQ answer and article section.
        self.sentences_by_tag, self.lists_by_tag = {}, {}
        self.first_sentence = {}
        for e in faqs:
            sentences, lists = blocks_of(e["body"])
            # The opening of the answer: its first sentence, or its first paragraph when that is a list.
            self.first_sentence[e["id"]] = sentences[0] if sentences else e["body"].split("\n\n")[0].strip()
            for t in e["tags"]:
                self.sentences_by_tag.setdefault(t, []).extend(sentences[1:] or sentences)
                self.lists_by_tag.setdefault(t, []).extend(lists)
        self.headings = []
        for a in articles:
            for h in re.findall(r"^## (.+)$", a["body"], flags=re.M):
                self.headings.append(h.strip())

    def phrasing(self, base_text, group):
        """One unique variant of a real question narrowed to `group`, or None after too many collisions."""
        core = base_text.strip().rstrip("?.! ")
        for _ in range(40):
            lead = self.rng.choice(LEADS)
            ending = self.rng.choice(ENDINGS)
            text = core[0].lower() + core[1:] if lead and not core.startswith(("I ", "I'")) else core
            q = f"{lead}{text} {group}{ending}?"
            key = norm_key(q)
            if key not in self.used_questions:
                self.used_questions.add(key)
                return q
        return None

    def new_id(self, base_id, group, n):
        i = f"{base_id}-{slug(group)}"[:88].rstrip("-") + f"-{n:06d}"
        while i in self.used_ids:
            n += 1
            i = i[: i.rfind("-")] + f"-{n:06d}"
        self.used_ids.add(i)
        return i

    def answer_body(self, base, group):
        rng = self.rng
        parts = [self.first_sentence[base["id"]]]
        pool = []
        for t in base["tags"]:
            pool.extend(self.sentences_by_tag.get(t, []))
        for s in rng.sample(pool, min(len(pool), rng.randint(2, 4))):
            if s not in parts:
                parts.append(s)
        g = group
        sentence = rng.choice(GROUP_SENTENCES)
        parts.append(sentence.format(g=g, G=g[0].upper() + g[1:]))
        # An opening that is a list stays a block of its own; sentences follow as one paragraph.
        body = parts[0] + "\n\n" + " ".join(parts[1:]) if "\n" in parts[0] else " ".join(parts)
        lists = [l for t in base["tags"] for l in self.lists_by_tag.get(t, [])]
        if lists and rng.random() < 0.3:
            body += "\n\n" + rng.choice(lists)
        return body

    def faq(self, n):
        rng = self.rng
        for _ in range(100):
            base = rng.choice(self.faqs)
            group, group_tag = rng.choice(GROUPS)
            question = self.phrasing(base["question"], group)
            if question:
                break
        else:
            raise RuntimeError("could not find a unique question; raise the variety in GROUPS/LEADS/ENDINGS")
        alts = []
        real_alts = list(base.get("alternate_questions") or [])
        rng.shuffle(real_alts)
        for alt in real_alts[: rng.randint(2, 5)]:
            q = self.phrasing(alt, group)
            if q:
                alts.append(q)
        tags = list(base["tags"])
        if group_tag and group_tag not in tags:
            tags.append(group_tag)
        lines = ["---", f"id: {self.new_id(base['id'], group, n)}", "kind: faq", f"question: {yaml_str(question)}"]
        if alts:
            lines.append("alternate_questions:")
            lines.extend(f"  - {yaml_str(a)}" for a in alts)
        lines.append(f"tags: [{', '.join(tags)}]")
        lines.extend(sources_yaml(base["sources"]))
        lines += [f"reviewed: {base['reviewed']}", "status: published", "---", self.answer_body(base, group), ""]
        return "faq", lines

    def article(self, n):
        rng = self.rng
        group, group_tag = rng.choice(GROUPS)
        bases = rng.sample(self.faqs, rng.randint(3, 5))
        tags = []
        for b in bases:
            for t in b["tags"][:1]:
                if t not in tags:
                    tags.append(t)
        if group_tag and group_tag not in tags:
            tags.append(group_tag)
        sources = []
        for b in bases:
            for s in b["sources"]:
                if s not in sources:
                    sources.append(s)
        topic = bases[0]["question"].rstrip("?")
        lines = ["---", f"id: {self.new_id('guide', group, n)}", "kind: article",
                 f"title: {yaml_str('Magnesium ' + group + ': ' + topic[0].lower() + topic[1:])}",
                 f"tags: [{', '.join(tags)}]"]
        lines.extend(sources_yaml(sources[:5]))
        lines += [f"reviewed: {bases[0]['reviewed']}", "status: published", "---"]
        lines.append(self.answer_body(bases[0], group).split("\n\n")[0])
        for b in bases:
            heading = b["question"].rstrip("?")
            if self.headings and rng.random() < 0.3:
                heading = rng.choice(self.headings)
            lines += ["", f"## {heading}", self.answer_body(b, group), ""]
        return "articles", lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, required=True, help="entries in the generated folder, real ones included")
    ap.add_argument("--out", required=True, help="folder to write (replaced if it exists)")
    ap.add_argument("--src", default="kb", help="the real knowledge base (default kb)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--article-share", type=float, default=0.03)
    args = ap.parse_args()

    faqs, articles = load_entries(args.src)
    if not faqs:
        sys.exit(f"gen_kb: no FAQ entries under {args.src}/faq")
    real = len(faqs) + len(articles)
    if args.count < real:
        sys.exit(f"gen_kb: --count must be at least the {real} real entries")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "faq"))
    os.makedirs(os.path.join(args.out, "articles"))
    for name in ("synonyms.yaml", "scope.yaml", "emergency.yaml"):
        if os.path.exists(os.path.join(args.src, name)):
            shutil.copy(os.path.join(args.src, name), os.path.join(args.out, name))
    for e in faqs + articles:
        shutil.copy(os.path.join(args.src, e["file"]), os.path.join(args.out, e["file"]))

    gen = Generator(faqs, articles, args.seed)
    for n in range(1, args.count - real + 1):
        sub, lines = gen.article(n) if gen.rng.random() < args.article_share else gen.faq(n)
        entry_id = lines[1][len("id: "):]
        with open(os.path.join(args.out, sub, entry_id + ".md"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    print(f"gen_kb: {args.count} entries ({real} real, {args.count - real} generated) in {args.out}")


if __name__ == "__main__":
    main()
