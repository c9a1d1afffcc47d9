-- Cluster membership for the Orleans ADO.NET clustering provider (invariant "Npgsql").
-- The provider loads its statements from orleansquery (see Queries/); the statements
-- read and write the two tables below. Every statement here is safe to run again.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

-- One row per cluster: the membership table version, bumped on every silo row
-- insert or update so that concurrent writers detect each other.
CREATE TABLE IF NOT EXISTS cluster_membership_version
(
    cluster_id text        NOT NULL PRIMARY KEY,
    version    integer     NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port and generation).
-- status holds Orleans' SiloStatus (3 = Active, 6 = Dead); suspect_times is the
-- provider's "silo,time|silo,time" list of suspicions.
CREATE TABLE IF NOT EXISTS cluster_membership_silo
(
    cluster_id      text        NOT NULL REFERENCES cluster_membership_version (cluster_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

CREATE INDEX IF NOT EXISTS cluster_membership_silo_gateways
    ON cluster_membership_silo (cluster_id, status);
