"""Shared helpers with no models: Vietnamese text folding, dates."""
