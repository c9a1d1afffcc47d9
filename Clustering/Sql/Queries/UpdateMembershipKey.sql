WITH expected AS
(
    SELECT cluster_id
    FROM cluster_membership_version
    WHERE cluster_id = @DeploymentId
      AND version = @Version
    FOR UPDATE
),
updated AS
(
    UPDATE cluster_membership_silo s
    SET status = @Status,
        suspect_times = @SuspectTimes,
        i_am_alive_time = @IAmAliveTime
    FROM expected e
    WHERE s.cluster_id = e.cluster_id
      AND s.address = @Address
      AND s.port = @Port
      AND s.generation = @Generation
    RETURNING s.cluster_id
),
bumped AS
(
    UPDATE cluster_membership_version v
    SET version = v.version + 1, changed_at = now()
    FROM updated u
    WHERE v.cluster_id = u.cluster_id
    RETURNING v.cluster_id
)
SELECT EXISTS (SELECT 1 FROM bumped) AS "Succeeded";
