"""Normalisation of numerals, quantities and units (numbers.py); dates live beside it."""
