"""Plotly figure builders (one theme, French labels); ``benchmark.publish.figure_files`` exports them to figures/."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from benchmark.analysis import comparisons, eligibility
from benchmark.present.formatting import fmt_eur, fmt_pct
from benchmark.present.theme import (
    COUNT_SCALE,
    JURISDICTION_COLORS,
    TYPE_COLORS,
    apply,
    label,
)
from benchmark.registry.codes import INSTRUMENT_TYPES, JURISDICTIONS, NONMARKET_ACCESS, OBTAINABLE, STAGES

EURO_HOVER = "%{x:,.0f}\u202f€"


def _wrap(text: str, width: int = 45) -> str:
    """Break a long name into lines of about ``width`` characters for hover text (with <br>)."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def euro_label(value: float) -> str:
    """A short French amount for a bar label: « 101 634 € », « 5,4 M€ », « 806,9 Md€ » (the one formatter)."""
    return fmt_eur(value, compact=True)


def log_euro_axis(values, below: float, above: float) -> dict:
    """A log axis in euros computed from the data, so that a new amount is never clipped: from ``below`` decades
    under the smallest value to ``above`` decades over the largest (room for the labels written beside the bars),
    a tick at each power of ten from the smallest value's decade to the largest's, written by the one formatter."""
    logs = [math.log10(v) for v in values if v > 0]
    if not logs:
        return dict(type="log")
    ticks = [10**k for k in range(math.floor(min(logs)), math.ceil(max(logs)) + 1)]
    return dict(
        type="log",
        range=[min(logs) - below, max(logs) + above],
        tickvals=ticks,
        ticktext=[euro_label(t) for t in ticks],
    )


# Percent axes written by the one formatter (« 20 % »), not d3's « 20% ».
PCT_TICKS = dict(tickvals=[i / 5 for i in range(6)], ticktext=[fmt_pct(i / 5) for i in range(6)])


def _short(text: str, width: int = 40) -> str:
    """Shorten a long name for a point label."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def types_by_jurisdiction(instruments: pd.DataFrame) -> go.Figure:
    """Stacked bars: share of each primary type among each jurisdiction's instruments."""
    shares = comparisons.type_shares(instruments)
    counts = comparisons.type_counts(instruments)
    x = [label(j) for j in shares.index]
    fig = go.Figure()
    for code in INSTRUMENT_TYPES:
        if counts[code].sum() == 0:
            continue
        fig.add_bar(
            x=x,
            y=shares[code].tolist(),
            name=label(code),
            marker_color=TYPE_COLORS[code],
            customdata=[[n, fmt_pct(v)] for n, v in zip(counts[code], shares[code])],
            hovertemplate="%{x}<br>" + label(code) + " : %{customdata[0]} instrument(s), %{customdata[1]}"
            "<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        yaxis=dict(**PCT_TICKS, title="Part des instruments"),
        xaxis_title="Juridiction",
        legend_title="Type principal",
    )
    top = counts.sum().idxmax()
    summary = (
        f"Pour chacune des {len(x)} juridictions, la part de chaque type principal parmi ses instruments ; "
        f"le type le plus fréquent est « {label(top)} » ({int(counts[top].sum())} instruments)."
    )
    return apply(
        fig,
        "Types d'instruments par juridiction (part du type principal)",
        name="types_par_juridiction",
        summary=summary,
    )


