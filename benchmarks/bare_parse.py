"""The baseline: a bare libyaml parse of a file (PyYAML's C loader), nothing else."""

import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    yaml.load(f, Loader=yaml.CSafeLoader)
