-- The application nodes that are alive: each node refreshes its row while it runs, so nodes can
-- share the processors' segments fairly (ops.SegmentBalancer).
create table node_presence (
    node_id   varchar(255)             not null primary key,
    last_seen timestamp with time zone not null
);
