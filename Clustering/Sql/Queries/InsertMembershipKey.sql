WITH expected AS
(
    SELECT cluster_id
    FROM cluster_membership_version
    WHERE cluster_id = @DeploymentId
      AND version = @Version
    FOR UPDATE
),
inserted AS
(
    INSERT INTO cluster_membership_silo
        (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT (cluster_id, address, port, generation) DO NOTHING
    RETURNING cluster_id
),
bumped AS
(
    UPDATE cluster_membership_version v
    SET version = v.version + 1, changed_at = now()
    FROM inserted i
    WHERE v.cluster_id = i.cluster_id
    RETURNING v.cluster_id
)
SELECT EXISTS (SELECT 1 FROM bumped) AS "Succeeded";
