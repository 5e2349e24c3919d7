"""A bare Flask endpoint, served with the same settings as the portal, as a yardstick."""

from flask import Flask

app = Flask(__name__)


@app.get("/bare")
def bare():
    return "ok"
