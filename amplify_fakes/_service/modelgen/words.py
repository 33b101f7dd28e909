"""The word forms codegen derives from type and field names.

``plural`` gives a model's ``pluralName`` and the default index names; codegen uses the
``pluralize`` package for it. This is a smaller English pluralizer written for model names:
irregular and uncountable nouns, then suffix rules, the first that matches wins, applied to
the end of the name with the matched part's letter case kept (``Category`` -> ``Categories``,
``BlogPerson`` -> ``BlogPeople``, ``TODO`` -> ``TODOS``). The comparison test against the
real plugin checks it on a list of common model names.
"""

from __future__ import annotations

import re

# Whole words (lowercase) with an irregular plural.
_IRREGULAR: dict[str, str] = {
    "person": "people",
    "child": "children",
    "human": "humans",
    "ox": "oxen",
    "foot": "feet",
    "tooth": "teeth",
    "goose": "geese",
    "die": "dice",
    "quiz": "quizzes",
    "axe": "axes",
    "pickaxe": "pickaxes",
    "thief": "thieves",
    "proof": "proofs",
    "valve": "valves",
    "groove": "grooves",
    "eave": "eaves",
    "echo": "echoes",
    "volcano": "volcanoes",
    "tornado": "tornadoes",
    "torpedo": "torpedoes",
    "genus": "genera",
    "schema": "schemata",
    "stigma": "stigmata",
    "dogma": "dogmata",
    "passerby": "passersby",
    "this": "these",
    "that": "those",
}
_ALREADY_PLURAL = frozenset(_IRREGULAR.values())

# Whole words (lowercase) that stay as they are.
_UNCOUNTABLE = frozenset(
    [
        "advice",
        "agenda",
        "aircraft",
        "analytics",
        "audio",
        "cash",
        "chassis",
        "clothing",
        "commerce",
        "corps",
        "debris",
        "equipment",
        "energy",
        "expertise",
        "firmware",
        "garbage",
        "hardware",
        "headquarters",
        "health",
        "homework",
        "information",
        "jeans",
        "justice",
        "literature",
        "machinery",
        "mail",
        "media",
        "moose",
        "music",
        "news",
        "personnel",
        "police",
        "research",
        "rice",
        "salmon",
        "series",
        "software",
        "species",
        "staff",
        "traffic",
        "transportation",
        "trout",
        "tuna",
        "wealth",
        "welfare",
        "wildlife",
    ]
)

# (pattern at the end of the word, replacement); the first that matches wins.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), r)
    for p, r in [
        (r"(?:deer|fish|sheep|measles|pox|[^aeiou]ese|o[iu]s)$", r"\g<0>"),
        (r"m[ae]n$", "men"),
        (r"(child)(?:ren)?$", r"\1ren"),
        (r"(pe)(?:rson|ople)$", r"\1ople"),
        (r"\b((?:tit)?m|l)(?:ouse|ice)$", r"\1ice"),
        (r"(matr|cod|mur|sil|vert|ind|append)(?:ix|ex)$", r"\1ices"),
        (r"(x|ch|ss|sh|zz)$", r"\1es"),
        (r"([^ch][ieo][ln])ey$", r"\1ies"),
        (r"([^aeiouy]|qu)y$", r"\1ies"),
        (r"(?:(kni|wi|li)fe|(ar|l|ea|eo|oa|hoo)f)$", r"\1\2ves"),
        (r"sis$", "ses"),
        (r"(criteri|phenomen|automat)(?:a|on)$", r"\1a"),
        (r"(dat|curricul|millenni|bacteri|strat|errat|quor|symposi|addend)(?:a|um)$", r"\1a"),
        (r"(her|at|gr)o$", r"\1oes"),
        (r"(alumn|alg|vertebr)(?:a|ae)$", r"\1ae"),
        (r"(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|foc|loc)(?:us|i)$", r"\1i"),
        (r"([^l]ias|[aeiou]las|[ejzr]as|[iu]am)$", r"\1"),
        (r"(e[mn]u)s?$", r"\1s"),
        (r"(alias|[^aou]us|t[lm]as|gas|ris)$", r"\1es"),
        (r"(ax|test)is$", r"\1es"),
        (r"s?$", "s"),
    ]
]


def plural(word: str) -> str:
    """The plural of ``word`` (a GraphQL type name), as codegen's ``pluralName``."""
    token = word.lower()
    if token in _ALREADY_PLURAL:
        return _restore_case(word, token)
    if token in _IRREGULAR:
        return _restore_case(word, _IRREGULAR[token])
    if not token or token in _UNCOUNTABLE:
        return word
    for pattern, replacement in _RULES:
        match = pattern.search(word)
        if match:
            result = match.expand(replacement)
            matched = match.group(0)
            model = matched if matched else word[match.start() - 1 : match.start()]
            return word[: match.start()] + _restore_case(model, result)
    return word


def _restore_case(model: str, text: str) -> str:
    """``text`` in the letter case of ``model`` (lower, upper or capitalized)."""
    if model == text:
        return text
    if model == model.lower():
        return text.lower()
    if model == model.upper():
        return text.upper()
    if model[0] == model[0].upper():
        return text[:1].upper() + text[1:].lower()
    return text.lower()


def _words(text: str) -> list[str]:
    """``text`` split into words at case changes and non-alphanumerics (change-case's rule)."""
    text = re.sub(r"([a-z0-9])([A-Z])", "\\1\0\\2", text)
    text = re.sub(r"([A-Z])([A-Z][a-z])", "\\1\0\\2", text)
    text = re.sub(r"[^A-Za-z0-9]+", "\0", text)
    return text.strip("\0").split("\0")


def constant_case(text: str) -> str:
    """``CONSTANT_CASE`` of ``text`` (how codegen keys enum values)."""
    return "_".join(word.upper() for word in _words(text))


def camel_case(text: str) -> str:
    """``camelCase`` of ``text`` (how codegen names a join model's fields)."""
    out = []
    for index, word in enumerate(_words(text)):
        if index == 0:
            out.append(word.lower())
        elif word[:1].isdigit():
            out.append(f"_{word[0]}{word[1:].lower()}")
        else:
            out.append(word[:1].upper() + word[1:].lower())
    return "".join(out)


def join_camel(words: list[str]) -> str:
    """The words joined, the first with a lowercase initial, the others capitalized."""
    return "".join((lower_first(w) if i == 0 else upper_first(w)) for i, w in enumerate(words))


def upper_first(word: str) -> str:
    """``word`` with its first character in upper case."""
    return word[:1].upper() + word[1:]


def lower_first(word: str) -> str:
    """``word`` with its first character in lower case."""
    return word[:1].lower() + word[1:]