def max_award_strip(tables: dict[str, pd.DataFrame]) -> go.Figure:
    """Dot plot on a linear scale: the ceilings stated for one organisation (per project or per year, the classes
    that may be ranked together; docs/codebook.md, « Plafonds comparables »), one row per aid labelled with its name,
    coloured by jurisdiction; a filled dot when an ASBL of the jurisdiction can obtain the aid, an open one when it
    cannot or the report does not say. Loans, group projects, trainer days and professional premiums are not drawn."""
    table = eligibility.comparable_ceilings(tables)
    order = {j: i for i, j in enumerate(JURISDICTIONS)}
    table = table.assign(o=table["jurisdiction"].map(order)).sort_values(["o", "ceiling_eur"], kind="stable")
    fig = go.Figure()
    for code in JURISDICTIONS:
        rows = table[table["jurisdiction"] == code]
        if rows.empty:
            continue
        can = rows["asbl_access"].isin(OBTAINABLE)
        fig.add_scatter(
            x=rows["ceiling_eur"].tolist(),
            y=[_short(n, 50) for n in rows["name"]],
            mode="markers+text",
            name=label(code),
            # colour says the jurisdiction, fill says whether its ASBL can obtain the aid: one colour per legend entry
            marker=dict(
                size=12,
                color=JURISDICTION_COLORS[code],
                symbol=["circle" if c else "circle-open" for c in can],
                line=dict(width=2),
            ),
            text=[
                f"{fmt_eur(v)} {'par an' if k == 'organisation_year' else ''}".strip()
                for v, k in zip(rows["ceiling_eur"], rows["ceiling_class"])
            ],
            textposition="middle right",
            textfont_size=11,
            customdata=[
                [_wrap(n), label(a, "asbl_access"), _wrap("; ".join(c) or "aucune indiquée", 60)]
                for n, a, c in zip(rows["name"], rows["asbl_access"], rows["conditions"])
            ],
            hovertemplate="<b>%{customdata[0]}</b><br>"
            + label(code)
            + "<br>Plafond : "
            + EURO_HOVER
            + "<br>Une ASBL peut l'obtenir : %{customdata[1]}<br>Conditions : %{customdata[2]}<extra></extra>",
        )
    for symbol, meaning in (("circle", "Une ASBL peut l'obtenir"), ("circle-open", "Non, ou le rapport ne le dit pas")):
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=meaning,
            legendgroup="fill",
            legendgrouptitle_text="Point",
            marker=dict(size=12, color="#555555", symbol=symbol, line=dict(width=2)),  # grey: no jurisdiction
            hoverinfo="skip",
        )
    high = float(table["ceiling_eur"].max())
    fig.update_layout(
        xaxis=dict(
            title="Plafond pour une organisation (€) — point plein : une ASBL peut l'obtenir",
            range=[0, high * 1.3],
            tickformat=",.0f",
        ),
        yaxis=dict(title="", autorange="reversed"),
        legend_title="Juridiction",
    )
    top = table.iloc[table["ceiling_eur"].argmax()]
    obtainable = table[table["asbl_access"].isin(OBTAINABLE)]
    summary = (
        f"{len(table)} aides indiquent un plafond pour une organisation, de {euro_label(table['ceiling_eur'].min())} "
        f"à {euro_label(top['ceiling_eur'])} ({top['name']}) ; une ASBL de la juridiction peut en obtenir "
        f"{len(obtainable)}."
    )
    return apply(
        fig,
        f"Plafond pour une organisation ({len(table)} aides qui l'indiquent, par projet ou par an)",
        height=560,
        name="montant_max_par_beneficiaire",
        summary=summary,
    )


def envelopes(instruments: pd.DataFrame) -> go.Figure:
    """Horizontal log-x bars: whole envelopes (``budget_total_eur``), apart from per-beneficiary amounts; each bar
    carries its amount (a log scale's lengths mean little to a lay reader), colour and legend give the jurisdiction."""
    table = comparisons.budgets(instruments).iloc[::-1]
    names = [_short(n, 45) for n in table["name"]]
    fig = go.Figure()
    for code in JURISDICTIONS:
        rows = table[table["jurisdiction"] == code]
        if rows.empty:
            continue
        fig.add_bar(
            x=rows["budget_total_eur"].tolist(),
            y=[_short(n, 45) for n in rows["name"]],
            orientation="h",
            name=label(code),
            marker_color=JURISDICTION_COLORS[code],
            text=[euro_label(v) for v in rows["budget_total_eur"]],
            textposition="outside",
            cliponaxis=False,
            customdata=[_wrap(n) for n in rows["name"]],
            hovertemplate="<b>%{customdata}</b><br>"
            + label(code)
            + "<br>Enveloppe : "
            + EURO_HOVER
            + "<extra></extra>",
        )
    fig.update_layout(
        xaxis=dict(
            **log_euro_axis(table["budget_total_eur"], below=0.9, above=1.5), title="Enveloppe totale (€, échelle log)"
        ),
        yaxis=dict(type="category", title="", categoryorder="array", categoryarray=names),
        legend_title="Juridiction",
    )
    low, high = table.loc[table["budget_total_eur"].idxmin()], table.loc[table["budget_total_eur"].idxmax()]
    summary = (
        f"{len(table)} instruments indiquent leur enveloppe totale, de {euro_label(low['budget_total_eur'])} "
        f"({low['name']}) à {euro_label(high['budget_total_eur'])} ({high['name']})."
    )
    return apply(
        fig,
        "Enveloppes budgétaires totales des instruments (à ne pas comparer aux montants par bénéficiaire)",
        height=550,
        name="enveloppes_budgetaires",
        summary=summary,
    )


