"""Renderers of lesson steps 6–8: autoencoder experiments (with progress, time left and Stop),
feedback loops with the loop diagram, and the bias taxonomy cards."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis import lesson_models as models
from analysis.charts.autoencoder import error_over_k_chart, gd_variants_chart
from analysis.images import image_grid
from app import state
from app.components.lesson_frame import full_page_link, num, progress_with_eta
from app.i18n import t

PARTS = ("pca", "colour", "gd", "k")  # step 6's experiments, in the lecture's order (?part=gd)
PART_KEY = "lesson.part"
STOPPED_KEY = "lesson.stopped"  # session_state: experiments the user stopped (not restarted on rerun)
CHART_HEIGHT = 230  # px: a chart plus the texts of a step fit 1280×720 in presenter mode


def _experiment(part: str, defaults, run, device: str):
    """The cached result of ``run(defaults, device, progress)``, or computed now with a bar and Stop.

    Pressing Stop reruns the page, which abandons the computation at its next progress update
    (nothing is cached); the next run remembers the stop and offers Run instead of restarting.
    """
    key = ("lesson", part, defaults, device)
    result = state.lesson_cached(key)
    if result is not None:
        return result
    stopped = st.session_state.setdefault(STOPPED_KEY, set())
    if part in stopped:
        st.info(t("lesson.stopped"))
        if not st.button(t("lesson.run"), key=f"lesson.run.{part}"):
            return None
        stopped.discard(part)
    if st.button(t("lesson.stop"), key=f"lesson.stop.{part}"):
        stopped.add(part)
        st.rerun()
    update, bar = progress_with_eta(t(f"lesson.step6.part.{part}") if part in PARTS else t("lesson.computing", n=7))
    result = state.lesson_result(key, lambda: run(defaults, device, update))
    bar.empty()
    return result


def prewarm_jobs(device: str) -> dict:
    """The step 6–7 results worth computing in the background when the lesson opens (same keys as below)."""
    return {
        ("lesson", "pca", models.LinearPcaDefaults(), device): lambda: models.linear_pca_step(device=device),
        ("lesson", "feedback", "presets", "cpu"): lambda: models.feedback_step(),
    }


def _pick_part() -> str:
    if st.session_state.get(PART_KEY) not in PARTS:
        wanted = st.query_params.get("part")
        st.session_state[PART_KEY] = wanted if wanted in PARTS else PARTS[0]
    labels = {p: t(f"lesson.step6.part.{p}") for p in PARTS}
    part = st.segmented_control(" ", PARTS, format_func=labels.__getitem__, key=PART_KEY, label_visibility="collapsed") or PARTS[0]
    if st.query_params.get("part") != part:
        st.query_params["part"] = part
    return part


def step6(device: str) -> None:
    part = _pick_part()
    if part == "pca":
        r = state.lesson_result(("lesson", "pca", models.LinearPcaDefaults(), device), lambda: models.linear_pca_step(device=device))
        st.markdown(t("lesson.step6.pca", k=r.k, epochs=r.epochs, angle=num(r.max_angle_deg, 2), ae=num(r.ae_mse, 4), pca=num(r.pca_mse, 4)))
    elif part == "colour":
        defaults = models.BottleneckDefaults()
        r = _experiment(part, defaults, lambda d, dev, p: models.bottleneck_step(d, dev, p), device)
        if r is not None:
            st.image(image_grid(r.originals, r.reconstructions, zoom=3, gap=2))
            st.caption(t("lesson.step6.colour", n=num(r.samples, 0), epochs=len(r.losses) - 1, loss=num(r.losses[-1], 4)))
    elif part == "gd":
        runs = _experiment(part, models.GdDefaults(), lambda d, dev, p: models.gd_step(d, dev, p), device)
        if runs is not None:
            named = [replace(run, variant=t(f"lesson.step6.variant.{run.variant}")) for run in runs]
            chart = gd_variants_chart(named, x_title=t("lesson.step6.epoch"), y_title=t("lesson.step6.gd_axis"))
            st.altair_chart(chart.properties(height=CHART_HEIGHT), width="stretch")
    else:
        results = _experiment(part, models.OverKDefaults(), lambda d, dev, p: models.over_k_step(d, dev, p), device)
        if results:
            chart = error_over_k_chart(results, ae_label=t("lesson.step6.ae"), pca_label="PCA", x_title="k", y_title=t("lesson.step6.mse"))
            st.altair_chart(chart.properties(height=CHART_HEIGHT), width="stretch")
    full_page_link("autoencoder.py", autoencoder_query(part))


def autoencoder_query(part: str) -> dict[str, str]:
    """The Autoencoder page's URL for step 6's ``part``: its data source and the experiment's config."""
    from app.components.autoencoder_settings import URL_PARAM

    config, source = {
        "pca": (models.linear_pca_config(), "digits"),
        "colour": (models.bottleneck_config(), "photos"),
        "gd": (models.gd_config(), "digits"),
        "k": (models.over_k_config(), "digits"),
    }[part]
    values = {
        "source": source, "latent": config.latent_dim, "hidden": ", ".join(map(str, config.hidden)), "scaling": config.scaling,
        "activation": config.activation, "output_activation": config.output_activation, "loss": config.loss,
        "optimizer": config.optimizer, "lr": config.lr, "epochs": config.epochs, "batch_size": config.batch_size, "seed": config.seed,
    }
    if part == "gd":  # the comparison's own inputs (epochs per variant, mini-batch size, digits used)
        gd = models.GdDefaults()
        values.update(gd_epochs=gd.epochs, gd_mini_batch=gd.mini_batch, gd_max_samples=gd.samples)
    return {URL_PARAM[name]: str(value) for name, value in values.items()}


