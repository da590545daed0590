"""Write rules/audit/words.yaml: python bench/routine/real_words.py [WORD_LIST]

The routine rules forgive one typo in a word of five letters or more, which would read words
that are words of their own as another ("curious" as "furious"). This lists the English words
one typo away from a word of the shipped rules (every pack's) that is not an inflection of it
(neither is a prefix of the other, stemmed), so that the audit takes them as written
(README.md, "After round 7"). WORD_LIST: one word a line, default /usr/share/dict/
american-english (Debian's wamerican, SCOWL); only lower-case words of letters are read. Run it
again after changing the rules' phrases, and commit the file it writes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from evaluate import shipped_rules

from servicefit.audit.intents import lexicon_of, other_words, stem

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "rules" / "audit" / "words.yaml"
HEADER = """\
# English words the routine rules take as written: one typo would otherwise read each as
# another word of the rules ("curious" as the escalation cue "furious", "there" as "where"),
# while it is a word of its own (bench/routine/README.md, "After round 7"). Written by
# bench/routine/real_words.py from {source} ({count:,} words); run it again after changing
# the phrases of rules/audit/intents.yaml. A rule set of your own may give its own list here.
#
# Drawn from SCOWL (Spell Checker Oriented Word Lists), as Debian's wamerican package ships it.
# Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell
# these word lists, the associated scripts, the output created from the scripts, and its
# documentation for any purpose is hereby granted without fee, provided that the above
# copyright notice appears in all copies and that both that copyright notice and this
# permission notice appear in supporting documentation. Kevin Atkinson makes no
# representations about the suitability of this array for any purpose. It is provided "as is"
# without express or implied warranty.
"""


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/dict/american-english")
    rules = shipped_rules()
    every = {i.id: i for pack in (None, *rules.packs) for i in rules.intents_for(pack)}
    lexicon = lexicon_of(rules, (*every.values(), rules.grammar.intent))
    lines = source.read_text(encoding="utf-8").splitlines()
    english = sorted({w for w in lines if re.fullmatch(r"[a-z]+", w)})
    found = [w for w in english if other_words(stem(w), lexicon.stands_for(stem(w)))]
    body, row = ["real_words: >-"], ""
    for word in found:  # one text of words and spaces, wrapped at 96 characters
        if row and len(row) + 1 + len(word) > 94:
            body.append("  " + row)
            row = ""
        row = f"{row} {word}" if row else word
    if row:
        body.append("  " + row)
    text = HEADER.format(source=source.name, count=len(found))
    OUT.write_text(text + "\n".join(body) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(found):,} words of {len(english):,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
