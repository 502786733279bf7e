"""Long-format data frames built from the numeric results, for charts, downloads, CLI text and the report.

The numeric modules return plain typed data (numpy arrays, dataclasses, ``StepTable``); this
package and ``analysis.charts`` are the only places in ``analysis/`` that import pandas
(``tests/unit/test_architecture.py`` checks it). One module per area, like ``analysis.charts``.
"""
