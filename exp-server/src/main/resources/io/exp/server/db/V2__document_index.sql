-- Lets finds with field filters use an index: JsonbQuery adds a document @? '<path> ? (@ == value)' condition.
CREATE INDEX exp_resource_document ON exp_resource USING GIN (document jsonb_path_ops);
