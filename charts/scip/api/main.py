"""PLACEHOLDER for the SCIP API (generated for the chart, not from the document): it only answers the
health check the document describes (GET /health on port 8000), so the image builds and its probes
pass. Replace this folder with the project's API."""
from fastapi import FastAPI

app = FastAPI(title="SCIP API (placeholder)")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "placeholder": "replace with the SCIP API"}
