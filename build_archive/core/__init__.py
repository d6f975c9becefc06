"""Shared data types, errors and plumbing every stage may use: the bottom floor."""
