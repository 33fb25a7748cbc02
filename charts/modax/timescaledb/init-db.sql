-- timescaledb/init-db.sql
-- Create database and user
CREATE DATABASE modax;
CREATE USER modax_user WITH PASSWORD 'changeme';
GRANT ALL PRIVILEGES ON DATABASE modax TO modax_user;

-- Connect to modax database
\c modax

-- Enable TimescaleDB extension
CREATE EXTENSION IF NOT EXISTS timescaledb;

-- Grant schema permissions
GRANT ALL ON SCHEMA public TO modax_user;
