"""Tests of the analyse stage: tokenization, Morfeusz tagging, spaCy Matcher patterns."""

from __future__ import annotations

import functools
import re
import threading

import pytest
from spacy.language import Language
from spacy.matcher import Matcher

from pipeline.analyse import (
    ABBREVIATIONS_PATH,
    add_abbreviations,
    analyse,
    choose_reading,
    find_readings,
    load_abbreviations,
    make_nlp,
    shared_nlp,
)
from pipeline.morphology import Reading, shared_morphology

from .conftest import ROOT

ADDRESS = "Ośrodek przy ul. Broniewskiego 5, al. Gen. Zajączka i m.st. Warszawy działa od 2020 r."


def token(text: str, form: str):
    """The first token of ``analyse(text)`` whose text is ``form``."""
    doc = analyse(text)
    for t in doc:
        if t.text == form:
            return t
    raise AssertionError(f"{form!r} not a token of {[t.text for t in doc]}")


def matches(text: str, *patterns: list[dict]) -> list[str]:
    doc = analyse(text)
    matcher = Matcher(doc.vocab)
    matcher.add("P", list(patterns))
    return [doc[start:end].text for _id, start, end in matcher(doc)]


# --- lemmas, POS and features ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "form", "lemma", "pos"),
    [
        ("Dyrektor Ośrodka Pomocy", "Ośrodka", "ośrodek", "NOUN"),
        ("razem z Wypożyczalnią Sprzętu", "Wypożyczalnią", "wypożyczalnia", "NOUN"),
        ("PARTNERSTWO LOKALNE", "PARTNERSTWO", "partnerstwo", "NOUN"),
        ("PARTNERSTWO LOKALNE", "LOKALNE", "lokalny", "ADJ"),
        ("umowa z Polskim Związkiem Niewidomych", "Związkiem", "związek", "NOUN"),
        ("umowa z Polskim Związkiem Niewidomych", "Polskim", "polski", "NOUN"),
        ("mieszka przy ulicy Broniewskiego", "Broniewskiego", "Broniewski", "PROPN"),
        ("spotkanie na Żoliborzu", "Żoliborzu", "Żoliborz", "PROPN"),
        ("szkoła imienia Jana Pawła II", "Jana", "Jan", "PROPN"),
        ("posiedzenie, na którym Rada Dzielnicy", "Rada", "rada", "NOUN"),
        ("Od poniedziałku", "Od", "od", "ADP"),
        ("seniorzy i dzieci", "i", "i", "CCONJ"),
        ("projekt był realizowany", "był", "być", "AUX"),
        ("projekt realizuje ośrodek", "realizuje", "realizować", "VERB"),
        ("dla niego", "niego", "on", "PRON"),
        ("w 2020 roku", "2020", "2020", "NUM"),
        ("Jana Pawła II", "II", "II", "NUM"),
        ("kosztował 1,5 mln", "1,5", "1,5", "NUM"),
        ("koniec.", ".", ".", "PUNCT"),
        ("program Xyzzqw działa", "Xyzzqw", "Xyzzqw", "PROPN"),
        ("program xyzzqw działa", "xyzzqw", "xyzzqw", "X"),
    ],
)
def test_lemma_and_pos(text, form, lemma, pos):
    t = token(text, form)
    assert (t.lemma_, t.pos_) == (lemma, pos)


def test_instrumental_case():
    t = token("razem z Wypożyczalnią Sprzętu", "Wypożyczalnią")
    assert t.morph.get("Case") == ["Ins"]
    assert t.morph.get("Number") == ["Sing"]
    assert t.morph.get("Gender") == ["Fem"]


def test_morph_is_the_union_of_ambiguous_cases():
    t = token("Ośrodek Pomocy Społecznej", "Społecznej")
    assert set(t.morph.get("Case")) == {"Gen", "Dat", "Loc"}
    assert str(t.morph) == "Case=Dat,Gen,Loc|Degree=Pos|Gender=Fem|Number=Sing"


