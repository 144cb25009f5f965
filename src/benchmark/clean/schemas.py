"""Pandera schemas of the clean tables, derived from the metadata registry (``benchmark.registry``), and the
validation of a set of clean tables: every field check, every cross-field rule, primary and foreign keys — each
failure one located problem naming its row and the fields at fault."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from benchmark import registry
from benchmark.core.errors import DataError, Problem
from benchmark.registry import Field, Resource, Rule


def _present(value) -> bool:
    if isinstance(value, list):
        return True
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


def _list_check(field: Field) -> Callable[[pd.Series], pd.Series]:
    """A list cell: a Python list (a plain string fails), each item a code of the vocabulary / matching the pattern,
    at least ``min_items`` of them; an empty cell passes unless the field is required. A check of the whole column
    (one pass over plain values), which pandera reports cell by cell like an element-wise check."""
    import re

    pattern = re.compile(field.pattern) if field.pattern else None
    enum = frozenset(field.enum) if field.enum is not None else None

    def check(series: pd.Series) -> pd.Series:
        ok = []
        for value, missing in zip(series.tolist(), series.isna().tolist()):
            if not isinstance(value, list):
                ok.append(not field.required and missing)
            elif field.min_items is not None and len(value) < field.min_items:
                ok.append(False)
            else:
                ok.append(
                    all(
                        isinstance(item, str)
                        and (enum is None or item in enum)
                        and (pattern is None or pattern.match(item) is not None)
                        for item in value
                    )
                )
        return pd.Series(ok, index=series.index, dtype=bool)

    return check


def _optional_boolean(series: pd.Series) -> pd.Series:
    """True, false or empty (object cells of the clean table, or pandas' nullable boolean once loaded)."""
    return series.isna() | pd.Series([isinstance(v, bool) for v in series.tolist()], index=series.index, dtype=bool)


def _expected_list(field: Field) -> str:
    parts = ["a list"]
    if field.min_items:
        parts.append(f"of at least {field.min_items} item(s)")
    if field.enum:
        parts.append(f"of codes in {list(field.enum)}")
    elif field.pattern:
        parts.append(f"of items matching {field.pattern}")
    return " ".join(parts)


def _column(field: Field, unique: bool):
    import pandera.pandas as pa

    checks = []
    dtype: Any = None
    if field.type == "list":
        checks.append(pa.Check(_list_check(field), error=_expected_list(field)))
    elif field.type == "boolean":
        if field.required:
            dtype = bool
        else:  # true, false or empty: object cells (clean) or pandas' nullable boolean (loaded)
            checks.append(pa.Check(_optional_boolean, error="true, false or empty"))
    elif field.type == "integer":
        dtype = "int64" if field.required else "Int64"
    elif field.type == "number":
        dtype = float
    else:
        dtype = str
    if field.type != "list":
        if field.enum is not None:
            checks.append(pa.Check.isin(field.enum))
        if field.pattern is not None:
            checks.append(pa.Check.str_matches(field.pattern))
        if field.minimum is not None:
            checks.append(pa.Check.ge(field.minimum))
        if field.maximum is not None:
            checks.append(pa.Check.le(field.maximum))
        if field.exclusive_minimum is not None:
            checks.append(pa.Check.gt(field.exclusive_minimum))
    return pa.Column(dtype, checks=checks, nullable=not field.required, unique=unique, required=True)


def _rule_check(rule: Rule):
    import pandera.pandas as pa

    return pa.Check(rule.check, name=rule.name, error=rule.error)


def build_schema(table: Resource, fields: list[Field]):
    """The pandera schema of one registered table: a column per field, a dataframe check per cross-field rule."""
    import pandera.pandas as pa

    single_key = table.primary_key if len(table.primary_key) == 1 else ()
    columns = {f.name: _column(f, unique=f.name in single_key or f.name in table.unique) for f in fields}
    return pa.DataFrameSchema(columns, checks=[_rule_check(r) for r in table.rules], strict=False, name=table.name)


def schema(name: str):
    """The pandera schema of registered table ``name``, built from the registry as it stands."""
    return build_schema(registry.resource(name), registry.fields_of(name))


# --- locating problems --------------------------------------------------------------------------------------


def _locate(table: str, frame: pd.DataFrame, index, raw) -> dict:
    """Where a clean row comes from: the inventory row of its instrument, when there is one."""
    if index is None or pd.isna(index):
        return dict(file=f"data/clean/{table}.csv", row=None)
    i = int(index)
    if raw is not None and table == "instruments":
        hit = raw.inventories[raw.inventories["instrument_id"] == frame["instrument_id"].iat[i]]
        if not hit.empty:
            r = hit.iloc[0]
            return dict(file=r["_file"], sheet=r["_sheet"], row=int(r["_row"]))
    return dict(file=f"data/clean/{table}.csv", row=i + 2)


def _shown(frame: pd.DataFrame, i: int, fields: tuple[str, ...]) -> str:
    return ", ".join(f"{f}={frame[f].iat[i]!r}" for f in fields if f in frame.columns)


def schema_problems(name: str, frame: pd.DataFrame, raw=None) -> list[Problem]:
    """Every field check and cross-field rule of table ``name`` on ``frame``: one problem per failing cell, and one
    per row that breaks a rule, naming that rule's fields only."""
    import pandera.pandas as pa

    table = registry.resource(name)
    frame = frame.reset_index(drop=True)
    problems: list[Problem] = []
    missing = [c for c in table.fields if c not in frame.columns]
    for column in missing:
        problems.append(Problem(f"data/clean/{name}.csv", "registered column is missing", column=column))
    unregistered = [c for c in frame.columns if c not in table.fields]
    for column in unregistered:
        problems.append(
            Problem(
                f"data/clean/{name}.csv",
                "column is not registered: add it to benchmark/metadata (fields.py and the table in resources.py)",
                column=str(column),
            )
        )
    if missing:
        return problems
    rules = {r.error: r for r in table.rules}
    try:
        schema(name).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        seen_rule_rows: set[tuple[str, int]] = set()
        for case in err.failure_cases.to_dict("records"):
            check = str(case.get("check"))
            index = case.get("index")
            rule = rules.get(check)
            if rule is not None:
                if index is None or pd.isna(index):  # the rule itself raised: say so once
                    key = (rule.name, -1)
                    if key not in seen_rule_rows:
                        seen_rule_rows.add(key)
                        problems.append(
                            Problem(
                                f"data/clean/{name}.csv",
                                f"{name}: rule {rule.name} could not run ({case.get('failure_case')})",
                                column=", ".join(rule.fields),
                            )
                        )
                    continue
                key = (rule.name, int(index))
                if key in seen_rule_rows:  # pandera lists a failing row once per column; the rule is one problem
                    continue
                seen_rule_rows.add(key)
                problems.append(
                    Problem(
                        message=f"{name}: expected {rule.message} (rule {rule.name})",
                        column=", ".join(rule.fields),
                        value=_shown(frame, int(index), rule.fields),
                        **_locate(name, frame, index, raw),
                    )
                )
                continue
            expected = {"not_nullable": "a value (the cell is empty)", "field_uniqueness": "a unique value"}.get(
                check, check
            )
            problems.append(
                Problem(
                    message=f"{name}: expected {expected}",
                    column=case.get("column"),
                    value=case.get("failure_case"),
                    **_locate(name, frame, index, raw),
                )
            )
    problems += _composite_key_problems(name, table, frame, raw)
    return problems


def _composite_key_problems(name: str, table: Resource, frame: pd.DataFrame, raw) -> list[Problem]:
    key = list(table.primary_key)
    if len(key) < 2:
        return []
    duplicated = frame.duplicated(key, keep="first")
    return [
        Problem(
            message=f"{name}: expected a unique primary key ({', '.join(key)})",
            column=", ".join(key),
            value=_shown(frame, int(i), table.primary_key),
            **_locate(name, frame, i, raw),
        )
        for i in frame.index[duplicated]
    ]


def foreign_key_problems(
    tables: dict[str, pd.DataFrame], raw=None, references: dict[str, pd.DataFrame] | None = None
) -> list[Problem]:
    """Every declared foreign key of ``tables`` whose referenced table is given (in ``tables`` or ``references``):
    each non-empty value (each item of a list) names a row of the referenced table."""
    problems = []
    targets = {**(references or {}), **tables}
    for name, frame in tables.items():
        if name not in registry.RESOURCES:
            continue
        frame = frame.reset_index(drop=True)
        for fk in registry.resource(name).foreign_keys:
            if fk.reference not in targets or any(f not in frame.columns for f in fk.fields):
                continue
            reference = targets[fk.reference]
            known = set(zip(*(reference[f].tolist() for f in fk.reference_fields)))
            target = f"{fk.reference}.{', '.join(fk.reference_fields)}"
            columns = [frame[f].tolist() for f in fk.fields]
            if len(columns) == 1:  # one field: only the rows holding a value the reference lacks are looked at
                single = {k[0] for k in known}
                try:
                    suspects: list[int] | range = [
                        i for i, v in enumerate(columns[0]) if type(v) is list or v not in single
                    ]
                except TypeError:  # an unhashable cell: every row is looked at
                    suspects = range(len(frame))
            else:
                suspects = range(len(frame))
            for i in suspects:
                values = tuple(column[i] for column in columns)
                items = values[0] if len(values) == 1 and isinstance(values[0], list) else [values]
                for item in items:
                    key = item if isinstance(item, tuple) else (item,)
                    if not all(_present(v) for v in key) or key in known:
                        continue
                    problems.append(
                        Problem(
                            message=f"{name}: {', '.join(fk.fields)} names no row of {target}",
                            column=", ".join(fk.fields),
                            value=key[0] if len(key) == 1 else key,
                            **_locate(name, frame, i, raw),
                        )
                    )
    return problems


def table_problems(
    tables: dict[str, pd.DataFrame], raw=None, references: dict[str, pd.DataFrame] | None = None
) -> list[Problem]:
    """Schema problems of every given table, then their foreign keys (to one another or to ``references``)."""
    problems: list[Problem] = []
    for name, frame in tables.items():
        problems += schema_problems(name, frame, raw)
    return problems + foreign_key_problems(tables, raw, references)


def validate_tables(
    tables: dict[str, pd.DataFrame], raw=None, references: dict[str, pd.DataFrame] | None = None
) -> None:
    """Every registered rule of the given tables (and, with the raw sources, the euro conversions); one
    ``DataError`` with every problem. ``references`` are tables already validated that foreign keys may name."""
    problems = table_problems(tables, raw, references)
    if raw is not None and "amounts" in tables:
        rates = {r["currency"]: float(r["eur_per_unit"]) for r in raw.currency.to_dict("records")}
        problems += check_euro_values(tables["amounts"], rates)
    if problems:
        raise DataError(problems)


def check_euro_values(amounts: pd.DataFrame, eur_per_unit: dict[str, float]) -> list[Problem]:
    """``value_eur`` = ``value`` × the declared rate of its currency (to the cent)."""
    problems = []
    rows = zip(amounts["value"].tolist(), amounts["currency"].tolist(), amounts["value_eur"].tolist())
    for i, (value, currency, value_eur) in enumerate(rows):  # plain values: no pandas row per amount
        expected = round(value * eur_per_unit[currency], 2)
        if abs(value_eur - expected) > 0.005:
            problems.append(
                Problem(
                    "data/clean/amounts.csv",
                    f"value_eur should be {expected}",
                    row=i + 2,
                    column="value_eur",
                    value=value_eur,
                )
            )
    return problems
