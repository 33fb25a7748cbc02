"""PLACEHOLDER for the Carbon Nexus ML Engine (generated for the chart, not from the document): it
answers the document's health check (GET /health on port 8001) and nothing else. Replace src/ with
the plugin's code."""
from fastapi import FastAPI

app = FastAPI(title="Carbon Nexus ML Engine (placeholder)")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "placeholder": "replace with the ML Engine"}
