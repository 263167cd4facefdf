"""The synthetic data generator (no real personal data anywhere in Mixflow)."""

from mixflow.testing.synthetic.generator import SynthResult, generate

__all__ = ["SynthResult", "generate"]
