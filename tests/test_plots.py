"""Figures draw whatever state a claim's tidy data can be in."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from analysis import plots  # noqa: E402


def test_job_timeline_says_unknown_when_the_applications_file_is_absent():
    # C5 leaves applications empty (unknown, not zero) when Job Applications.csv is missing.
    traces = pd.DataFrame({
        "employer": ["Employer A", "Employer B"],
        "started_on": pd.to_datetime(["2019-03-01", "2021-06-01"], utc=True),
        "evidence": ["no trace", "tie at employer"],
        "applications": [None, None],
        "recruiter_conversations": [0, 1],
        "ties_at_employer": [0, 2],
        "assessable": [True, True],
    })
    fig = plots.job_timeline(traces)
    labels = " ".join(t.get_text() for ax in fig.axes for t in ax.get_yticklabels() + ax.texts)
    assert "unknown appl." in labels
    assert "1 recruiter" in labels and "2 ties" in labels
