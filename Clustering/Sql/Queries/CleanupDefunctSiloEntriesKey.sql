DELETE FROM cluster_membership_silo
WHERE cluster_id = @DeploymentId
  AND status = 6
  AND start_time < @IAmAliveTime
  AND i_am_alive_time < @IAmAliveTime
  AND COALESCE(suspect_times, '') = '';
