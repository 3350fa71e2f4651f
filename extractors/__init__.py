"""Parsing and extraction: loaders → structure → facts."""
