UPDATE cluster_membership_silo
SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation;
