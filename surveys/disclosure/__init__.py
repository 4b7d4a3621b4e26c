"""The disclosure-control layer: no figure leaves the domain for a group under the privacy floor."""