def cofunding(instruments: pd.DataFrame) -> go.Figure:
    """Horizontal bars: share of eligible costs each instrument pays, coloured by jurisdiction (with a legend)."""
    table = comparisons.cofunding_rates(instruments).iloc[::-1]
    names = [_short(n, 45) for n in table["name"]]
    fig = go.Figure()
    for code in JURISDICTIONS:
        rows = table[table["jurisdiction"] == code]
        if rows.empty:
            continue
        fig.add_bar(
            x=rows["cofunding_rate"].tolist(),
            y=[_short(n, 45) for n in rows["name"]],
            orientation="h",
            name=label(code),
            marker_color=JURISDICTION_COLORS[code],
            text=[fmt_pct(r) for r in rows["cofunding_rate"]],
            textposition="outside",
            customdata=[_wrap(n) for n in rows["name"]],
            hovertemplate="<b>%{customdata}</b><br>" + label(code) + "<br>Taux : %{text}<extra></extra>",
        )
    fig.update_layout(
        xaxis=dict(**PCT_TICKS, range=[0, 1.05], title="Part des coûts éligibles prise en charge"),
        yaxis=dict(type="category", title="", categoryorder="array", categoryarray=names),
        legend_title="Juridiction",
    )
    summary = (
        f"{len(table)} instruments indiquent la part des coûts qu'ils prennent en charge, de "
        f"{fmt_pct(table['cofunding_rate'].min())} à {fmt_pct(table['cofunding_rate'].max())}."
    )
    return apply(fig, "Taux de cofinancement", height=450, name="taux_de_cofinancement", summary=summary)


def funding_ladders(tables: dict[str, pd.DataFrame]) -> go.Figure:
    """Horizontal bars on a linear scale: what one beneficiary can receive at each step of the ladders of
    ``step5_ladders`` (Brussels, Wallonia's DigitalEES path, Québec's TNEC), per beneficiary only: an envelope never
    appears. Each bar carries its amount and for whom the ceiling is; a step without money is written « aucun
    montant par bénéficiaire »; a ceiling for a group's pooled project is hatched."""
    from benchmark.analysis.step5.journey import funding_ladders as ladder_steps
    from benchmark.present.access import ceiling_text

    table = ladder_steps(tables)
    table["y"] = [f"{label(r.ladder_id)} – {int(r.step)}. {_short(r.name, 38)}" for r in table.itertuples()]
    fig = go.Figure()
    for ladder, rows in table.groupby("ladder_id", sort=False):
        rows = rows[rows["value_eur"].notna()]
        fig.add_bar(
            x=rows["value_eur"].tolist(),
            y=rows["y"].tolist(),
            orientation="h",
            name=label(ladder),
            marker=dict(
                color=JURISDICTION_COLORS[ladder],
                line=dict(width=1, color="#333333"),
                pattern_shape=["/" if c == "group_project" else "" for c in rows["ceiling_class"]],
            ),
            text=[ceiling_text(f, c) for f, c in zip(rows["figure"], rows["ceiling_class"])],
            textposition="outside",
            cliponaxis=False,
            customdata=[[_wrap(r.name), _wrap(r.why, 60), r.source_lines] for r in rows.itertuples()],
            hovertemplate="<b>%{customdata[0]}</b><br>%{text}<br>%{customdata[1]}<br>Lignes : %{customdata[2]}"
            "<extra></extra>",
        )
    free = table[table["value_eur"].isna()]
    fig.add_scatter(
        x=[0] * len(free),
        y=free["y"].tolist(),
        mode="text",
        text=["aucun montant par bénéficiaire"] * len(free),
        textposition="middle right",
        showlegend=False,
        textfont=dict(color="#444444"),
        customdata=[[_wrap(r.name), _wrap(r.why, 60), r.source_lines] for r in free.itertuples()],
        hovertemplate="<b>%{customdata[0]}</b><br>aucun montant par bénéficiaire<br>%{customdata[1]}<br>Lignes : "
        "%{customdata[2]}<extra></extra>",
    )
    high = float(table["value_eur"].max()) if table["value_eur"].notna().any() else 1.0
    fig.update_layout(
        xaxis=dict(range=[0, high * 1.6], title="Montant maximal pour un bénéficiaire (€)", tickformat=",.0f"),
        yaxis=dict(categoryorder="array", categoryarray=table["y"].tolist()[::-1], title=""),
        legend_title="Parcours",
    )
    return apply(
        fig,
        "Ce qu'une organisation peut recevoir à chaque étape (par bénéficiaire ; hachuré : pour un groupe)",
        height=520,
        name="echelles_de_financement",
    )


