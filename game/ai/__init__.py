"""AI players: policies see only what their role may observe."""

from .policies import Policy, PolicyError, make_policy, policy_names

__all__ = ["Policy", "PolicyError", "make_policy", "policy_names"]
