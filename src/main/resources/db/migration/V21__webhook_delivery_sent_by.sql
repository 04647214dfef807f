-- The node whose sender made a delivery's last try (its job_lock / db-scheduler name): with
-- several nodes, an endpoint that only one of them can reach (a firewall, a proxy) shows it.
ALTER TABLE webhook_delivery ADD COLUMN last_sent_by VARCHAR(255);
