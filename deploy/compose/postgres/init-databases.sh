#!/bin/bash
# Runs once, when the PostgreSQL volume is empty: the role the services use and one database per service
# (each service's Flyway creates its tables). The password comes from the environment, never from this file.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username postgres --dbname postgres \
  --set=password="$ORBITLEND_DB_PASSWORD" <<'SQL'
CREATE ROLE orbitlend LOGIN PASSWORD :'password';
CREATE DATABASE orbitlend_kyc OWNER orbitlend;
CREATE DATABASE orbitlend_loan OWNER orbitlend;
CREATE DATABASE orbitlend_marketplace OWNER orbitlend;
CREATE DATABASE orbitlend_gateway OWNER orbitlend;
SQL
