"""Matching engine: a pure library (numpy, scipy, numba) with no Django import."""
