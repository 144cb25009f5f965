"""The HTML reports: code hidden, offline, Plotly included once, deterministic, data escaped."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from benchmark.build.steps import build_site
from benchmark.core import paths
from benchmark.present.formatting import reader_text
from benchmark.publish import catalogue, report_html, reports
from benchmark.publish.buildinfo import build_info
from benchmark.publish.execute import discover

EXTERNAL = re.compile(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", re.IGNORECASE)
MALICIOUS = "<script>alert(1)</script> <img src=x onerror=alert(1)>"


def report_pages(site: Path) -> list[Path]:
    return sorted(
        p
        for p in site.glob("*.html")
        if p.name not in ("index.html", "catalogue.html", "aides-asbl.html", "codebook.html")
    )


def notebook_of(page: Path) -> Path:
    """The notebook a page of the shared build's reports/ comes from (in that build's notebooks/)."""
    notebooks = page.parent.parent / "notebooks"
    return next(p for p in discover(notebooks) if report_html.page_file(p.stem) == page.name)


def test_one_report_per_notebook(site):
    files = sorted(report_html.page_file(p.stem) for p in discover(site.parent / "notebooks"))
    assert files and [p.name for p in report_pages(site)] == files
    assert (site / "index.html").exists() and (site / "catalogue.html").exists()


def test_code_is_hidden(site):
    for page in report_pages(site):
        text = page.read_text(encoding="utf-8")
        assert "hl-ipython3" not in text and not re.search(r'class="[^"]*\bjp-InputPrompt\b', text), page.name
        for cell in re.split(r'(?=<div class="jp-Cell )', text):
            if "jp-CodeCell" in cell.split(">", 1)[0]:
                assert "jp-Cell-inputWrapper" not in cell, page.name
        nb = nbformat.read(notebook_of(page), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                for line in cell.source.splitlines():
                    if len(line.strip()) > 25 and line.strip().startswith(("import ", "from ")):
                        assert line.strip() not in text, f"{page.name} shows code: {line}"


def test_nothing_loaded_from_the_network(site):
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), f"{page.name}: {EXTERNAL.search(text).group(0)}"
        assert "require.js" not in text and "MathJax.js" not in text and "mathjax@" not in text, page.name
        assert "cdn.plot.ly" not in text, page.name


def test_plotly_included_once_as_a_shared_local_file(site):
    pages = report_pages(site)
    total = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        n = text.count('bmChart("fig-')
        total += n
        stem = notebook_of(page).stem
        ids = re.findall(r'<figure class="bm-chart" id="(fig-[^"]+)">', text)
        assert ids == [f"fig-{stem}-{i}" for i in range(1, n + 1)], page.name  # deterministic ids
        assert text.count('<script src="plotly.min.js"></script>') == (1 if n else 0), page.name
        assert text.count('<script src="plotly-locale-fr.js"></script>') == (1 if n else 0), page.name
        images = re.findall(r'<img\b[^>]*\bclass="bm-static"[^>]*>', text)
        assert len(images) == n and all('src="data:image/svg+xml;base64,' in i for i in images), page.name
        assert page.stat().st_size < 2_000_000, f"{page.name} seems to embed plotly.js"
        assert PLOTLY_MIME_NOT_RENDERED not in text
    assert total > 0, "no Plotly figure in any report"
    shared = site / "plotly.min.js"
    assert shared.exists() and shared.stat().st_size > 1_000_000
    locale = (site / "plotly-locale-fr.js").read_text(encoding="utf-8")
    assert "Télécharger le graphique" in locale and "Plotly.register" in locale


PLOTLY_MIME_NOT_RENDERED = "application/vnd.plotly.v1+json"


def test_notebook_css_is_shared_not_inlined(site):
    """nbconvert's ~250 KiB of notebook CSS and the reports' own stand once in notebook.css; each report links it."""
    css = site / "notebook.css"
    css_text = css.read_text(encoding="utf-8")
    assert css.stat().st_size > 100_000 and ".jp-OutputArea" in css_text and ".bm-header" in css_text
    for page in report_pages(site):
        text = page.read_text(encoding="utf-8")
        assert text.count('<link rel="stylesheet" type="text/css" href="notebook.css">') == 1, page.name
        assert ".jp-OutputArea-output" not in text.split("</head>")[0], page.name
        # the page's own style stays small (the shared sheet is > 100 KB): the content may grow, the CSS may not
        inline_css = re.findall(r"<style[^>]*>(.*?)</style>", text, re.S)
        assert sum(len(block) for block in inline_css) < 10_000, page.name


def test_reports_are_french_and_dated(site):
    info = build_info()
    for page in report_pages(site):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="fr">' in text
        assert f'data-version="{info.version}"' in text and info.date_fr in text
        assert '<a href="index.html">' in text and '<a href="catalogue.html">' in text
        headings = re.findall(r'<h[23] id="([^"]+)"', text)
        for anchor in headings:
            assert f'href="#{anchor}"' in text, f"{page.name}: {anchor} missing from the table of contents"


def test_index_links_every_report_with_a_summary(site):
    import html

    text = (site / "index.html").read_text(encoding="utf-8")
    for page in report_pages(site):
        assert f'href="{page.name}"' in text
        nb = nbformat.read(notebook_of(page), as_version=4)
        sentence = report_html.first_sentence(reports.notebook_summary(nb))
        assert sentence and report_html.french_spaces(sentence) in html.unescape(text)
    assert 'href="catalogue.html"' in text
    assert not EXTERNAL.search(text)


def test_catalogue_has_every_instrument_with_an_anchor(site):
    text = (site / "catalogue.html").read_text(encoding="utf-8")
    with (paths.CLEAN / "instruments.csv").open(encoding="utf-8", newline="") as f:
        ids = [r["instrument_id"] for r in csv.DictReader(f)]
    for iid in ids:
        assert f'<tr id="{iid}"' in text
    assert f'<span id="row-count">{len(ids)}</span>' in text


def test_catalogue_links_instruments_to_the_reports_that_mention_them():
    rows = [{"instrument_id": "be-x-1", "name": "Prime Numérique"}, {"instrument_id": "be-x-2", "name": "Autre aide"}]
    found = catalogue.mentions(
        rows,
        [
            {"file": "01_a.html", "title": "A", "text": "… la prime numérique (2021) …"},
            {"file": "02_b.html", "title": "B", "text": "be-x-2 et be-x-1"},
        ],
    )
    assert [r["file"] for r in found["be-x-1"]] == ["01_a.html", "02_b.html"]
    assert [r["file"] for r in found["be-x-2"]] == ["02_b.html"]


def test_catalogue_escapes_a_malicious_description(tmp_path):
    clean = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, clean)
    path = clean / "instruments.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows[0]["description"] = MALICIOUS
    rows[0]["name"] = 'Nom " onmouseover="alert(1)'
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "catalogue.html"
    catalogue.write_catalogue(out, clean, [{"file": "x.html", "title": "<b>titre</b>", "text": MALICIOUS}])
    text = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<script>alert" not in text and "<img" not in text and "<b>titre" not in text
    assert 'onmouseover="alert' not in text
    assert text.count("<script>") == 1  # only the filter


def test_catalogue_filters_list_each_value_once_and_quote_their_lines(tmp_path):
    clean = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, clean)
    rows = list(csv.DictReader((clean / "instruments.csv").open(encoding="utf-8", newline="")))
    out = tmp_path / "catalogue.html"
    catalogue.write_catalogue(out, clean, [])
    text = out.read_text(encoding="utf-8")
    for select in re.findall(r"<select[^>]*>(.*?)</select>", text, re.S):
        values = re.findall(r'<option value="([^"]*)"', select)
        assert len(values) == len(set(values)), values
    no_stage = sum(not r["stages"].strip() for r in rows)
    assert text.count('<option value="-">') == 1 and f"Aucune étape ({no_stage})" in text
    # descriptions: the source's formatting tags are gone, their words kept
    with_tags = [r for r in rows if "<i>" in r["description"]]
    assert with_tags and "&lt;i&gt;" not in text
    source = ["ligne un", "ligne deux : « <i>citée</i> »", "ligne trois"]  # the report's text, from source_texts
    page = catalogue.render_catalogue([{**rows[0], "source_lines": "L2"}], [], [], None, source)
    # the passage as the report reads: the extraction's <i> tags are gone, the words kept
    assert (
        '<details class="quote"><summary>L2</summary><blockquote>ligne deux : « citée »</blockquote></details>' in page
    )


def test_the_catalogue_quotes_the_report_from_the_clean_tables(tmp_path):
    """The passage a reference opens is the report's line as source_texts.csv holds it: no data/raw/ needed."""
    clean = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, clean)
    texts = catalogue.source_texts(clean)
    report = next(iter(texts))
    assert (
        texts[report][293]
        == (paths.RAW / "sources" / "report-2024-02.txt").read_text(encoding="utf-8").split("\n")[293]
    )
    out = tmp_path / "catalogue.html"
    catalogue.write_catalogue(out, clean, [])
    page = out.read_text(encoding="utf-8")
    # each single-line reference opens on that line of source_texts.csv, as the report reads
    opened = re.findall(r"<summary>L(\d+)</summary><blockquote>(.*?)</blockquote>", page)
    assert opened
    lines = [(n, html.unescape(re.sub(r"<[^>]+>", "", p))) for n, p in opened]
    lines = [(n, shown) for n, shown in lines if not shown.startswith("«")]  # an amount's fragment, not its line
    assert lines
    for number, shown in lines:
        assert reader_text(texts[report][int(number) - 1]).startswith(shown.rstrip("…")), number


