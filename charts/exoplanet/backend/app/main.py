"""PLACEHOLDER for the exoplanet backend (generated for the chart, not from the document): a FastAPI
app at `app.main:app` answering GET /health on port 8000, as the document's Dockerfile and health
check expect, and reporting whether Redis answers and whether MODEL_PATH holds any files. Replace
backend/app with the project's application."""
import os

import redis
from fastapi import FastAPI

app = FastAPI(title="Exoplanet backend (placeholder)")


def _redis() -> redis.Redis:
    return redis.Redis(
        host=os.environ.get("REDIS_HOST", "redis"),
        port=int(os.environ.get("REDIS_PORT", "6379")),
        password=os.environ.get("REDIS_PASSWORD") or None,
        socket_timeout=2,
    )


@app.get("/health")
def health() -> dict[str, object]:
    try:
        redis_ok = bool(_redis().ping())
    except redis.RedisError:
        redis_ok = False
    model_path = os.environ.get("MODEL_PATH", "/app/models")
    models = sorted(os.listdir(model_path)) if os.path.isdir(model_path) else []
    return {"status": "ok", "placeholder": True, "redis": redis_ok, "models": len(models)}
