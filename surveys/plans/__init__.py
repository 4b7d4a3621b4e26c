"""Plans built on a round's priorities: citizen pledges and action plans.

One set of services for both kinds: drafting from the data, the approval workflow,
versions with comparison, follow-up of commitments and the documents. Nothing here
imports Flask; prose comes from `analysis.drafting` through a `gettext` callable.
"""