def access_matrix(instruments: pd.DataFrame) -> go.Figure:
    """Heatmap: instruments per accessibility from Brussels × access of non-market organisations."""
    table = comparisons.access_matrix(instruments)
    z = table.values.tolist()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[label(a) for a in NONMARKET_ACCESS],
            y=["Accessible depuis Bruxelles", "Non accessible depuis Bruxelles"],
            colorscale=COUNT_SCALE,
            text=z,
            texttemplate="%{text}",
            showscale=False,
            hovertemplate="%{y}<br>Accès ASBL : %{x}<br>%{z} instrument(s)<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title="Accès des organisations non marchandes (ASBL)", yaxis=dict(autorange="reversed"))
    usable = int(table.iloc[0].sum())
    summary = (
        f"Nombre d'instruments selon qu'ils sont accessibles depuis Bruxelles ou non et selon l'accès des "
        f"associations ; {usable} instruments sont accessibles depuis Bruxelles."
    )
    return apply(
        fig,
        "Ce qu'une ASBL bruxelloise peut utiliser : couverture de Bruxelles × accès non marchand",
        height=400,
        name="matrice_acces_bruxelles",
        summary=summary,
    )


def stage_heatmap(instruments: pd.DataFrame) -> go.Figure:
    """Heatmap: instruments serving each stage of the digital journey, per jurisdiction."""
    table = comparisons.stage_coverage(instruments)
    z = table.values.tolist()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[label(s) for s in STAGES],
            y=[label(j) for j in table.index],
            colorscale=COUNT_SCALE,
            text=z,
            texttemplate="%{text}",
            colorbar_title="Instruments",
            hovertemplate="%{y}<br>Étape : %{x}<br>%{z} instrument(s)<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title="Étape du parcours numérique", yaxis=dict(autorange="reversed", title=""))
    totals = table.sum()
    summary = (
        f"Nombre d'instruments de chaque juridiction qui servent chacune des {len(STAGES)} étapes ; l'étape la "
        f"plus servie est « {label(totals.idxmax())} » ({int(totals.max())}), la moins servie "
        f"« {label(totals.idxmin())} » ({int(totals.min())})."
    )
    return apply(
        fig,
        "Couverture des étapes du parcours numérique par juridiction",
        height=550,
        name="couverture_des_etapes",
        summary=summary,
    )


def open_horizon(table: pd.DataFrame) -> int:
    """Where the bars of open-ended instruments stop: the latest year a dated instrument reaches (its end, or its
    start), so that no open-ended bar ends before it begins and none reaches beyond the data."""
    return int(pd.concat([table["start_year"], table["end_year"]]).max())


