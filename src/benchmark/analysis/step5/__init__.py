"""Step 5 analyses, computed from the clean tables (the researchers' decisions are clean tables ``step5_*``, read
from ``data/raw/`` by ``benchmark clean``): the ASBL journey and funding ladders (``journey``), Brussels equivalents
of the peer designs (``equivalents``), the gap analysis by need (``gaps``) and the options with their costs by
analogy, evidence, ranking and its sensitivity (``options``)."""
