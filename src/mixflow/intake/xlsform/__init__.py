"""Mixflow's XLSForm engine: parse (``parse``), model (``model``), the one XPath evaluator
(``xpath``), answer validation (``validate``), OpenRosa instances (``instance``) and the ``mixflow``
mapping column's vocabulary (``mapping_targets``)."""