def test_morph_union_is_limited_to_the_chosen_lemma():
    # "Związkiem" is also the instrumental of the surname Związek (m1, Animacy=Hum).
    t = token("umowa z Polskim Związkiem", "Związkiem")
    assert t.morph.get("Animacy") == ["Inan"]


def test_morph_superset_pattern_matches_every_possible_case():
    text = "Ośrodek Pomocy Społecznej"
    for case in ("Gen", "Loc", "Dat"):
        assert matches(text, [{"MORPH": {"IS_SUPERSET": [f"Case={case}"]}, "POS": "ADJ"}]) == [
            "Społecznej"
        ]
    assert matches(text, [{"MORPH": {"IS_SUPERSET": ["Case=Gen", "Case=Loc"]}}]) == [
        "Pomocy",
        "Społecznej",
    ]
    assert matches(text, [{"MORPH": {"IS_SUPERSET": ["Case=Ins"]}}]) == []


def test_abbreviation_and_number_features():
    assert str(token("przy ul. Nowej", "ul.").morph) == "Abbr=Yes"
    assert str(token("w 2020 r.", "2020").morph) == "NumForm=Digit"


# --- extensions ---------------------------------------------------------------------------


def test_name_qualifiers():
    assert "nazwisko" in token("ulica Broniewskiego", "Broniewskiego")._.names
    assert "nazwa_geograficzna" in token("spotkanie na Żoliborzu", "Żoliborzu")._.names
    assert token("w ośrodku", "ośrodku")._.names == frozenset()
    assert "nazwa_pospolita" not in token("z Polskim Związkiem", "Związkiem")._.names


def test_readings_and_lemmas_keep_every_interpretation():
    t = token("umowa z Polskim Związkiem", "Związkiem")
    assert all(isinstance(r, Reading) for r in t._.readings)
    assert {"związek", "Związek"} <= t._.lemmas
    assert t.lemma_ == "związek"


def test_known():
    assert token("program xyzzqw działa", "działa")._.known is True
    assert token("program xyzzqw działa", "xyzzqw")._.known is False


def test_lemma_fallback_for_unknown_capitalized_form():
    # Morfeusz itself analyses "PARTNERSTWO"; a dictionary that knows only lower-case
    # forms exercises the fallback to form.lower() / form.capitalize().
    real = shared_morphology()

    class LowerCaseOnly:
        def analyse(self, word: str) -> tuple[Reading, ...]:
            if word.islower():
                return real.analyse(word)
            return (Reading(form=word, lemma=word, tag="ign"),)

    readings = find_readings("PARTNERSTWO", LowerCaseOnly(), {})
    assert {r.lemma for r in readings} == {"partnerstwo"}
    assert {r.form for r in readings} == {"PARTNERSTWO"}
    assert find_readings("Xyzzqw", LowerCaseOnly(), {})[0].tag == "ign"


# --- choosing a reading --------------------------------------------------------------------


def _r(lemma: str, tag: str, names=(), labels=()) -> Reading:
    return Reading(form="x", lemma=lemma, tag=tag, names=tuple(names), labels=tuple(labels))


def test_choose_prefers_unlabelled_readings():
    old = _r("stary", "subst:sg:nom:m3", ["nazwa_pospolita"], ["przest."])
    new = _r("nowy", "subst:sg:nom:m3", ["nazwa_pospolita"])
    assert choose_reading((old, new), capitalized_mid_sentence=False) is new


def test_choose_common_before_proper_unless_capitalized_mid_sentence():
    surname = _r("Lipowa", "subst:sg:gen:f", ["nazwisko"])
    adjective = _r("lipowy", "adj:sg:gen:f:pos")
    readings = (adjective, surname)
    assert choose_reading(readings, capitalized_mid_sentence=False) is adjective
    assert choose_reading(readings, capitalized_mid_sentence=True) is surname


