"""Streamlit helpers shared by the pages: data access with caching, sidebar filters, chrome.

The only part of the package that imports Streamlit; pages call these and the pure
modules, and stay layout only.
"""
