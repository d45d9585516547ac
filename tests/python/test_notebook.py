"""The example notebook runs top to bottom (nbclient), and the plots return
figures with the expected content."""

from __future__ import annotations

import pytest

import kobling
from conftest import DATA, ROOT, require

require("matplotlib")
require("pandas")


def test_example_notebook_executes():
    nbformat = require("nbformat")
    nbclient = require("nbclient")
    require("ipykernel")
    path = ROOT / "examples" / "kickoff.ipynb"
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(html) >= 4 and len(images) >= 4


def test_plots():
    import kobling.plot as kp

    k = kobling.Kickoff.load(DATA / "kickoff_trondelag.json")
    results = k.compare_results()
    fig = kp.wish_rank_histogram(results)
    assert len(fig.axes[0].patches) == 3 * 4  # 3 policies x (3 ranks + unplaced)
    fig = kp.company_fill(results["stable"])
    assert len(fig.axes[0].patches) == 2 * 15
    fig = kp.score_heatmap(k, candidates=10)
    assert fig.axes[0].images[0].get_array().shape == (10, 15)
    fig = kp.policy_comparison(k)
    assert len(fig.axes) == 3
    with pytest.raises(ValueError, match="give at least one result"):
        kp.wish_rank_histogram({})