def test_choose_common_twin_beats_proper_even_mid_sentence():
    surname = _r("Związek", "subst:sg:inst:m1", ["nazwisko"])
    noun = _r("związek", "subst:sg:inst:m3", ["nazwa_pospolita"])
    assert choose_reading((surname, noun), capitalized_mid_sentence=True) is noun


def test_capitalization_at_sentence_start_does_not_make_a_name():
    # Sentence-initial "Lipowej" takes the adjective, mid-sentence the street name.
    assert token("Lipowej alei nie ma.", "Lipowej").lemma_ == "lipowy"
    assert token("Mieszka przy Lipowej.", "Lipowej").lemma_ == "Lipowa"
    assert token("Koniec. Lipowej alei nie ma.", "Lipowej").lemma_ == "lipowy"


# --- Matcher patterns ------------------------------------------------------------------


def test_lemma_pattern():
    text = "Partnerstwo powstało z inicjatywy mieszkańców."
    assert matches(text, [{"LEMMA": "z"}, {"LEMMA": "inicjatywa"}]) == ["z inicjatywy"]


def test_lemmas_extension_pattern():
    text = "Spacer ulicami Żoliborza"
    assert matches(text, [{"_": {"lemmas": {"INTERSECTS": ["ulica"]}}}]) == ["ulicami"]


def test_names_extension_pattern():
    text = "spacer po Żoliborzu z panem Broniewskim"
    pattern = [{"_": {"names": {"INTERSECTS": ["nazwa_geograficzna"]}}}]
    assert matches(text, pattern) == ["Żoliborzu"]


# --- tokenization --------------------------------------------------------------------------


@pytest.mark.parametrize("abbr", ["ul.", "al.", "Gen.", "m.st.", "r."])
def test_abbreviations_are_single_tokens_with_exact_offsets(abbr):
    doc = analyse(ADDRESS)
    found = [t for t in doc if t.text == abbr]
    assert found, [t.text for t in doc]
    for t in found:
        assert ADDRESS[t.idx : t.idx + len(t.text)] == abbr


def test_abbreviation_lemmas():
    doc = analyse(ADDRESS)
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["ul."] == "ulica"
    assert lemmas["al."] == "aleja"
    assert lemmas["Gen."] == "generał"
    assert lemmas["m.st."] == "miasto stołeczne"
    assert lemmas["r."] == "rok"
    assert token("Szkoła im. Jana Pawła II", "im.").pos_ == "X"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("w 2020 roku.", ["w", "2020", "roku", "."]),
        ("(ul. Nowa),", ["(", "ul.", "Nowa", ")", ","]),
        ("m.in., tzw. partnerstwa", ["m.in.", ",", "tzw.", "partnerstwa"]),
        ("pon.-pt.", ["pon.", "-", "pt."]),
        ("UL. NOWA", ["UL.", "NOWA"]),
        ("lokal nr 9, parter", ["lokal", "nr", "9", ",", "parter"]),
        ("sp. z o.o.", ["sp.", "z", "o.o."]),
        # Initials are not abbreviations: no variants are generated for one letter.
        ("R. Kowalski", ["R", ".", "Kowalski"]),
        # spaCy's Polish tokenizer splits every hyphen, whatever the spacing.
        ("Szkolno-Wychowawczy", ["Szkolno", "-", "Wychowawczy"]),
        ("Praga-Północ", ["Praga", "-", "Północ"]),
        ("Marymont- Kaskada", ["Marymont", "-", "Kaskada"]),
        ("Szkolno - Wychowawczym", ["Szkolno", "-", "Wychowawczym"]),
    ],
)
def test_tokenization(text, tokens):
    assert [t.text for t in analyse(text) if not t.is_space] == tokens


def test_hyphen_spacing_is_recoverable():
    doc = analyse("Praga-Północ i Marymont- Kaskada")
    assert [t.whitespace_ for t in doc] == ["", "", " ", " ", "", " ", ""]


