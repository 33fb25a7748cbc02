"""PLACEHOLDER for the Carbon Nexus Orchestration Engine (generated for the chart, not from the
document): it answers the document's health check (GET /health on port 8003) and accepts the
WebSockets the document names (/ws/hotspots, /ws/alerts, /ws/recs) without sending anything.
Replace src/ with the plugin's code, which calls ML_ENGINE_URL, DATA_CORE_URL and RAG_SERVICE_URL."""
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI(title="Carbon Nexus Orchestration Engine (placeholder)")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "placeholder": "replace with the Orchestration Engine"}


async def _idle(socket: WebSocket) -> None:
    await socket.accept()
    try:
        while True:
            await socket.receive_text()
    except WebSocketDisconnect:
        pass


for _path in ("/ws/hotspots", "/ws/alerts", "/ws/recs"):
    app.add_api_websocket_route(_path, _idle)
