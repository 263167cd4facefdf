"""Indicative profiling: rules kept as versioned data, evaluated over screening answers.

Django-free: ``answers`` names what a rule may read (the registration questionnaire's fields),
``conditions`` is the small rule language, ``rules`` loads, checks and runs a rule set. A flag
is evidence for a specialist, never a status: nothing here writes, refuses or shares anything.
"""
