DELETE FROM cluster_membership_version
WHERE cluster_id = @DeploymentId;
