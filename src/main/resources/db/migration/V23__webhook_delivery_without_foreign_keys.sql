-- A delivery row is written with every change an endpoint subscribes to, and PostgreSQL checks a
-- foreign key by locking the row it names: every delivery locked its endpoint's one row, so
-- concurrent changes shared that lock (a multixact, written to the WAL each time). With both keys
-- the outbox cost a SCIM create twice what it costs without them. Tilegate keeps the two rules
-- itself: the outbox writes a delivery's message first, in the same transaction; deleting an
-- endpoint deletes its deliveries; the daily retention purge removes a delivery whose endpoint
-- was deleted while the change that wrote it was still committing, and an event only once no
-- delivery names it.
ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_endpoint;
ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_message;