def test_figure_data_cannot_close_the_script():
    fig = {
        "data": [{"type": "bar", "name": "</script><script>alert(1)</script>", "x": ["a&b"], "y": [1]}],
        "layout": {"title": {"text": "<!-- x"}},
    }
    out = reports.plotly_html(fig, "fig-x-1")
    assert "</script><script>alert" not in out and "<!--" not in out
    payload = out.split("bmChart(", 1)[1].rsplit(");</script>", 1)[0]
    assert json.loads("[" + payload + "]")[1][0]["name"] == "</script><script>alert(1)</script>"


def test_a_chart_fills_its_box_with_the_readers_toolbar_and_a_text_alternative():
    fig = {
        "data": [{"type": "bar", "name": "Wallonie", "x": ["a"], "y": [1]}],
        "layout": {
            "title": {"text": "Titre"},
            "width": 1000,
            "height": 500,
            "meta": {"figure": "x", "summary": "Une phrase qui résume."},
        },
        "config": {"displayModeBar": True, "modeBarButtonsToAdd": ["sendDataToCloud"]},
    }
    out = reports.plotly_html(fig, "fig-x-1", image="data:image/svg+xml;base64,PHN2Zy8+")
    payload = json.loads("[" + out.split("bmChart(", 1)[1].rsplit(");</script>", 1)[0] + "]")
    layout, config = payload[2], payload[3]
    assert "width" not in layout and layout["autosize"] is True and layout["height"] == 500
    assert config["locale"] == "fr" and config["displaylogo"] is False
    assert config["modeBarButtons"] == [["toImage", "resetScale2d"]]
    assert 'alt="Titre. Une phrase qui résume."' in out and 'width="1000" height="500"' in out
    assert "<figcaption" in out and "dossier complet des rapports" in out


