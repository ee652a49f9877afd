"""Pictures of a projection: a self-contained interactive HTML page and static SVG/PNG."""
