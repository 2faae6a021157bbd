"""Author names in the one form sources store them (Vancouver: "Lasoń W, Müller HJ"),
and back into family and given names for the export formats."""

import re

ET_AL = "et al."
INITIALS = re.compile(r"^[A-Z\u00c0-\u024f]{1,4}$")
SUFFIXES = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}


def vancouver(family, given=""):
    """ "Lasoń", "Władysław J." → "Lasoń WJ"; a name with no given part stays as it is."""
    family = " ".join(family.split())
    words = re.split(r"[\s.\-]+", given or "")
    initials = "".join(word[0].upper() for word in words if word and word[0].isalpha())
    return f"{family} {initials}" if initials else family


def from_inverted(name):
    """ "Lasoń, W." (RIS, MEDLINE's FAU) → "Lasoń W", "Zarate, C. A., Jr" → "Zarate CA Jr";
    a name without a comma is kept as it is."""
    family, given, suffix = ([part.strip() for part in name.split(",", 2)] + ["", ""])[:3]
    return " ".join(filter(None, [vancouver(family, given), suffix])) if given else family


def joined(names, more=False, limit=500):
    """The stored authors field; when the names do not fit, the first six and "et al."."""
    text = ", ".join(names) + (f", {ET_AL}" if more and names else "")
    if len(text) <= limit:
        return text
    return ", ".join(names[:6]) + f", {ET_AL}"


def split(authors):
    """The stored field back into [(family, given initials, suffix)] and whether the list
    was cut ("et al."). A name not in Vancouver form ("Scott Alexander") is one family."""
    people, more = [], False
    for part in re.split(r"[,;]", authors):
        part = part.strip()
        if part.endswith(ET_AL) or part == "others":
            more = True
            part = part.removesuffix(ET_AL).removesuffix("others").strip()
        if not part:
            continue
        words = part.split()
        suffix = words.pop() if len(words) > 2 and words[-1] in SUFFIXES else ""
        if len(words) > 1 and INITIALS.match(words[-1]):
            people.append((" ".join(words[:-1]), words[-1], suffix))
        else:
            people.append((" ".join(words), "", suffix))
    return people, more


def short_label(authors, more, year):
    """The public short name the curators write: "Bonnet, 2015", "Krupitsky and Grinenko,
    1997", "Zarate et al., 2006"; empty without authors (the title is shown instead)."""
    families = [family for family, _, _ in split(", ".join(authors))[0]]
    if not families:
        return ""
    if len(families) == 2 and not more:
        who = " and ".join(families)
    else:
        who = families[0] + (" et al." if more or len(families) > 2 else "")
    return f"{who}, {year}"[:120] if year else who[:120]
