"""Benchmark of the instruments that support the digitalisation of non-market organisations.

The package turns the raw sources of ``data/raw/`` into the validated clean tables of ``data/clean/``
and builds the figures and reports of the study (step 3 of the COCOF study, February 2024 report).
"""

__version__ = "0.1.0"
