"""Read side: small functions taking an engine and returning DataFrames or dataclasses.

Aggregation happens in SQL over indexed columns. One module per domain.
"""
