"""Pure helpers the Streamlit pages call: figures form model, live totals/rates/checks, review tables,
eval history. Nothing here imports streamlit (tests/test_layering.py enforces it)."""
