"""Hypothesis strategies built from the contracts (private; see :mod:`amplify_fakes.strategies`)."""
