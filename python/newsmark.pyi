"""newsmark: the people, organizations, quotes (with speakers) and check-worthy claims in news text.

Offsets are Unicode code points (Python str indices), end exclusive:
``text[a["start"]:a["end"]] == a["text"]`` for every annotation ``a``.
"""

from typing import Any, Iterable

__version__: str
MAX_TEXT_BYTES: int

def annotate(text: str, lexicon: Any = None) -> dict[str, Any]:
    """The analysis of ``text`` as ``newsmark annotate`` writes it in JSON.

    Keys: ``annotations`` (kind, start, end, text; entity for people and organizations;
    direct, speaker, speaker_name, speaker_entity for quotes; score and reasons for claims),
    ``entities`` (id, kind, name, mentions), ``diagnostics`` (code, message) and
    ``furniture`` (start, end). Raises TypeError for a non-str and ValueError for a str with
    lone surrogates.

    ``lexicon``: a reader's lexicon, applied after detection: a list of ``{"name", "kind"}``
    (kind ``person``, ``org`` or ``none``) or the dict the paste page exports
    (``{"version": 1, "entries": [...]}``). A malformed one raises ValueError.
    """

def annotate_batch(texts: Iterable[str], lexicon: Any = None) -> list[dict[str, Any]]:
    """``annotate`` for each text, in order, with the GIL released while annotating."""
