#!/bin/bash
# Run once by the postgres image when it creates the primary's database (docker-entrypoint-initdb.d):
# lets the read replica (docker-compose.yml, profile "replica") stream from it with the same password.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
