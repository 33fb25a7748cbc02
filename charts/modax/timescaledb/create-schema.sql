-- timescaledb/create-schema.sql, written by cdk8s-compose: the MODAX document's Dockerfile copies
-- it as 02-schema.sql but never shows it (see ../README.md). The tables hold what flows over MQTT
-- (mosquitto/acl): field devices' sensor readings and safety status, the AI layer's analysis
-- results and the control commands sent, each a TimescaleDB hypertable on its time column.
-- Runs in database modax (POSTGRES_DB) after 01-init.sql.

CREATE TABLE IF NOT EXISTS devices (
    device_id   TEXT PRIMARY KEY,
    name        TEXT,
    location    TEXT,
    first_seen  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen   TIMESTAMPTZ
);

-- modax/sensor/data
CREATE TABLE IF NOT EXISTS sensor_readings (
    time        TIMESTAMPTZ NOT NULL,
    device_id   TEXT NOT NULL REFERENCES devices (device_id),
    current_a   DOUBLE PRECISION[],
    vibration   JSONB,
    temperature DOUBLE PRECISION[]
);
SELECT create_hypertable('sensor_readings', 'time', if_not_exists => TRUE);
CREATE INDEX IF NOT EXISTS sensor_readings_device_time ON sensor_readings (device_id, time DESC);

-- modax/sensor/safety
CREATE TABLE IF NOT EXISTS safety_status (
    time            TIMESTAMPTZ NOT NULL,
    device_id       TEXT NOT NULL REFERENCES devices (device_id),
    emergency_stop  BOOLEAN NOT NULL,
    door_closed     BOOLEAN NOT NULL,
    overload        BOOLEAN NOT NULL,
    temperature_ok  BOOLEAN NOT NULL
);
SELECT create_hypertable('safety_status', 'time', if_not_exists => TRUE);
CREATE INDEX IF NOT EXISTS safety_status_device_time ON safety_status (device_id, time DESC);

-- modax/ai/analysis
CREATE TABLE IF NOT EXISTS ai_analysis (
    time            TIMESTAMPTZ NOT NULL,
    device_id       TEXT NOT NULL REFERENCES devices (device_id),
    anomaly_score   DOUBLE PRECISION,
    wear_level      DOUBLE PRECISION,
    recommendations JSONB
);
SELECT create_hypertable('ai_analysis', 'time', if_not_exists => TRUE);

-- modax/control/commands
CREATE TABLE IF NOT EXISTS control_commands (
    time        TIMESTAMPTZ NOT NULL,
    device_id   TEXT NOT NULL REFERENCES devices (device_id),
    command     TEXT NOT NULL,
    parameters  JSONB,
    accepted    BOOLEAN NOT NULL
);
SELECT create_hypertable('control_commands', 'time', if_not_exists => TRUE);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO modax_user;
