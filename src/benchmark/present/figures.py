"""Plotly figure builders (one theme, French labels); ``benchmark.publish.figure_files`` exports them to figures/.

Each builder takes a notebook's ``selection`` (``benchmark.analysis.selection.Selection``; ``None``: the published
choice) and draws only its rows: an unchosen jurisdiction is not drawn (never as a row of zeros), and a builder with
nothing to draw returns ``None`` (``display.show`` shows nothing; the table beside it says why in a sentence). A
figure drawn for another selection than the published one carries no file stem: a page never swaps it for the
published image of ``figures/``."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from benchmark.analysis import comparisons, eligibility
from benchmark.analysis.selection import Selection, resolve
from benchmark.present.formatting import fmt_eur, fmt_lines, fmt_pct
from benchmark.present.theme import (
    COLUMN_LABELS,
    COUNT_SCALE,
    JURISDICTION_COLORS,
    TYPE_COLORS,
    apply,
    label,
)
from benchmark.registry.codes import JURISDICTIONS, NONMARKET_ACCESS

EURO_HOVER = "%{x:,.0f}\u202f€"


def published_name(name: str, selection: Selection | None, level: str | None = "applicable") -> str | None:
    """The figure's file stem for the published selection, else ``None``: every jurisdiction, stage and type, at the
    counting level ``build_all`` draws it at (``level``; ``None`` for a figure drawn from every row whatever the
    level)."""
    return name if resolve(selection).published(level) else None


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


MAX_TICKS = 5  # an axis on a tablet (about 350 px of plot) holds five amounts side by side without turning them


def log_euro_axis(values, below: float, above: float) -> dict:
    """A log axis in euros computed from the data, so that a new amount is never clipped: from ``below`` decades
    under the smallest value to ``above`` decades over the largest (room for the labels written beside the points),
    a tick at powers of ten from the smallest value's decade to the largest's (every other one, or fewer, when
    there are more than ``MAX_TICKS``), written by the one formatter."""
    logs = [math.log10(v) for v in values if v > 0]
    if not logs:
        return dict(type="log")
    low, high = math.floor(min(logs)), math.ceil(max(logs))
    step = math.ceil((high - low + 1) / MAX_TICKS)
    ticks = [10.0**k for k in range(low, high + step, step)]
    return dict(
        type="log",
        range=[min(logs) - below, max(logs) + above],
        tickvals=ticks,
        ticktext=[euro_label(t) for t in ticks],
        tickangle=0,
    )


def linear_euro_axis(largest: float, room: float = 0.0) -> dict:
    """A linear axis in euros from 0 to ``largest`` (plus ``room``, a share of it, for labels), with at most
    ``MAX_TICKS`` round amounts (1, 2 or 5 times a power of ten apart), written by the one formatter: bars read by
    their length start at zero."""
    top = largest * (1 + room) if largest > 0 else 1.0
    power = 10.0 ** math.floor(math.log10(top / MAX_TICKS))
    step = next(m * power for m in (1, 2, 5, 10, 20) if top // (m * power) + 1 <= MAX_TICKS)
    ticks = [step * i for i in range(int(top // step) + 1)]
    return dict(
        type="linear",
        range=[0, top],
        tickvals=ticks,
        ticktext=[euro_label(t) for t in ticks],
        tickangle=0,
        rangemode="tozero",
    )


def _plain(value):
    """A value as JSON data: numpy numbers as Python numbers, a missing value as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def with_data(fig: go.Figure, columns: list[str], rows) -> go.Figure:
    """The chart's data as a reader downloads it (``layout.meta["table"]``, written to a CSV beside the page by
    ``benchmark.publish.data_files``): French headings with their unit, one list per row, numbers as numbers (a
    share in percent), the report's lines where a row is an instrument."""
    meta = dict(fig.layout.meta or {})
    meta["table"] = {"columns": list(columns), "rows": [[_plain(v) for v in row] for row in rows]}
    fig.update_layout(meta=meta)
    return fig


def _lines_of(instruments: pd.DataFrame, ids) -> list[str]:
    """The report's lines of each instrument, as a reader reads them (« L288–L390 ; L1003 »)."""
    lines = instruments.set_index("instrument_id")["source_lines"]
    return [fmt_lines(lines.get(i, "")) for i in ids]


def _pct(share) -> float | None:
    return None if pd.isna(share) else round(float(share) * 100, 6)


