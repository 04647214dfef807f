-- No query reads deliveries by status across endpoints any more: the sweep and the failing
-- endpoints' check look per endpoint (webhook_delivery_endpoint), and the retention purge walks
-- the primary key. The index was upkeep on every delivery written and on every try's update.
DROP INDEX webhook_delivery_due;
