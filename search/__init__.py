"""Hybrid lexical + dense search over sentences and facts."""