def test_span_character_offsets_are_exact():
    text = "Partnerstwo Lokalne Żoliborz:\n\n  spotkanie przy ul. Broniewskiego 5 o godz. 17."
    doc = analyse(text)
    for t in doc:
        assert text[t.idx : t.idx + len(t.text)] == t.text
    span = doc[[t.text for t in doc].index("ul.") : [t.text for t in doc].index("5") + 1]
    assert text[span.start_char : span.end_char] == "ul. Broniewskiego 5"
    assert doc.text == text


def test_whitespace_runs_are_space_tokens():
    doc = analyse("Partnerstwo\n\n   lokalne  na\tŻoliborzu")
    spaces = [t for t in doc if t.is_space]
    assert [t.text for t in spaces] == ["\n\n   ", " ", "\t"]
    assert all(t.pos_ == "SPACE" for t in spaces)
    assert all(t._.readings == () and not t._.known for t in spaces)


def test_newline_starts_a_sentence():
    assert token("Mieszka przy\nLipowej alei", "Lipowej").lemma_ == "lipowy"


# --- abbreviations file --------------------------------------------------------------------


def test_abbreviation_file_has_the_required_entries():
    table = load_abbreviations(ABBREVIATIONS_PATH)
    required = (
        "ul. al. pl. os. gen. ks. św. bp. abp. kard. prof. dr. hab. inż. mgr. płk. ppłk. mjr. "
        "kpt. por. marsz. hr. im. r. rr. m.st. tel. nr. ok. tzw. m.in. godz. pon. wt. śr. czw. "
        "pt. sob. niedz."
    ).split()
    assert set(required) <= set(table)
    assert {"Ul.", "Gen.", "Al.", "M.st.", "UL.", "IM."} <= set(table)
    assert "R." not in table
    assert all(a.endswith(".") for a in table)
    assert ABBREVIATIONS_PATH.read_text(encoding="utf-8").startswith("#")


# --- API -------------------------------------------------------------------------------


def test_shared_nlp_is_one_object():
    assert shared_nlp() is shared_nlp()
    assert make_nlp() is not shared_nlp()
    assert shared_nlp().pipe_names == ["morfeusz_tagger"]