def _unit(column: str, unit: str) -> str:
    heading = COLUMN_LABELS[column]
    return heading if unit in heading else f"{heading} ({unit})"


# Percent axes written by the one formatter (« 20 % »), not d3's « 20% ».
PCT_TICKS = dict(tickvals=[i / 5 for i in range(6)], ticktext=[fmt_pct(i / 5) for i in range(6)])


def _short(text: str, width: int = 40) -> str:
    """Shorten a long name for a point label."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def types_by_jurisdiction(instruments: pd.DataFrame, selection: Selection | None = None) -> go.Figure | None:
    """Stacked bars: share of each chosen primary type among each chosen jurisdiction's instruments."""
    shares = comparisons.type_shares(instruments, selection=selection)
    counts = comparisons.type_counts(instruments, selection=selection)
    if counts.empty:
        return None
    x = [label(j) for j in shares.index]
    fig = go.Figure()
    for code in counts.columns:
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
    rows = [
        [label(j), label(code), int(counts.at[j, code]), _pct(shares.at[j, code])]
        for j in shares.index
        for code in counts.columns
        if counts[code].sum() > 0
    ]
    return with_data(
        apply(
            fig,
            "Types d'instruments par juridiction (part du type principal)",
            name=published_name("types_par_juridiction", selection),
            summary=summary,
        ),
        [COLUMN_LABELS["jurisdiction"], COLUMN_LABELS["primary_type"], "Instruments", "Part des instruments (%)"],
        rows,
    )


def max_award_strip(tables: dict[str, pd.DataFrame], selection: Selection | None = None) -> go.Figure | None:
    """Dot plot on a linear axis from zero: the ceilings stated for one organisation (per project or per year, the
    classes that may be ranked together; docs/codebook.md, « Plafonds comparables »), one row per aid labelled with
    its name, coloured by jurisdiction; a filled dot when an ASBL of the jurisdiction can obtain the aid, an open one
    when it cannot or the report does not say. Loans, group projects, trainer days and professional premiums are not
    drawn. With a ``selection``: the ceilings of its jurisdictions, stages and types."""
    table = eligibility.comparable_ceilings(tables, selection=selection)
    if table.empty:
        return None
    order = {j: i for i, j in enumerate(JURISDICTIONS)}
    table = table.assign(o=table["jurisdiction"].map(order)).sort_values(["o", "ceiling_eur"], kind="stable")
    fig = go.Figure()
    for code in JURISDICTIONS:
        rows = table[table["jurisdiction"] == code]
        if rows.empty:
            continue
        can = eligibility.can_obtain(rows)
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
            cliponaxis=False,  # the amount beside the largest point runs into the right margin, never cut
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
    fig.update_layout(
        xaxis=dict(
            **linear_euro_axis(float(table["ceiling_eur"].max()), room=0.3),  # room for the largest dot's amount
            title="Plafond pour une organisation (€)<br>point plein : une ASBL peut l'obtenir",
        ),
        yaxis=dict(title="", autorange="reversed"),
        legend_title="Juridiction",
    )
    top = table.iloc[table["ceiling_eur"].argmax()]
    obtainable = table[eligibility.can_obtain(table)]
    summary = (
        f"{len(table)} aides indiquent un plafond pour une organisation, de {euro_label(table['ceiling_eur'].min())} "
        f"à {euro_label(top['ceiling_eur'])} ({top['name']}) ; une ASBL de la juridiction peut en obtenir "
        f"{len(obtainable)}."
    )
    return with_data(
        apply(
            fig,
            f"Plafond pour une organisation ({len(table)} aides qui l'indiquent, par projet ou par an)",
            height=600,
            name=published_name("montant_max_par_beneficiaire", selection),
            summary=summary,
        ),
        [
            COLUMN_LABELS["name"],
            COLUMN_LABELS["jurisdiction"],
            "Plafond pour une organisation (€)",
            "Plafond de quoi",
            "Une ASBL peut l'obtenir",
            "Conditions",
            COLUMN_LABELS["source_lines"],
        ],
        [
            [
                r.name,
                label(r.jurisdiction),
                r.ceiling_eur,
                label(r.ceiling_class, "ceiling_class"),
                label(r.asbl_access, "asbl_access"),
                "; ".join(r.conditions),
                lines,
            ]
            for r, lines in zip(table.itertuples(), _lines_of(tables["instruments"], table["instrument_id"]))
        ],
    )