def loop_diagram() -> None:
    """The users ↔ recommender ↔ publishers loop (Graphviz, labels in the current language)."""
    st.graphviz_chart(models.feedback_loop_dot({k: t(f"lesson.loop.{k}") for k in models.LOOP_LABELS}))


def step7() -> None:
    r = _experiment("feedback", "presets", lambda _d, _dev, p: models.feedback_step(progress=p), "cpu")
    if r is None:
        return
    left, right = st.columns([2, 3])
    with left:
        loop_diagram()
    frame = pd.DataFrame(
        {
            t("lesson.col.metric"): [t(f"lesson.step7.metric.{m}") for m in models.FEED_METRICS],
            t("lesson.col.engagement"): [num(r.engagement[m]) for m in models.FEED_METRICS],
            t("lesson.col.random"): [num(r.random[m]) for m in models.FEED_METRICS],
        }
    )
    right.table(frame.set_index(t("lesson.col.metric")))
    right.markdown(t("lesson.step7.urn", runs=num(r.policing_runs, 0), share=num(100 * r.policing_share, 0), true=num(100 * r.policing_true, 0)))
    full_page_link("feedback_loop.py", feedback_query())


def feedback_query() -> dict[str, str]:
    """The Feedback-loop page's URL for step 7: the engagement feed compared with the random feed."""
    from analysis.feedback.compare import Comparison
    from analysis.feedback.config import preset
    from app.components.feedback_link import link_query

    return link_query("engagement feed", preset("engagement feed"), Comparison(mode="preset", preset="random feed"))


def step8() -> None:
    cards = models.taxonomy_cards()
    columns = st.columns(2)  # a 2 × 2 grid: wide cards stay short enough for 1280×720
    for i, card in enumerate(cards):
        with columns[i % 2].container(border=True, key=f"lesson-card-{card.key}"):  # key: compact CSS on short screens
            st.markdown(f"**{t(f'lesson.case.{card.key}.title')}** · _{t(f'lesson.kind.{card.kind}')}_")
            st.markdown(t(f"lesson.case.{card.key}.summary"))
            st.caption(t("lesson.case.source", source=f"[{card.cite}]({card.url})"), help=card.source)
