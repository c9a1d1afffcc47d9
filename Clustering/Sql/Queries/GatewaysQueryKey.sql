SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM cluster_membership_silo
WHERE cluster_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