def envelopes(instruments: pd.DataFrame, selection: Selection | None = None) -> go.Figure | None:
    """Labelled dots on a log-x axis: whole envelopes (``budget_total_eur``), apart from per-beneficiary amounts.
    The amounts span six orders of magnitude, too wide for bars read by their length (on a log scale a bar's
    length says nothing a lay reader can use): each dot carries its amount, colour and legend give the
    jurisdiction."""
    table = comparisons.budgets(instruments, selection).iloc[::-1]
    if table.empty:
        return None
    names = [_short(n, 45) for n in table["name"]]
    fig = go.Figure()
    for code in JURISDICTIONS:
        rows = table[table["jurisdiction"] == code]
        if rows.empty:
            continue
        fig.add_scatter(
            x=rows["budget_total_eur"].tolist(),
            y=[_short(n, 45) for n in rows["name"]],
            mode="markers+text",
            name=label(code),
            marker=dict(size=12, color=JURISDICTION_COLORS[code], line=dict(width=1, color="#333333")),
            text=[euro_label(v) for v in rows["budget_total_eur"]],
            textposition="middle right",
            textfont_size=11,
            cliponaxis=False,  # the amount beside the largest dot runs into the right margin, never cut
            customdata=[_wrap(n) for n in rows["name"]],
            hovertemplate="<b>%{customdata}</b><br>"
            + label(code)
            + "<br>Enveloppe : "
            + EURO_HOVER
            + "<extra></extra>",
        )
    fig.update_layout(
        xaxis=dict(
            **log_euro_axis(table["budget_total_eur"], below=0.3, above=1.2),  # room for the largest dot's amount
            title="Enveloppe totale<br>(€, échelle logarithmique)",
        ),
        yaxis=dict(type="category", title="", categoryorder="array", categoryarray=names),
        legend_title="Juridiction",
        margin=dict(r=80),
    )
    low, high = table.loc[table["budget_total_eur"].idxmin()], table.loc[table["budget_total_eur"].idxmax()]
    summary = (
        f"{len(table)} instruments indiquent leur enveloppe totale, de {euro_label(low['budget_total_eur'])} "
        f"({low['name']}) à {euro_label(high['budget_total_eur'])} ({high['name']})."
    )
    ordered = table.iloc[::-1]  # the largest first, as the chart reads from the top
    return with_data(
        apply(
            fig,
            "Enveloppes budgétaires totales des instruments (à ne pas comparer aux montants par bénéficiaire)",
            height=550,
            name=published_name("enveloppes_budgetaires", selection, None),
            summary=summary,
        ),
        [COLUMN_LABELS[c] for c in ("name", "jurisdiction", "primary_type")]
        + [_unit("budget_total_eur", "€"), COLUMN_LABELS["source_lines"]],
        [
            [r.name, label(r.jurisdiction), label(r.primary_type), r.budget_total_eur, lines]
            for r, lines in zip(ordered.itertuples(), _lines_of(instruments, ordered["instrument_id"]))
        ],
    )


def cofunding(instruments: pd.DataFrame, selection: Selection | None = None) -> go.Figure | None:
    """Horizontal bars: share of eligible costs each instrument pays, coloured by jurisdiction (with a legend)."""
    table = comparisons.cofunding_rates(instruments, selection).iloc[::-1]
    if table.empty:
        return None
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
        xaxis=dict(
            **PCT_TICKS, range=[0, 1.15], title="Part des coûts éligibles prise en charge"
        ),  # room for « 100 % »
        yaxis=dict(type="category", title="", categoryorder="array", categoryarray=names),
        legend_title="Juridiction",
    )
    summary = (
        f"{len(table)} instruments indiquent la part des coûts qu'ils prennent en charge, de "
        f"{fmt_pct(table['cofunding_rate'].min())} à {fmt_pct(table['cofunding_rate'].max())}."
    )
    ordered = table.iloc[::-1]
    return with_data(
        apply(
            fig,
            "Taux de cofinancement",
            height=450,
            name=published_name("taux_de_cofinancement", selection, None),
            summary=summary,
        ),
        [COLUMN_LABELS[c] for c in ("name", "jurisdiction", "primary_type")]
        + [_unit("cofunding_rate", "%"), COLUMN_LABELS["source_lines"]],
        [
            [r.name, label(r.jurisdiction), label(r.primary_type), _pct(r.cofunding_rate), lines]
            for r, lines in zip(ordered.itertuples(), _lines_of(instruments, ordered["instrument_id"]))
        ],
    )


