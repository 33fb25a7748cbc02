"""PLACEHOLDER for the Carbon Nexus Data Core (generated for the chart, not from the document): it
answers the document's health check (GET /health on port 8002) and nothing else. Replace src/ with
the plugin's code."""
from fastapi import FastAPI

app = FastAPI(title="Carbon Nexus Data Core (placeholder)")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "placeholder": "replace with the Data Core"}