def timeline(instruments: pd.DataFrame, horizon: int | None = None) -> go.Figure:
    """Horizontal bars from start to end year, coloured by jurisdiction (one legend entry each); open-ended ones
    drawn hatched up to ``horizon`` (default: ``open_horizon`` of the data)."""
    table = comparisons.timeline(instruments)
    horizon = open_horizon(table) if horizon is None else horizon
    names = [_short(n, 45) for n in table["name"]]
    fig = go.Figure()
    for code in JURISDICTIONS:
        if not (table["jurisdiction"] == code).any():
            continue
        fig.add_bar(
            x=[None],
            y=[None],
            name=label(code),
            legendgroup=code,
            marker_color=JURISDICTION_COLORS[code],
            hoverinfo="skip",
        )  # legend entry only: a solid square, whatever the jurisdiction's bars
        for open_ended in (False, True):
            rows = table[(table["jurisdiction"] == code) & (table["open_ended"] == open_ended)]
            if rows.empty:
                continue
            start = rows["start_year"].astype(int)
            end = pd.Series(horizon, index=rows.index) if open_ended else rows["end_year"].astype(int)
            fig.add_bar(
                base=start.tolist(),
                x=(end - start + 1).tolist(),
                y=[names[i] for i in rows.index],
                orientation="h",
                name=label(code),
                legendgroup=code,
                showlegend=False,
                marker=dict(
                    color=JURISDICTION_COLORS[code], pattern_shape="/" if open_ended else "", line=dict(width=0)
                ),
                customdata=[
                    [_wrap(n), s, "en cours" if open_ended else e]
                    for n, s, e in zip(rows["name"], start, rows["end_year"])
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>" + label(code) + "<br>%{customdata[1]} – %{customdata[2]}"
                "<extra></extra>",
            )
    fig.add_bar(
        x=[None],
        y=[None],
        name=f"Hachuré : sans date de fin (dessiné jusqu'en {horizon})",
        marker=dict(color="#FFFFFF", pattern_shape="/", pattern_fgcolor="#222222", line=dict(width=1, color="#222222")),
        hoverinfo="skip",
    )
    fig.update_layout(
        barmode="overlay",
        xaxis=dict(title="Année", dtick=2, tickformat="d"),
        yaxis=dict(type="category", categoryorder="array", categoryarray=names[::-1], title=""),
        legend_title="Juridiction",
    )  # category axis: the legend-only traces carry no name
    summary = (
        f"{len(table)} instruments datés, de {int(table['start_year'].min())} à "
        f"{int(table['end_year'].max())} ; {int(table['open_ended'].sum())} n'ont pas de date de fin."
    )
    return apply(
        fig,
        "Calendrier des instruments datés (début et fin)",
        height=750,
        name="calendrier_des_instruments",
        summary=summary,
    )


def advice_vs_funding(instruments: pd.DataFrame) -> go.Figure:
    """Bars: Brussels instruments by support family (advice vs funding), with their names in hover."""
    table = comparisons.advice_vs_funding(instruments)
    names = {r: "<br>".join(ids) for r, ids in table["instruments"].items()}
    fig = go.Figure(
        go.Bar(
            x=[label(f) for f in table.index],
            y=table["count"].tolist(),
            marker_color="#D55E00",
            text=[f"{c} ({fmt_pct(s)})" for c, s in zip(table["count"], table["share"])],
            textposition="outside",
            customdata=[names[f] for f in table.index],
            hovertemplate="%{x} : %{y} instrument(s)<br>%{customdata}<extra></extra>",
        )
    )
    fig.update_layout(yaxis_title="Instruments bruxellois", xaxis_title="Famille du type principal")
    total = int(table["count"].sum())
    counts = ", ".join(f"{label(f).lower()} : {c}" for f, c in table["count"].items())
    summary = f"Les {total} instruments bruxellois selon la famille de leur type principal ({counts})."
    return apply(
        fig,
        f"Bruxelles-Capitale : conseil ou financement ? (type principal des {total} aides)",
        height=450,
        name="bruxelles_conseil_ou_financement",
        summary=summary,
    )


def build_all(
    tables: dict[str, pd.DataFrame],
) -> dict[str, go.Figure]:
    """Every figure of the benchmark keyed by its file stem, drawn from the same rows as in the notebooks (the
    comparisons by jurisdiction count a programme and its parts once: ``comparisons.counting_units``), so that the
    static image a page prints is the chart it shows."""
    instruments = tables["instruments"]
    units = comparisons.counting_units(instruments)
    return {
        "types_par_juridiction": types_by_jurisdiction(units),
        "bruxelles_conseil_ou_financement": advice_vs_funding(instruments),
        "montant_max_par_beneficiaire": max_award_strip(tables),
        "enveloppes_budgetaires": envelopes(instruments),
        "taux_de_cofinancement": cofunding(instruments),
        "echelles_de_financement": funding_ladders(tables),
        "matrice_acces_bruxelles": access_matrix(units),
        "couverture_des_etapes": stage_heatmap(units),
        "calendrier_des_instruments": timeline(instruments),
    }
