"""Literate law pages and the legislation explorer (#22 §1), from the bundled plugins."""

import datetime as dt
import re

import pytest
from hypothesis import given, strategies as st

from rulescore.plugins import load_program
from rulescore.workbench.explorer import entries, explorer_html
from rulescore.workbench.law_pages import anchor, article_key, regulation_page
from rulescore.workbench.law_text import parse_law_text, read_law_text
from rulescore.workbench.references import declaration_name

DAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def program():
    return load_program()


@pytest.fixture(scope="module")
def zorgtoeslag_page(program):
    reg = program.regulations["zorgtoeslag"]
    return regulation_page(reg, program, read_law_text(reg.span.file), DAY)


def test_law_text_file_sections():
    text = parse_law_text("# Titel\nbron: https://x\n\n## artikel 2\n1. Eerste\nlid.\n\n"
                          "2. Tweede.\n## artikel 2a\nTekst.\n")
    assert text.title == "Titel" and text.about == {"bron": "https://x"}
    assert text.articles == {"2": ("1. Eerste lid.", "2. Tweede."), "2a": ("Tekst.",)}


def test_law_text_file_refuses_a_stray_line():
    with pytest.raises(ValueError, match=r":2: verwacht"):
        parse_law_text("# Titel\nzomaar een regel\n## artikel 1\nx\n", "w.wet.md")


def test_articles_in_law_order():
    assert sorted(["10", "3.81", "2a", "3", "2", "3.146", "1"], key=article_key) == [
        "1", "2", "2a", "3", "3.81", "3.146", "10"]


@given(st.lists(st.integers(1, 400), min_size=2, unique=True))
def test_article_order_is_numeric(numbers):
    assert sorted(map(str, numbers), key=article_key) == [str(n) for n in sorted(numbers)]


def test_zorgtoeslag_page_weaves_articles_text_and_rules(zorgtoeslag_page):
    page = zorgtoeslag_page
    own = [page.index(f"\nArtikel {a}\n") for a in ("1", "2", "3", "4")]
    assert own == sorted(own)  # the regulation's own articles in order
    # other laws after the regulation's own: Awir art. 14 (the rounding and the minimum)
    assert page.index("Algemene wet inkomensafhankelijke regelingen Artikel 14") > own[-1]
    # art. 2 lid 3 Wzt: the text (from zorgtoeslag.wet.md), then the parameter it fixes
    text_at = page.index("4,289% van het drempelinkomen")
    assert own[1] < text_at < page.index(".. _rs-zorgtoeslag-normpercentage-met-partner:")
    assert "https://wetten.overheid.nl/BWBR0018451/2026-01-01#Artikel2" in page
    # the standaardpremie (art. 4) with its dated values as a table row
    at = page.index(".. _rs-zorgtoeslag-standaardpremie:")
    assert re.search(r"\* - 1 januari 2026\n\s+- 1 januari 2027\n\s+- € 2\.119", page[at:])


def test_worked_cases_show_the_hand_computation(zorgtoeslag_page):
    page = zorgtoeslag_page.split("\nRekenvoorbeelden\n", 1)[1]
    assert "**Alleenstaande met € 35.000 in 2026: afbouw 13,73% boven het drempelinkomen**" in page
    assert "| 2.119 - 1.291,29952 = 827,70048 -> € 828" in page
    assert "- € 828 per jaar" in page


@pytest.mark.parametrize("name", ["basis", "awir", "zorgtoeslag", "participatiewet",
                                  "inkomstenbelasting", "huurtoeslag"])
def test_every_declaration_is_on_its_page_once(program, name):
    reg = program.regulations[name]
    page = regulation_page(reg, program, read_law_text(reg.span.file), DAY)
    for item in reg.items:
        assert page.count(f".. _{anchor(name, item)}:\n") == 1, item.name
    assert page.count("**") // 2 >= len(reg.items) + len(reg.examples)


def test_explorer_uses_both_ways_and_across_regulations(program):
    by_name = {e["naam"]: e for e in entries(program, DAY)}
    # art. 2 lid 1 Wzt: berekende_zorgtoeslag takes (twice) the standaardpremie
    assert "zorgtoeslag.berekende_zorgtoeslag" in by_name["zorgtoeslag.standaardpremie"]["gebruikt_door"]
    assert "zorgtoeslag.standaardpremie" in by_name["zorgtoeslag.berekende_zorgtoeslag"]["gebruikt"]
    # the Awir partner is read by the kinderopvangtoeslag (another regulation)
    assert any(u.startswith("kinderopvangtoeslag.")
               for u in by_name["partner/awir"]["gebruikt_door"])
    for name, entry in by_name.items():
        for used in entry["gebruikt"]:
            if used in by_name:
                assert name in by_name[used]["gebruikt_door"], (name, used)


def test_explorer_covers_every_declaration(program):
    names = {e["naam"] for e in entries(program, DAY)}
    for reg in program.regulations.values():
        assert {declaration_name(reg, i) for i in reg.items} <= names


def test_explorer_names_the_cases_that_exercise_a_declaration(program):
    by_name = {e["naam"]: e for e in entries(program, DAY)}
    titles = {t for _, _, t in by_name["zorgtoeslag.standaardpremie"]["voorbeelden"]}
    assert "Alleenstaande met € 35.000 in 2026: afbouw 13,73% boven het drempelinkomen" in titles
    assert by_name["zorgverzekerd"]["tijdvak"] == ""  # an input follows its reader


def test_explorer_page_needs_no_network(program):
    page = explorer_html(program, DAY)
    assert 'id="rs-filter"' in page and "<script>" in page
    assert "<script src" not in page and "<link" not in page
    assert page.count("data-zoek=") == len(entries(program, DAY))
