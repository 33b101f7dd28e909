"""The fake service's semantics: state, clock, jobs and one handler module per family (private)."""
