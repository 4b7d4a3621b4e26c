"""The disclosure-control layer: no figure leaves the domain for a group under the privacy floor.

The floor is read here and in app/config.py only. The web layer and the commands get it as a
`Floor` (`app.config.privacy_floor()`) and hand it to the domain; the domain guards its figures
with `guard`, `guard_parts`, `guard_table` and `guard_relations` and asks the Floor (`hides`,
`too_small`) rather than comparing counts with it. Views, templates, documents and exports
receive guarded `Count`s. tests/surveys/test_disclosure_ownership.py fails when a module
outside the layer starts reading the floor.
"""
