"""Studies: the experiments and figures of one chapter each."""
