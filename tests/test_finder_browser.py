"""The finder page in Debian's Chromium, offline, at 360×740 and 1366×900: each stage question returns exactly the
aids the clean tables say, a shared URL restores its filters, no horizontal scrolling, no axe-core violation,
readable without JavaScript, the printed shortlist on one A4 page, tap targets of 44 px, usable with the keyboard.

A missing browser or axe-core skips these tests on a laptop and fails them under ``CI=true``.
"""

from __future__ import annotations

import functools
import os
import re

import pytest

from benchmark.analysis import eligibility
from benchmark.clean.eligibility import SECTOR_KINDS
from benchmark.clean.load import load_clean
from benchmark.core import paths
from benchmark.publish import finder
from benchmark.publish.buildinfo import build_info
from benchmark.registry.codes import STAGES

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"mobile": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 900}}


def missing(what: str) -> None:
    """Skip on a laptop, fail in CI: a check that cannot run must not pass silently there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required under CI=true")
    pytest.skip(f"{what} not available")


def usable(stage: str | None = None, sector: str | None = None) -> set[str]:
    """The one answer of the clean tables (``analysis.eligibility.obtainable``): what a Brussels ASBL can obtain,
    for a stage; with a sector chosen, the aids reserved to another sector left out."""
    frame = eligibility.obtainable(_tables())
    if stage is not None:
        frame = frame[frame["stages"].map(lambda stages: stage in stages)]
    ids = set(frame["instrument_id"])
    if sector is not None:
        conditions = _tables()["conditions"]
        reserved = conditions[conditions["kind"].isin(SECTOR_KINDS) & conditions["sector"].notna()]
        ids -= set(reserved.loc[reserved["sector"] != sector, "instrument_id"])
    return ids


@functools.cache
def _tables():
    return load_clean(paths.CLEAN)


@pytest.fixture(scope="module")
def page_url(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("finder")
    finder.write_finder(out / finder.PAGE, paths.CLEAN, info=build_info())  # as published: dated and versioned
    return (out / finder.PAGE).as_uri()


def new_page(browser, viewport: dict, javascript: bool = True):
    """A page that only loads file: URLs and records script errors and network attempts."""
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    pg = context.new_page()
    pg.errors, pg.blocked = [], []  # type: ignore[attr-defined]

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            pg.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    return pg


@pytest.fixture(scope="module")
def reader_pages(browser):
    """One page per viewport for the module's tests: a new browser context costs about half a second (a renderer
    process), more than most of these tests. The finder keeps its state in the URL alone (no cookie, no storage),
    and each test loads the page afresh from ``about:blank``."""
    opened: dict[str, object] = {}

    def of(viewport: str):
        if viewport not in opened:
            opened[viewport] = new_page(browser, VIEWPORTS[viewport])
        return opened[viewport]

    yield of
    for pg in opened.values():
        pg.context.close()  # type: ignore[attr-defined]


@pytest.fixture(params=list(VIEWPORTS))
def page(request, reader_pages):
    pg = reader_pages(request.param)
    pg.errors.clear(), pg.blocked.clear()
    yield pg
    pg.goto("about:blank")  # the next test's first goto loads the finder anew, even to the same URL
    assert not pg.errors, pg.errors
    assert not pg.blocked, pg.blocked


def shown_ids(pg) -> set[str]:
    return set(pg.eval_on_selector_all("#liste-aides > li:not([hidden])", "els => els.map(e => e.dataset.id)"))


def no_horizontal_overflow(pg) -> None:
    width, inner = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"page is {width} px wide in a {inner} px window"


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_question_returns_exactly_the_usable_aids(page, page_url, stage):
    page.goto(page_url)
    page.check(f"input[name=etape][value={stage}]")
    assert shown_ids(page) == usable(stage)
    assert f"etape={stage}" in page.evaluate("location.hash")
    count = page.inner_text("#compte")
    assert count.startswith(f"{len(usable(stage))}\u00a0aide")
    no_horizontal_overflow(page)


def test_a_shared_url_restores_its_filters(browser, page_url, page):
    page.goto(page_url)
    page.check("input[name=etape][value=implementation]")
    page.click("#affiner > summary")
    page.check("input[name=type][value=money]")
    page.fill("input[name=q]", "projets")  # accent-insensitive search
    expected = shown_ids(page)
    url = page.evaluate("location.href")
    assert re.search(r"#.*etape=implementation.*type=money", url)
    other = new_page(browser, VIEWPORTS["mobile"])
    other.goto(url)
    assert other.is_checked("input[name=etape][value=implementation]")
    assert other.is_checked("input[name=type][value=money]")
    assert other.input_value("input[name=q]") == "projets"
    assert shown_ids(other) == expected and expected
    assert all(i in usable("implementation") for i in expected)
    other.context.close()


def test_search_ignores_accents_and_ranks_names_first(page, page_url):
    page.goto(page_url + "#q=equipements")  # « Equipements informatiques » (SocialWare, L332) and « équipement »
    with_accent = shown_ids(page)
    page.goto(page_url + "#q=%C3%A9quipements")
    page.reload()
    assert shown_ids(page) == with_accent and with_accent


def test_a_sector_choice_hides_the_aids_of_other_sectors(page, page_url):
    """Youth subsidies are reserved to approved youth organisations (L398), FEBI to four joint committees (L346)."""
    page.goto(page_url + "#etape=implementation&secteur=Jeunesse")
    page.reload()
    assert shown_ids(page) == usable("implementation", sector="Jeunesse")
    assert "bru-subsides-projets-jeunesse" in shown_ids(page)
    page.goto(page_url + "#etape=implementation")
    page.reload()
    assert "bru-subsides-projets-jeunesse" in shown_ids(page)  # no sector chosen: every aid, each with its condition


def test_no_axe_violation(page, page_url):
    if not AXE.exists():
        missing(f"axe-core at {AXE}")
    page.goto(page_url + "#etape=diagnosis&liste=bru-digibrux")
    page.reload()
    page.click("#affiner > summary")
    page.click("#hors summary")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script> tag: the page's CSP refuses inline ones
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]
    assert not violations, violations
    no_horizontal_overflow(page)


def test_tap_targets_are_at_least_44_px(page, page_url):
    page.goto(page_url)
    page.click("#affiner > summary")
    page.check("input[name=liste][value=bru-digibrux]")
    small = page.evaluate("""() => {
        const out = [];
        const targets = document.querySelectorAll('a, button, select, input, summary');
        for (const el of targets) {
            const box = (el.matches('input[type=radio], input[type=checkbox]') ? el.closest('label') : el)
                .getBoundingClientRect();
            if (box.width === 0 || el.closest('[hidden]') || el.classList.contains('skip')) continue;
            if (box.height < 44) out.push([el.outerHTML.slice(0, 80), box.height]);
        }
        return out;
    }""")
    assert not small, small


def test_keyboard_alone_answers_a_question_and_picks_an_aid(page, page_url):
    page.goto(page_url)
    for _ in range(6):  # skip link, back link, then the first stage radio
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "etape":
            break
    assert page.evaluate("document.activeElement.value") == ""  # the checked radio: « voir toutes les aides »
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys, wrapping to the first question
    assert page.is_checked("input[name=etape][value=awareness]")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("input[name=etape][value=diagnosis]")
    assert shown_ids(page) == usable("diagnosis")
    page.focus("input[name=liste]:visible")
    page.keyboard.press("Space")
    assert "liste=" in page.evaluate("location.hash")
    page.focus("#hors summary")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('#hors details').open")


def test_without_javascript_the_full_list_is_readable(browser, page_url):
    for viewport in VIEWPORTS.values():
        pg = new_page(browser, viewport, javascript=False)
        pg.goto(page_url)
        visible = set(
            pg.eval_on_selector_all(
                "#liste-aides > li", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.id)"
            )
        )
        assert visible == usable()
        assert pg.is_hidden("#filtres")  # controls that need JavaScript are not offered
        assert pg.inner_text("#aide-bru-prime-web").count("economie-emploi.brussels/prime-web") == 1
        # Aids an ASBL cannot use are one click away, each with its reason.
        pg.click("#hors summary")
        assert pg.is_visible("#hors-be-inami-prime-telematique-dentistes .reason")
        no_horizontal_overflow(pg)
        pg.context.close()


def test_without_javascript_the_stages_are_headed_sections_linking_their_aids(browser, page_url):
    """No filter without JavaScript: a notice, then each stage's question as a heading with links to its aids (or
    a sentence saying there is none, pointing to « ailleurs » only when that section shows something for it);
    no box to tick for a list that only the script keeps."""
    pg = new_page(browser, VIEWPORTS["mobile"], javascript=False)
    pg.goto(page_url)
    assert pg.is_visible("#par-etape") and "JavaScript" in pg.inner_text("#par-etape")
    for stage in STAGES:
        heading = pg.locator(f"#etape-{stage}")
        assert heading.is_visible()
        links = pg.eval_on_selector_all(
            f"#etape-{stage} + ul.stage-aids a", "els => els.map(e => e.getAttribute('href').slice(6))"
        )
        assert set(links) == usable(stage), stage
        for target in links:  # every link leads to a card shown on the page
            assert pg.is_visible(f"#aide-{target}"), target
        if not links:
            sentence = pg.inner_text(f"#etape-{stage} + p")
            assert sentence.startswith("Aucune aide"), stage
            if "ailleurs" in sentence:
                assert pg.is_visible(f"#ailleurs-{stage}"), stage
    assert pg.locator(".pick:visible").count() == 0
    pg.context.close()


def test_with_javascript_the_stage_sections_give_way_to_the_filters(page, page_url):
    page.goto(page_url)
    assert page.is_hidden("#par-etape") and page.is_visible("#filtres")


def test_no_result_points_to_elsewhere_only_when_elsewhere_shows_something(page, page_url):
    """« Argent » to « faire un diagnostic »: no aid; the page says to look further down at what is done
    elsewhere only if that section holds something for the choice."""
    page.goto(page_url + "#etape=diagnosis&type=money&montant=plus-50000")
    page.reload()
    assert shown_ids(page) == set() and page.is_visible("#aucune")
    elsewhere = page.locator("#ailleurs .elsewhere:visible").count()
    assert page.is_visible("#aucune-ailleurs") == (elsewhere > 0)
    assert ("ailleurs" in page.inner_text("#aucune")) == (elsewhere > 0)


def test_a_stage_without_aids_points_to_elsewhere_and_no_other(browser, tmp_path):
    """With no Brussels aid for diagnosis, its question points to the peers' inspirations (with and without
    JavaScript); another stage with no result does not, since « ailleurs » shows nothing for it."""
    from benchmark.clean.load import load_clean

    tables = load_clean(paths.CLEAN)
    instruments = tables["instruments"].copy()
    gone = usable("diagnosis")
    instruments["stages"] = [
        [s for s in stages if s != "diagnosis"] if iid in gone else stages
        for iid, stages in zip(instruments["instrument_id"], instruments["stages"])
    ]
    data = finder.finder_data({**tables, "instruments": instruments})
    assert "diagnosis" in data["elsewhere"]
    (tmp_path / finder.PAGE).write_text(finder.render_finder(data), encoding="utf-8")
    url = (tmp_path / finder.PAGE).as_uri()
    pg = new_page(browser, VIEWPORTS["desktop"])
    pg.goto(url + "#etape=diagnosis")
    pg.reload()
    assert shown_ids(pg) == set() and pg.is_visible("#aucune-ailleurs") and pg.is_visible("#ailleurs-diagnosis")
    pg.goto(url + "#etape=awareness&montant=plus-50000&q=zzzz")
    pg.reload()
    assert shown_ids(pg) == set() and pg.is_hidden("#aucune-ailleurs")
    pg.context.close()
    pg = new_page(browser, VIEWPORTS["mobile"], javascript=False)
    pg.goto(url)
    assert pg.locator("#etape-diagnosis + p a[href='#ailleurs-diagnosis']").count() == 1
    pg.context.close()


def test_the_printed_shortlist_keeps_each_aids_description_conditions_and_first_step(browser, page_url, tmp_path):
    """Printed, the list holds every chosen aid and no other, each with what it brings, for whom and on which
    condition, and its first step (its official page); about three aids a page, none a page holding only the
    footer."""
    import math
    import shutil
    import subprocess

    from benchmark.clean.load import load_clean

    if shutil.which("pdftotext") is None:
        missing("pdftotext (poppler-utils)")
    cards = {c["id"]: c for c in finder.finder_data(load_clean(paths.CLEAN))["aids"]}
    pg = new_page(browser, VIEWPORTS["desktop"])
    chosen = sorted(usable("implementation"))
    pg.goto(page_url + "#etape=implementation&liste=" + ",".join(chosen))
    pg.reload()
    assert len(pg.eval_on_selector_all("#liste-aides > li.picked", "els => els")) == len(chosen)
    pg.emulate_media(media="print")
    assert not pg.is_visible("#filtres") and not pg.is_visible("#hors")
    printed = pg.eval_on_selector_all(".aid", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.id)")
    assert sorted(printed) == chosen  # the chosen aids, and no other
    (tmp_path / "liste.pdf").write_bytes(pg.pdf(format="A4", print_background=True))
    pg.context.close()
    # -raw: content order, as the cards sit in two columns on paper
    pages = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "liste.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")[:-1]
    text = squeeze(" ".join(pages))
    for iid in chosen:
        card = cards[iid]
        assert squeeze(card["name"]) in text, iid
        if card["what"]:
            assert squeeze(" ".join(card["what"].split()[:8])) in text, f"{iid}: its description is not printed"
        if card["for_whom"]:
            assert squeeze(" ".join(card["for_whom"].split()[:6])) in text, f"{iid}: « Pour qui » is not printed"
        for condition in card["conditions"]:
            assert squeeze(condition["text"]) in text, f"{iid}: its condition « {condition['text']} » is not printed"
        for link in card["links"]:
            assert squeeze(link["url"]) in text, f"{iid}: its first step (official page) is not printed"
    assert text.count(squeeze("Première démarche")) == len(chosen)
    assert squeeze("Version des données") in text  # paper says which data it was printed from
    assert len(pages) <= math.ceil(len(chosen) / 3), f"{len(chosen)} aids take {len(pages)} pages"
    assert all(squeeze(p) and not squeeze(p).startswith(squeeze("Comment cette liste est faite")) for p in pages)


def squeeze(text: str) -> str:
    """Text without spaces, hyphens and line breaks (PDF text breaks lines anywhere)."""
    return re.sub(r"[\s\u00a0\u202f\u00ad\-‐]+", "", text).casefold()
