"""The claim catalogue as data, its runner, the report writer and the `geomath` CLI.

geomath never imports this package; a claim here calls geomath and turns its results into
evidence, and the report writer reads evidence only.
"""
