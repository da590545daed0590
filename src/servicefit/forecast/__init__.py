"""Forecasting weekly contacts from an audited history. Pure: no files, no terminal."""