def test_duplicate_heading_ids_are_made_unique():
    body = (
        '<h2 id="a">A<a class="anchor-link" href="#a">¶</a></h2><h3 id="a">A<a class="anchor-link" href="#a">¶</a>'
        '</h3><h2 id="b">B</h2><h2 id="a">A</h2>'
    )
    out = report_html.unique_heading_ids(body)
    assert re.findall(r'id="([^"]+)"', out) == ["a", "a-2", "b", "a-3"]
    assert '<h3 id="a-2">A<a class="anchor-link" href="#a-2">' in out


def test_french_spaces_and_first_sentence():
    assert (
        report_html.french_spaces("Budgets : montants ; 80 % ? « oui »")
        == "Budgets\u202f: montants\u202f; 80\u202f%\u202f? «\u202foui\u202f»"
    )
    assert report_html.french_spaces("à 10:30") == "à 10:30"
    assert report_html.first_sentence("Une phrase, p. ex. longue. Une autre.") == "Une phrase, p. ex. longue."
    assert report_html.page_file("00_synthese") == "synthese.html"
    assert report_html.page_file("03_budgets") == "03_budgets.html"


def test_a_figure_without_an_exported_image_gets_one_drawn(tmp_path):
    """A chart that names no file of figures/ (a notebook's own plotly figure) still gets its static image."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                report_html.PLOTLY_MIME: {
                    "data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}],
                    "layout": {"title": {"text": "Essai"}},
                }
            },
        )
    ]
    prepared, n = report_html.prepare_notebook(nb, "99_essai", log=lambda m: None, figures_dir=tmp_path)
    page = prepared.cells[0].outputs[0]["data"]["text/html"]
    assert n == 1 and '<img class="bm-static" src="data:image/svg+xml;base64,' in page


def test_date_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1706745600")  # 2024-02-01 00:00 UTC
    info = build_info()
    assert info.date_fr == "1er février 2024" and info.date_iso == "2024-02-01"
    assert build_info(Path("/")).version == "inconnue"  # no data/clean/ there: no fingerprint


def test_failed_notebook_is_named_and_reports_are_kept(tmp_path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Bon"), nbformat.v4.new_code_cell("1 + 1")])
    bad = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Mauvais"),
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell("raise ValueError('cassé')"),
        ]
    )
    nbformat.write(good, nb_dir / "01_bon.ipynb")
    nbformat.write(bad, nb_dir / "02_mauvais.ipynb")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous build", encoding="utf-8")
    with pytest.raises(reports.ReportError) as err:
        build_site(nb_dir, out, paths.CLEAN, log=lambda m: None)
    message = str(err.value)
    assert "02_mauvais.ipynb" in message and "cell 2" in message and "ValueError" in message
    assert "01_bon" not in message
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not list(tmp_path.glob(".reports-*"))


def test_a_network_script_in_a_page_is_refused():
    with pytest.raises(reports.ReportError):
        reports.check_offline('<script src="https://cdn.plot.ly/plotly.min.js"></script>', "x.html")
    with pytest.raises(reports.ReportError):
        reports.check_offline('<link rel="stylesheet" href="//fonts.example.org/a.css">', "x.html")
    reports.check_offline('<p>Voir <a href="https://www.example.org">le site</a></p>', "x.html")  # text links fine


def test_cli_has_a_build_subcommand(capsys):
    from benchmark.cli import main

    with pytest.raises(SystemExit) as done:
        main(["build", "--help"])
    assert done.value.code == 0
    assert "--skip-clean" in capsys.readouterr().out


def test_the_table_of_contents_numbers_sections_and_nests_their_sub_headings():
    """A sub-heading sits inside its section's item: the sections are numbered 1, 2, 3 with no gap."""
    from html.parser import HTMLParser

    from benchmark.publish.report_html import table_of_contents

    body = (
        '<h1 id="titre">Titre</h1><h2 id="a">Le parcours</h2><h3 id="a1">Les paliers</h3>'
        '<h2 id="b">Évaluation</h2><h2 id="c">Matrice</h2><h3 id="c1">Détail</h3><h3 id="c2">Autre</h3>'
    )

    class Outline(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []
            self.links: list[tuple[tuple[str, ...], str]] = []

        def handle_starttag(self, tag, attrs):
            if tag in ("ol", "ul"):
                self.stack.append(tag)
            elif tag == "a":
                self.links.append((tuple(self.stack), dict(attrs)["href"]))

        def handle_endtag(self, tag):
            if tag in ("ol", "ul"):
                self.stack.pop()

    outline = Outline()
    outline.feed(table_of_contents(body))
    assert outline.links == [
        (("ol",), "#a"),
        (("ol", "ul"), "#a1"),
        (("ol",), "#b"),
        (("ol",), "#c"),
        (("ol", "ul"), "#c1"),
        (("ol", "ul"), "#c2"),
    ]
    assert not outline.stack
