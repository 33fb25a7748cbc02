-- timescaledb/init-db.sql
-- Create database and user, when absent: the image's entrypoint has already created both from
-- POSTGRES_DB and POSTGRES_USER / POSTGRES_PASSWORD (a Secret) when it runs this file, and the
-- documented CREATE DATABASE / CREATE USER would stop it with "already exists". The user gets no
-- password here, so none is in the image (departure, see ../README.md).
SELECT 'CREATE DATABASE modax' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'modax')\gexec
SELECT 'CREATE ROLE modax_user LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'modax_user')\gexec
GRANT ALL PRIVILEGES ON DATABASE modax TO modax_user;

-- Connect to modax database
\c modax

-- Enable TimescaleDB extension
CREATE EXTENSION IF NOT EXISTS timescaledb;

-- Grant schema permissions
GRANT ALL ON SCHEMA public TO modax_user;
