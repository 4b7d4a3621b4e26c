"""Turning a round's reviewed analysis into breakdowns, comparisons and priorities."""
