"""A persistent, embedded graph store: Oxigraph on disk, plus the index that makes it
incremental (``kg build … --store DIR``).

* ``layout`` — the folder, its compatibility record, generations (crash safety) and locks;
* ``index`` — per-document summaries and per-key counts (SQLite);
* ``writer`` — documents in, nodes kept current, canonical export;
* ``graphs`` — what the reading commands open: a store or RDF files alike.
"""