def funding_ladders(
    tables: dict[str, pd.DataFrame], jurisdictions: tuple[str, ...] | list[str] | None = None
) -> go.Figure | None:
    """Horizontal bars on a linear axis from zero: what one beneficiary can receive at each step of the ladders of
    ``step5_ladders`` (Brussels, Wallonia's DigitalEES path, Québec's TNEC), per beneficiary only: an envelope never
    appears. A reader compares the bars by their length, so the scale is linear. Each step's name and its ceiling
    (for whom, its status) are its axis label (two lines beside the bar, never cut at the end of a long bar on a
    tablet); a step without money keeps its row, labelled « aucun montant par bénéficiaire »; a ceiling for a group's
    pooled project is hatched. ``jurisdictions`` keeps the ladders of those jurisdictions (``None``: every ladder);
    ``None`` is returned when none is left."""
    from benchmark.analysis.step5.journey import funding_ladders as ladder_steps
    from benchmark.present.access import ceiling_text

    every = ladder_steps(tables)
    table = every if jurisdictions is None else every[every["ladder_id"].isin(list(jurisdictions))].copy()
    if table.empty:
        return None
    amounts = table["value_eur"].dropna()
    table["amount"] = [
        "aucun montant par bénéficiaire" if pd.isna(r.value_eur) else ceiling_text(r.figure, r.ceiling_class)
        for r in table.itertuples()
    ]
    table["y"] = [
        f"{label(r.ladder_id)} – {int(r.step)}. {_short(r.name, 38)}<br><i>{r.amount}</i>" for r in table.itertuples()
    ]
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
            text=rows["amount"].tolist(),
            textposition="none",  # written in the row's label
            customdata=[[_wrap(r.name), _wrap(r.why, 60), r.source_lines] for r in rows.itertuples()],
            hovertemplate="<b>%{customdata[0]}</b><br>%{text}<br>%{customdata[1]}<br>Lignes : %{customdata[2]}"
            "<extra></extra>",
        )
    free = table[table["value_eur"].isna()]
    fig.add_scatter(  # the rows of the steps without money: an invisible point at zero, for its label and hover
        x=[0] * len(free),
        y=free["y"].tolist(),
        mode="markers",
        marker=dict(opacity=0),
        showlegend=False,
        customdata=[[_wrap(r.name), _wrap(r.why, 60), r.source_lines] for r in free.itertuples()],
        hovertemplate="<b>%{customdata[0]}</b><br>aucun montant par bénéficiaire<br>%{customdata[1]}<br>Lignes : "
        "%{customdata[2]}<extra></extra>",
    )
    fig.update_layout(
        xaxis=dict(
            **linear_euro_axis(float(amounts.max()) if len(amounts) else 0.0, room=0.05),
            title="Montant maximal pour un bénéficiaire (€)",
        ),
        yaxis=dict(categoryorder="array", categoryarray=table["y"].tolist()[::-1], title=""),
        legend_title="Parcours",
    )
    return with_data(
        apply(
            fig,
            "Ce qu'une organisation peut recevoir à chaque étape (par bénéficiaire ; hachuré : pour un groupe)",
            # the published height for every ladder; the steps of fewer ladders, a shorter chart
            height=560 if len(table) == len(every) else max(280, 560 * len(table) // len(every)),
            name="echelles_de_financement" if len(table) == len(every) else None,
        ),
        ["Parcours", "Étape", "Offre", "Montant maximal pour un bénéficiaire (€)", "Plafond", "Lignes du rapport"],
        [
            [
                label(r.ladder_id),
                int(r.step),
                r.name,
                r.value_eur,
                None if pd.isna(r.value_eur) else r.amount,
                fmt_lines(r.source_lines),
            ]
            for r in table.itertuples()
        ],
    )


def access_matrix(instruments: pd.DataFrame, selection: Selection | None = None) -> go.Figure | None:
    """Heatmap: instruments per accessibility from Brussels × access of non-market organisations."""
    table = comparisons.access_matrix(instruments, selection)
    if table.values.sum() == 0:
        return None
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
    return with_data(
        apply(
            fig,
            "Ce qu'une ASBL bruxelloise peut utiliser : couverture de Bruxelles × accès non marchand",
            height=400,
            name=published_name("matrice_acces_bruxelles", selection),
            summary=summary,
        ),
        [COLUMN_LABELS["covers_brussels"], COLUMN_LABELS["nonmarket_access"], "Instruments"],
        [
            [label(bool(covers)), label(access), int(table.at[covers, access])]
            for covers in table.index
            for access in NONMARKET_ACCESS
        ],
    )


def stage_heatmap(instruments: pd.DataFrame, selection: Selection | None = None) -> go.Figure | None:
    """Heatmap: instruments serving each chosen stage of the digital journey, per chosen jurisdiction (a
    jurisdiction without an instrument in the selection is left out, never drawn as a row of zeros)."""
    table = comparisons.stage_coverage(instruments, selection)
    if table.empty:
        return None
    z = table.values.tolist()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[label(s) for s in table.columns],
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
    if len(table.columns) == 1:
        summary = (
            f"Nombre d'instruments de chaque juridiction qui servent l'étape « {label(table.columns[0])} » "
            f"({int(totals.iloc[0])} en tout)."
        )
    else:
        summary = (
            f"Nombre d'instruments de chaque juridiction qui servent chacune des {len(table.columns)} étapes ; "
            f"l'étape la plus servie est « {label(totals.idxmax())} » ({int(totals.max())}), la moins servie "
            f"« {label(totals.idxmin())} » ({int(totals.min())})."
        )
    return with_data(
        apply(
            fig,
            "Couverture des étapes du parcours numérique par juridiction",
            # the published height for every jurisdiction; fewer rows, a shorter chart (room for the axis titles)
            height=max(250, 550 * len(table) // len(JURISDICTIONS)),
            name=published_name("couverture_des_etapes", selection),
            summary=summary,
        ),
        [COLUMN_LABELS["jurisdiction"], "Étape du parcours numérique", "Instruments"],
        [[label(j), label(stage), int(table.at[j, stage])] for j in table.index for stage in table.columns],
    )


def open_horizon(table: pd.DataFrame) -> int:
    """Where the bars of open-ended instruments stop: the latest year a dated instrument reaches (its end, or its
    start), so that no open-ended bar ends before it begins and none reaches beyond the data."""
    return int(pd.concat([table["start_year"], table["end_year"]]).max())


def timeline(
    instruments: pd.DataFrame, selection: Selection | None = None, horizon: int | None = None
) -> go.Figure | None:
    """Horizontal bars from start to end year, coloured by jurisdiction (one legend entry each); open-ended ones
    drawn hatched up to ``horizon`` (default: ``open_horizon`` of the data)."""
    table = comparisons.timeline(instruments, selection)
    if table.empty:
        return None
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
    return with_data(
        apply(
            fig,
            "Calendrier des instruments datés (début et fin)",
            # the published height for every dated instrument; a selection of a few, a shorter chart
            height=750 if resolve(selection).published(None) else max(300, min(750, 150 + 35 * len(table))),
            name=published_name("calendrier_des_instruments", selection, None),
            summary=summary,
        ),
        [COLUMN_LABELS[c] for c in ("name", "jurisdiction", "start_year", "end_year")]
        + ["Sans date de fin", COLUMN_LABELS["source_lines"]],
        [
            [r.name, label(r.jurisdiction), r.start_year, r.end_year, label(bool(r.open_ended)), lines]
            for r, lines in zip(table.itertuples(), _lines_of(instruments, table["instrument_id"]))
        ],
    )


def advice_vs_funding(instruments: pd.DataFrame, selection: Selection | None = None) -> go.Figure | None:
    """Bars: Brussels instruments by support family (advice vs funding), with their names in hover; ``None`` when
    Brussels is not chosen."""
    table = comparisons.advice_vs_funding(instruments, selection=selection)
    if table.empty or int(table["count"].sum()) == 0:
        return None
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
    return with_data(
        apply(
            fig,
            f"Bruxelles-Capitale : conseil ou financement ? (type principal des {total} aides)",
            height=450,
            name=published_name("bruxelles_conseil_ou_financement", selection, None),
            summary=summary,
        ),
        ["Famille du type principal", "Instruments bruxellois", "Part des instruments bruxellois (%)"],
        [[label(f), int(r["count"]), _pct(r["share"])] for f, r in table.iterrows()],
    )


def build_all(tables: dict[str, pd.DataFrame]) -> dict[str, go.Figure]:
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