def test_shared_nlp_is_thread_safe():
    found = []
    threads = [threading.Thread(target=lambda: found.append(shared_nlp())) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len({id(n) for n in found}) == 1


def test_analysis_is_deterministic():
    text = "Partnerstwo z Polskim Związkiem Niewidomych na Żoliborzu, ul. Broniewskiego 5."
    first = [(t.lemma_, t.pos_, str(t.morph)) for t in analyse(text)]
    second = [(t.lemma_, t.pos_, str(t.morph)) for t in analyse(text)]
    fresh = [(t.lemma_, t.pos_, str(t.morph)) for t in make_nlp()(text)]
    assert first == second == fresh


@functools.cache
def _blank_pipeline() -> Language:
    """``spacy.blank("pl")`` + our abbreviations: how :func:`make_nlp` built its pipeline
    before it made ``Polish()`` directly."""
    import spacy

    nlp = spacy.blank("pl")
    add_abbreviations(nlp, load_abbreviations())
    return nlp


def _tokens(tokenizer, text: str) -> list[tuple[str, int, str]]:
    return [(t.text, t.idx, t.whitespace_) for t in tokenizer(text)]


#: Texts that test the tokenizer's rules: abbreviations (with case variants), emoticons,
#: URLs, e-mail addresses, numbers, hyphens, quotes, brackets and odd white space.
TRICKY_TEXTS = [
    ADDRESS,
    "UL. Broniewskiego, Ul. Lipowa, ul.Lipowa, (ul. Lipowa), „ul. Lipowa”, ul.. m.st.Warszawy",
    "Praga-Północ i Marymont- Kaskada, Szkolno - Wychowawczy, Stare- Miasto, -5 °C, 5-10",
    "Zob. https://www.um.warszawa.pl/-/partnerstwa?x=1&y=2. lub www.zoliborz.pl, a@b.pl :)",
    "tel.: (22) 123-45-67, 1,5 mln zł; 2012/2013 r.; 12.05.2013 r.; godz. 10:30; 3.–4. maja",
    "xD :( :-) ;) <3 =) -_- ^_^ (: ): 8) o.O O_o :P ... … ?! !? «a» ‹b› 'c' \"d\" [e] {f}",
    "np. itp. itd. tzw. ok. ks. prof. dr hab. im. św. al. pl. os. nr. Nr. NR. sp. z o.o.",
    "A\u00a0B\tC\n\nD  E\r\nF \u2009G\u200bH",
    "",
    "   ",
    "Ą",
]


def _test_page_texts() -> list[str]:
    """Every test page's text, as read, and with its markup replaced by line breaks."""
    texts = []
    for path in sorted((ROOT / "tests" / "data" / "pages").iterdir()):
        if path.suffix in (".html", ".txt"):
            raw = path.read_text(encoding="utf-8", errors="replace")
            texts += [raw, re.sub(r"<[^>]*>", "\n", raw)]
    return texts


def test_make_nlp_tokenizes_as_the_blank_pipeline_with_abbreviations():
    ours, blank = make_nlp(), _blank_pipeline()
    # the same special cases, affix patterns, token and URL matches, heuristics
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == blank.tokenizer.to_bytes(exclude=["vocab"])
    assert ours.max_length == blank.max_length
    texts = _test_page_texts()
    assert len(texts) > 20
    for text in [*TRICKY_TEXTS, *texts]:
        assert _tokens(ours.make_doc, text) == _tokens(blank.make_doc, text), text[:80]
        for line in text.splitlines():  # each line alone too: other edges
            assert _tokens(ours.tokenizer, line) == _tokens(blank.tokenizer, line), line


def test_spacy_is_imported_without_its_command_line_and_it_still_loads_later():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import pipeline.analyse\n"
        "assert 'spacy' in sys.modules and 'spacy.cli' not in sys.modules\n"
        "assert 'weasel' not in sys.modules and 'typer' not in sys.modules\n"
        "import spacy.cli\n"
        "assert hasattr(spacy.cli, 'download')  # the real command line, on demand\n"
        "import spacy\n"
        "assert spacy.blank('pl')('Ala ma kota.')[0].text == 'Ala'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_morphology_expands_tags_as_morfeusz_does():
    import morfeusz2

    from pipeline.morphology import Morphology, expand_tag

    assert expand_tag("subst:sg:nom.acc:m3") == ("subst:sg:nom:m3", "subst:sg:acc:m3")
    assert expand_tag("adj:sg:nom:_:pos") == tuple(
        f"adj:sg:nom:{g}:pos" for g in ("m1", "m2", "m3", "f", "n")
    )
    reference = morfeusz2.Morfeusz(
        expand_tags=True, generate=True, whitespace=morfeusz2.SKIP_WHITESPACES
    )
    ours = Morphology()
    words = "Związkiem Niewidomych na Żoliborzu przy ulicy Broniewskiego powstało partnerstwo"
    for word in [*words.split(), "OPS-u", "nr.", "xqzt", "2020", "Kościuszki"]:
        expected = [
            (lemma.split(":", 1)[0] if len(lemma) > 1 else lemma, tag, tuple(n), tuple(lab))
            for start, end, (_form, lemma, tag, n, lab) in reference.analyse(word)
            if (start, end) == (0, 1)
        ]
        got = [(r.lemma, r.tag, r.names, r.labels) for r in ours.analyse(word)]
        if got != [(word, "ign", (), ())]:
            assert got == list(dict.fromkeys(expected)), word
    generated = [(f, tag) for f, _lemma, tag, _n, _l in reference.generate("partnerstwo")]
    assert [(r.form, r.tag) for r in ours.generate("partnerstwo")] == generated
