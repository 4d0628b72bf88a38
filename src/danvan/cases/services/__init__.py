"""Writes to citizen cases. Every function: keyword-only, typed, one transaction."""
