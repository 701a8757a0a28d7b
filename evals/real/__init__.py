"""Real-material eval: the review run on real published self-evaluation documents (tests/fixtures/real)."""
