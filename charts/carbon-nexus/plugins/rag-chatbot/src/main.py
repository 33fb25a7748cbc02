"""PLACEHOLDER for the Carbon Nexus RAG Chatbot (generated for the chart, not from the document): it
answers the document's health check (GET /api/health on port 8004) and nothing else. Replace src/
with the plugin's code."""
from fastapi import FastAPI

app = FastAPI(title="Carbon Nexus RAG Chatbot (placeholder)")


@app.get("/api/health")
def health() -> dict[str, str]:
    return {"status": "ok", "placeholder": "replace with the RAG Chatbot"}
