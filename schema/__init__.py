"""Record definitions, JSON Schema, database DDL and the storage module."""
