"""Altair charts, one module per area, kept apart from the numeric modules (which import neither
Altair nor pandas for drawing).

Every function returns a chart object, so tests read ``chart.to_dict()`` and pages render it with
``st.altair_chart``; titles and axis labels are parameters, so a page passes them in the user's
language. Modules: ``embeddings``, ``analogy`` (answers, parallelogram, benchmark evaluations),
``bias``, ``weat``, ``projection`` (Latent space), ``autoencoder``, ``feedback``, ``debias``.
"""
